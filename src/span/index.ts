export * from './SpanFile.js';
export * from './riskArrayValues.js';
export * from './parseSpanFile.js';
export * from './SpanPosition.js';
export * from './SpanRequirementResult.js';
export * from './spanRequirement.js';
export * from './spanRequirementFromText.js';
export * from './spanMarginInputs.js';
