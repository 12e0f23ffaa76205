export * from './InstrumentValuation.js';
export * from './valueInstrument.js';
