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

  it('property: the arrays read from `at`, the weights and rules from `start`: a padded copy read further on gives the same bits', () => {
    const float = fc.oneof(fc.double({ noDefaultInfinity: false }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(float, { minLength: 9 * 40, maxLength: 9 * 40 }),
        fc.array(float, { minLength: 9, maxLength: 9 }),
        (n, start, len, pad, values, q) => {
          const rows = Array.from({ length: n }, (_, i) => values.slice(40 * i, 40 * i + len));
          const qty = Float64Array.from(q);
          const weights = Float64Array.from({ length: start + len }, (_, s) => 1 + (s % 3) / 2);
          const plain = rows.map((r) => Float64Array.from(r));
          // The same rows behind `pad` values that must never be read (NaN would show in the sums).
          const padded = rows.map((r) => Float64Array.from([...Array<number>(pad).fill(NaN), ...r]));
          const c1 = new Int32Array(len);
          const c2 = new Int32Array(len);
          const l1 = new Float64Array(len);
          const l2 = new Float64Array(len);
          const k1 = scanPass(n, qty, plain, 0, len, undefined, new Float64Array(len), weights, start, 1, 1, l1, c1);
          const k2 = scanPass(n, qty, padded, pad, len, undefined, new Float64Array(len), weights, start, 1, 1, l2, c2);
          expect(k2).toBe(k1);
          expect([...c2.slice(0, k2)]).toEqual([...c1.slice(0, k1)]);
          for (let j = 0; j < k1; j++) expect(Object.is(l2[j], l1[j])).toBe(true);
          const v1 = new Float64Array(len);
          const v2 = new Float64Array(len);
          scanPass(n, qty, plain, 0, len, v1, new Float64Array(len), weights, start, 1, 1, l1);
          scanPass(n, qty, padded, pad, len, v2, new Float64Array(len), weights, start, 1, 1, l2);
          for (let j = 0; j < len; j++) expect(Object.is(v2[j], v1[j])).toBe(true);
        },
      ),
      { seed: 38, numRuns: 500 },
    );
  });
});
