export * from './MarginInputError.js';
export { LIMITS } from './fields.js';
export * from './instrumentSchema.js';
export * from './portfolioSchema.js';
export * from './marketSchema.js';
export * from './toMarginIssues.js';
export * from './parse.js';
export * from './checkAccount.js';
export * from './InputOf.js';
