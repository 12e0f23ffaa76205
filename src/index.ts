/**
 * portfolio-margin: exact, explainable portfolio margin for futures, perpetuals, European options and
 * multi-asset collateral. Pure functions; no I/O.
 *
 * Re-exports only: the public API at a glance.
 */
export * from './numeric/index.js';
export * from './schema/index.js';
export * from './pricing/index.js';
export * from './valuation/index.js';
export * from './exposure/index.js';
export * from './scenarios/index.js';
export * from './margin/index.js';
export * from './presets/index.js';
// Not in the presets entry (plain data, no zod): the converter validates, so it lives in the root entry only.
export { fromDeribitModelParams, DERIBIT_EXTENDED_MOVES, DERIBIT_PME_SIMULATE_URL, type DeribitModelOptions } from './presets/fromDeribitModelParams.js';
export * from './collateral/index.js';
export * from './health/index.js';
export * from './engine/index.js';
export * from './kernel/index.js';
export * from './span/index.js';
