export * from './MarginEngine.js';
export * from './createMarginEngine.js';
export type { MarginEngineOptions, SuppliedRiskArraysOption } from './MarginEngineOptions.js';
