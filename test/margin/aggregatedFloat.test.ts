import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregatedFloat, aggregatedPnl, FLOAT_ARITHMETIC, type AggregateTerms } from '../../src/margin/aggregateRules.js';

/**
 * aggregatedFloat is the generic aggregatedPnl over FLOAT_ARITHMETIC with its operations written out
 * (the float search of both layers calls it): it must return the same float, bit for bit (Object.is:
 * -0 and NaN included), for every input, or the two layers' float searches would see a different rule
 * from the one the exact recheck applies.
 */
describe('aggregatedFloat: the generic rule over floats, bit for bit', () => {
  it('hand cases: the deribit-pm grid rule (gains kept at factor 0, capped at 0) and a tail dampener', () => {
    const grid: AggregateTerms<number> = { gainFactor: 0, gainCap: 0 };
    expect(aggregatedFloat(5, grid)).toBe(0); // min(0 x 5, 0) = 0
    expect(aggregatedFloat(-5, grid)).toBe(-5); // a loss without relief is unchanged
    const tail: AggregateTerms<number> = { gainFactor: 0, lossRelief: 312500 };
    expect(aggregatedFloat(-400000, tail)).toBe(-87500); // min(0, -400000 + 312500)
    expect(aggregatedFloat(-100, tail)).toBe(0); // min(0, -100 + 312500)
    expect(aggregatedFloat(10, { gainFactor: 0.5, gainRelief: 4, gainCap: 2 })).toBe(2); // min(0.5 x max(0, 10 - 4), 2) = min(3, 2)
    expect(aggregatedFloat(10, { gainFactor: 0.5, gainRelief: 4 })).toBe(3);
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
        expect(Object.is(aggregatedFloat(v, r), aggregatedPnl(FLOAT_ARITHMETIC, v, r))).toBe(true);
      }),
      { seed: 21, numRuns: 5000 },
    );
  });
});
