export * from './ExposureReport.js';
export * from './netExposure.js';
