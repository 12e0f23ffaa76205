export * from './CollateralParameters.js';
export { haircutValue } from './haircutValue.js';
export { borrowCharge } from './borrowCharge.js';
export * from './valueCollateral.js';
export * from './accountEquity.js';
export * from './fundingPayment.js';
export * from './settleExpired.js';
