import { describe, expect, it } from 'vitest';
import { black76Greeks, black76Price, bsmGreeks, bsmPrice, inverseOptionGreeks, MarginInputError, normalPdf, yearFraction } from '../../src/index.js';

const codeAt = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof MarginInputError) return e.issues.map((i) => `${i.code}@${[i.argument, ...i.path].join('.')}`);
    throw e;
  }
  return [];
};

// Property of the contract (README.md, "Errors" and "The numeric contract"): bad numbers never come back as NaN; they are a
// typed error at the argument's name.
describe('public pricers reject non-finite and out-of-domain arguments', () => {
  it('black76Price / black76Greeks / inverseOptionGreeks', () => {
    expect(codeAt(() => black76Price('call', NaN, 100, 1, 0.2, 0))).toEqual(['invalid_value@forward']);
    expect(codeAt(() => black76Price('put', 100, -1, 1, 0.2, 0))).toEqual(['invalid_value@strike']);
    expect(codeAt(() => black76Price('put', 100, 100, Infinity, 0.2, 0))).toEqual(['invalid_value@years']);
    expect(codeAt(() => black76Greeks('call', 100, 100, 1, -0.2, 0))).toEqual(['negative_vol@vol']);
    expect(codeAt(() => black76Greeks('call', 100, 100, 1, 0.2, NaN))).toEqual(['invalid_value@rate']);
    expect(codeAt(() => inverseOptionGreeks('straddle' as 'call', 100, 100, 1, 0.2, 0))).toEqual(['invalid_value@right']);
    expect(codeAt(() => inverseOptionGreeks('call', 0, 100, 1, 0.2, 0))).toEqual(['invalid_value@forward']);
  });
  it('bsmPrice / bsmGreeks check carry too', () => {
    expect(codeAt(() => bsmPrice('call', 100, 100, 1, 0.05, NaN, 0.2))).toEqual(['invalid_value@carry']);
    expect(codeAt(() => bsmGreeks('call', 100, 100, 1, 0.05, 0, NaN))).toEqual(['invalid_value@vol']);
  });
  it('normalPdf and yearFraction', () => {
    expect(codeAt(() => normalPdf(NaN))).toEqual(['invalid_value@x']);
    expect(codeAt(() => yearFraction(0, NaN))).toEqual(['invalid_timestamp@toMs']);
  });
  it('valid edge inputs still price: expired, zero vol, zero strike', () => {
    expect(black76Price('call', 110, 100, -1, 0.2, 0)).toBe(10);
    expect(black76Price('put', 90, 100, 1, 0, 0)).toBe(10);
    expect(black76Price('call', 100, 0, 1, 0.2, 0)).toBe(100);
  });
});
