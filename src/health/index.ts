export * from './HealthParameters.js';
export * from './closedFormLiquidationPrice.js';
export * from './perpLiquidationSize.js';
export * from './auctionMaxFraction.js';
export * from './adlRanking.js';
