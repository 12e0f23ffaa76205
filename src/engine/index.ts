export * from './MarginEngine.js';
export * from './createMarginEngine.js';
