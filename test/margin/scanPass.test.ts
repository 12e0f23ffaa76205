import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_FLOATS, packFloatTerms, type AggregateTerms } from '../../src/margin/aggregateRules.js';
import { largestWeight, scanCandidates, scanPass, scanScale, scanVector } from '../../src/margin/scanRisk.js';

/**
 * The kernel's scan is one pass (sums and candidate search together); its definition is two: the
 * vector of sums (scanVector, held to a one-entry-at-a-time loop by its own property) and the
 * candidates of that vector (scanCandidates, held to the passes of its definition by its own). The
 * one pass must give the same candidates and the same scale, and without a search the same sums.
 */
function packed(rules: readonly (AggregateTerms<number> | undefined)[]): Float64Array {
  const out = new Float64Array(AGGREGATE_FLOATS * rules.length);
  for (let s = 0; s < rules.length; s++) packFloatTerms(rules[s], out, AGGREGATE_FLOATS * s);
  return out;
}

describe('scanPass: the two passes of scanVector and scanCandidates in one', () => {
  it('hand case: 2 x [-10, 5] + 3 x [1, -1] = [-17, 7]; the worst loss is scenario 0 (17 > -7)', () => {
    const c = new Int32Array(2);
    const v = new Float64Array(2);
    const qty = Float64Array.of(2, 3);
    expect(scanScale(2, qty, Float64Array.of(10, 1))).toBe(23);
    const pnl = [Float64Array.of(-10, 5), Float64Array.of(1, -1)];
    expect(scanPass(2, qty, pnl, 0, 2, undefined, new Float64Array(2), Float64Array.of(1, 1), 0, 23, 1, new Float64Array(2), c)).toBe(1);
    expect(c[0]).toBe(0);
    expect(scanPass(2, qty, pnl, 0, 2, v, new Float64Array(2), Float64Array.of(1, 1), 0, 23, 1, new Float64Array(2))).toBe(0);
    expect([...v]).toEqual([-17, 7]);
  });

  it('property: any number of entries (1 to 11), range, weights, rules: bit for bit', () => {
    const float = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -50, max: 50 }), fc.constantFrom(0, -0));
    const rule = fc.option(fc.record({ gainFactor: fc.constantFrom(0, 0.5, 1), lossRelief: fc.integer({ min: 0, max: 30 }) }), { nil: undefined });
    const weight = fc.oneof(fc.constantFrom(1, 0.5, 2), fc.double({ min: 0, max: 4, noNaN: true }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(float, { minLength: 12 * 16, maxLength: 12 * 16 }),
        fc.array(fc.oneof(float, fc.constantFrom(1, -1, 2)), { minLength: 12, maxLength: 12 }),
        fc.array(weight, { minLength: 16, maxLength: 16 }),
        fc.option(fc.array(rule, { minLength: 16, maxLength: 16 }), { nil: undefined }),
        (n, start, len, values, q, w, rules) => {
          const pnl = Array.from({ length: n }, (_, i) => Float64Array.from(values.slice(16 * i, 16 * i + 16)));
          const qty = Float64Array.from(q);
          const maxAbs = Float64Array.from(pnl.map((a) => Math.max(0, ...[...a].map(Math.abs))));
          const weights = Float64Array.from(w);
          const r = rules && packed(rules);
          // The definition: the vector, then its candidates.
          const vector = new Float64Array(len);
          const scale = scanVector(n, qty, pnl, maxAbs, start, start + len, vector);
          const refC = new Int32Array(len);
          const refCount = scanCandidates(vector, len, weights, start, scale, refC, r);
          // The one pass: the search (no vector kept), then the sums alone.
          const c = new Int32Array(len);
          expect(Object.is(scanScale(n, qty, maxAbs), scale)).toBe(true);
          const count = scanPass(n, qty, pnl, start, len, undefined, new Float64Array(len), weights, start, scale, largestWeight(weights, start, len), new Float64Array(len), c, r);
          expect([...c.slice(0, count)]).toEqual([...refC.slice(0, refCount)]);
          const v = new Float64Array(len);
          expect(scanPass(n, qty, pnl, start, len, v, new Float64Array(len), weights, start, scale, 1, new Float64Array(len))).toBe(0);
          for (let j = 0; j < len; j++) expect(Object.is(v[j], vector[j])).toBe(true);
        },
      ),
      { seed: 35, numRuns: 1500 },
    );
  });
});
