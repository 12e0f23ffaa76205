export * from './ScenarioSpec.js';
export * from './ScenarioSet.js';
export * from './priceRange.js';
export * from './shockVol.js';
export * from './buildScenarioSet.js';
export * from './RiskArrays.js';
export * from './buildRiskArrays.js';
export * from './suppliedRiskArrays.js';
