export * from './decimal.js';
export * from './rounding.js';
export * from './fromFloat.js';
