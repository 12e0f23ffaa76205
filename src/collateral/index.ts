export * from './CollateralParameters.js';
export { haircutValue } from './haircutValue.js';
export { borrowCharge } from './borrowCharge.js';
// collateralValuation and equityBreakdown stay internal (shared with the health assessment).
export { valueCollateral, DEFAULT_DECIMALS, type CollateralLine, type CollateralValuation } from './valueCollateral.js';
export { accountEquity, type AccountEquity, type PositionEquity } from './accountEquity.js';
export * from './fundingPayment.js';
export * from './settleExpired.js';
