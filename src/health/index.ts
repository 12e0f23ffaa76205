export * from './HealthParameters.js';
export * from './closedFormLiquidationPrice.js';
export * from './perpLiquidationSize.js';
export * from './auctionMaxFraction.js';
export * from './adlRanking.js';
export * from './HealthFlag.js';
export * from './accountStatus.js';
export * from './assessAccount.js';
