export * from './HealthParameters.js';
export * from './closedFormLiquidationPrice.js';
export * from './perpLiquidationSize.js';
export * from './auctionMaxFraction.js';
export * from './adlRanking.js';
export * from './HealthFlag.js';
export * from './accountStatus.js';
// assessmentFrom stays internal (shared with simulate).
export { assessAccount, safeAssessAccount, type AccountAssessment, type AssessmentParameters, type IsolatedAssessment, type MarginRatios } from './assessAccount.js';
export * from './liquidationPrices.js';
export * from './reductionPlan.js';
export { HEALTH_LIMITS } from './healthLimits.js';
export * from './simulate.js';
export * from './compareMarginModes.js';
export * from './EvaluationContext.js';
