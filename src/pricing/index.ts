export * from './normalCdf.js';
export * from './black76.js';
export * from './bsm.js';
export * from './inverseOption.js';
export * from './impliedVol.js';
export * from './yearFraction.js';
export * from './svi.js';
