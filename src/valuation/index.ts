export * from './InstrumentValuation.js';
// Listed by name: the module also exports the memo helpers the library's own callers share (internal).
export { expiryRate, forwardPrice, valueInstrument } from './valueInstrument.js';
