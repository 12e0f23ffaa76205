import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_FLOATS, aggregatedFloat, aggregatedPnl, FLOAT_ARITHMETIC, packFloatTerms, type AggregateTerms } from '../../src/margin/aggregateRules.js';

/** aggregatedFloat of `x` under the terms `t` (undefined: no rule), packed as the scans read them, at an offset. */
function floatRule(x: number, t: AggregateTerms<number> | undefined): number {
  const packed = new Float64Array(3 * AGGREGATE_FLOATS).fill(NaN);
  packFloatTerms(t, packed, AGGREGATE_FLOATS);
  return aggregatedFloat(x, packed, AGGREGATE_FLOATS);
}

/**
 * aggregatedFloat is the generic aggregatedPnl over FLOAT_ARITHMETIC with its operations written out
 * (the float search of both layers calls it): it must return the same float, bit for bit (Object.is:
 * -0 and NaN included), for every input, or the two layers' float searches would see a different rule
 * from the one the exact recheck applies. The terms are packed (an absent term as its neutral value,
 * no rule as the identity), so the property covers the packing too.
 */
describe('aggregatedFloat: the generic rule over floats, bit for bit', () => {
  it('hand cases: the deribit-pm grid rule (gains kept at factor 0, capped at 0) and a tail dampener', () => {
    const grid: AggregateTerms<number> = { gainFactor: 0, gainCap: 0 };
    expect(floatRule(5, grid)).toBe(0); // min(0 x 5, 0) = 0
    expect(floatRule(-5, grid)).toBe(-5); // a loss without relief is unchanged
    const tail: AggregateTerms<number> = { gainFactor: 0, lossRelief: 312500 };
    expect(floatRule(-400000, tail)).toBe(-87500); // min(0, -400000 + 312500)
    expect(floatRule(-100, tail)).toBe(0); // min(0, -100 + 312500)
    expect(floatRule(10, { gainFactor: 0.5, gainRelief: 4, gainCap: 2 })).toBe(2); // min(0.5 x max(0, 10 - 4), 2) = min(3, 2)
    expect(floatRule(10, { gainFactor: 0.5, gainRelief: 4 })).toBe(3);
  });

  it('property: any float (NaN, -0, infinities) and any terms, the same float as aggregatedPnl(FLOAT_ARITHMETIC)', () => {
    const x = fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1), fc.integer({ min: -1000, max: 1000 }));
    const term = fc.option(x, { nil: undefined });
    const terms = fc.record({ gainFactor: x, gainCap: term, gainRelief: term, lossRelief: term }).map((t) => {
      const r: AggregateTerms<number> = { gainFactor: t.gainFactor };
      if (t.gainCap !== undefined) r.gainCap = t.gainCap;
      if (t.gainRelief !== undefined) r.gainRelief = t.gainRelief;
      if (t.lossRelief !== undefined) r.lossRelief = t.lossRelief;
      return r;
    });
    fc.assert(
      fc.property(x, terms, (v, r) => {
        expect(Object.is(floatRule(v, r), aggregatedPnl(FLOAT_ARITHMETIC, v, r))).toBe(true);
      }),
      { seed: 21, numRuns: 5000 },
    );
  });

  it('property: no rule (packed as the identity) leaves every float as it is, -0 and NaN included', () => {
    const x = fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, Number.MIN_VALUE, -Number.MIN_VALUE));
    fc.assert(
      fc.property(x, (v) => {
        expect(Object.is(floatRule(v, undefined), v)).toBe(true);
      }),
      { seed: 24, numRuns: 5000 },
    );
  });
});
