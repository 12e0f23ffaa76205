import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_FLOATS, aggregatedPnl, FLOAT_ARITHMETIC, packAggregateRules, packFloatTerms, type AggregateTerms } from '../../src/margin/aggregateRules.js';
import { largestWeight, SCAN_TOLERANCE, scanCandidates } from '../../src/margin/scanRisk.js';

/**
 * The reference: the definition of a scan's candidates written out plainly, in passes. Each
 * scenario's P&L through its rule (no -0), then the largest weight (at least 1) and the largest
 * weighted float loss, then every scenario whose loss is not below that maximum less the tolerance,
 * ascending. scanCandidates does it in one pass against a running maximum; its output must be the
 * same scenarios, and its rule-adjusted P&L the same floats (Object.is), for any input.
 */

/** Rules by scenario packed as scanCandidates reads them (UnitAggregateRules.float). */
function packed(rules: readonly (AggregateTerms<number> | undefined)[]): Float64Array {
  const out = new Float64Array(AGGREGATE_FLOATS * rules.length);
  for (let s = 0; s < rules.length; s++) packFloatTerms(rules[s], out, AGGREGATE_FLOATS * s);
  return out;
}
function reference(vector: Float64Array, len: number, weights: Float64Array, start: number, scale: number, rules?: (AggregateTerms<number> | undefined)[]): { candidates: number[]; ruled: number[] } {
  const ruled: number[] = [];
  for (let j = 0; j < len; j++) {
    const r = rules?.[start + j];
    // The generic rule over floats (aggregatedFloat is held to it by its own property test).
    let x = r ? aggregatedPnl(FLOAT_ARITHMETIC, vector[j]!, r) : vector[j]!;
    if (rules && x === 0) x = 0;
    ruled.push(x);
  }
  let maxW = 1;
  let maxLoss = -Infinity;
  for (let j = 0; j < len; j++) {
    const w = weights[start + j]!;
    if (w > maxW) maxW = w;
    const loss = -w * ruled[j]!;
    if (loss > maxLoss) maxLoss = loss;
  }
  const tol = SCAN_TOLERANCE * scale * maxW;
  const candidates: number[] = [];
  for (let j = 0; j < len; j++) if (!(-weights[start + j]! * ruled[j]! < maxLoss - tol)) candidates.push(start + j);
  return { candidates, ruled };
}

describe('scanCandidates: one pass, the same scenarios as the passes of its definition', () => {
  it('hand cases: the worst loss and its ties within tolerance, with and without rules', () => {
    const c = new Int32Array(4);
    // losses 20, -10, 20 - 1e-6, 5 (weight 1, scale 1e4: tolerance 1e-5): scenarios 0 and 2 tie
    expect(scanCandidates(Float64Array.of(-20, 10, -20 + 1e-6, -5), 4, Float64Array.of(1, 1, 1, 1), 0, 1e4, c)).toBe(2);
    expect([...c.slice(0, 2)]).toEqual([0, 2]);
    // scenario 0 relieved by 18 (min(0, -20 + 18) = -2): the worst is now scenario 2 (loss 20 - 1e-6), alone
    const ruled = new Float64Array(4);
    expect(scanCandidates(Float64Array.of(-20, 10, -20 + 1e-6, -5), 4, Float64Array.of(1, 1, 1, 1), 0, 1e4, c, packed([{ gainFactor: 0, lossRelief: 18 }, { gainFactor: 0 }, undefined, undefined]), ruled)).toBe(1);
    expect(c[0]).toBe(2);
    expect([...ruled]).toEqual([-2, 0, -20 + 1e-6, -5]); // scenario 1's gain dropped (factor 0)
  });

  it('hand cases: a new maximum drops the candidates below its floor, and keeps those within it', () => {
    const c = new Int32Array(4);
    // losses 20, 20 - 1e-6, 30, 30 - 1e-6 (tolerance 1e-5): the first two are kept until 30 comes, then fall below its floor
    expect(scanCandidates(Float64Array.of(-20, -(20 - 1e-6), -30, -(30 - 1e-6)), 4, Float64Array.of(1, 1, 1, 1), 0, 1e4, c)).toBe(2);
    expect([...c.slice(0, 2)]).toEqual([2, 3]);
    // losses 20, 20 + 1e-6, 5: the new maximum is within the tolerance of 20, which stays; 5 never joins
    expect(scanCandidates(Float64Array.of(-20, -(20 + 1e-6), -5), 3, Float64Array.of(1, 1, 1), 0, 1e4, c)).toBe(2);
    expect([...c.slice(0, 2)]).toEqual([0, 1]);
  });

  it('rules packed for fewer scenarios than the scan: the scenarios past them have no rule', () => {
    // Scenarios 1..3 scanned (vector [-20, 10, -19], weights 1, scale 20: tolerance 2e-8); a rule on
    // scenario 1 (gain factor 0, loss relief 18) packed for scenarios 0..1 only. By hand: scenario 1
    // min(0, -20 + 18) = -2, scenarios 2 and 3 without a rule 10 and -19; losses 2, -10, 19: the worst
    // is scenario 3, alone (the next loss is 17 below it).
    const vector = Float64Array.of(-20, 10, -19);
    const weights = Float64Array.of(1, 1, 1, 1);
    const terms = [undefined, { gainFactor: 0, lossRelief: 18 }];
    const short = packAggregateRules(terms, 2);
    expect(short.length).toBe(8);
    const c = new Int32Array(3);
    const ruled = new Float64Array(3);
    expect(scanCandidates(vector, 3, weights, 1, 20, c, short, ruled)).toBe(1);
    expect(c[0]).toBe(3);
    expect([...ruled]).toEqual([-2, 10, -19]);
    // Two floats more: scenario 2's gain factor 1 and cap 2, its reliefs read as the identity's (0, -0):
    // min(1 x max(0, 10 - 0), 2) = 2; scenario 3 still has none. Losses 2, -2, 19: scenario 3 alone.
    expect(scanCandidates(vector, 3, weights, 1, 20, c, Float64Array.of(...short, 1, 2), ruled)).toBe(1);
    expect(c[0]).toBe(3);
    expect([...ruled]).toEqual([-2, 2, -19]);
    expect([...short]).toEqual([1, Infinity, 0, -0, 0, Infinity, 0, 18]); // the caller's array is not changed
  });

  it('ruled output into the vector itself: each rule applied once', () => {
    // Scenario 0 relieved by 15 (min(0, -20 + 15) = -5), scenario 1 without a rule (-4): losses 5 and 4
    // (weights 1, scale 20: tolerance far below 1), so scenario 0 alone; the vector then holds the ruled P&L.
    const c = new Int32Array(2);
    const v = Float64Array.of(-20, -4);
    expect(scanCandidates(v, 2, Float64Array.of(1, 1), 0, 20, c, packed([{ gainFactor: 1, lossRelief: 15 }, undefined]), v)).toBe(1);
    expect(c[0]).toBe(0);
    expect([...v]).toEqual([-5, -4]);
  });

  it('no candidates array from JavaScript: a TypeError naming it', () => {
    expect(() => scanCandidates(Float64Array.of(-20, 10), 2, Float64Array.of(1, 1), 0, 20, undefined as unknown as Int32Array)).toThrow(/candidates/);
  });

  it('rules in the objects form of earlier versions: a TypeError, not NaN candidates', () => {
    const c = new Int32Array(2);
    const old = [undefined, { gainFactor: 0, lossRelief: 18 }] as unknown as Float64Array;
    expect(() => scanCandidates(Float64Array.of(-20, 10), 2, Float64Array.of(1, 1), 0, 20, c, old)).toThrow(/packAggregateRules/);
  });

  it('property: rules packed for any number of scenarios equal the rules cut there', () => {
    const rule = fc.option(fc.record({ gainFactor: fc.constantFrom(0, 0.5, 1), lossRelief: fc.integer({ min: 0, max: 30 }) }), { nil: undefined });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 8 }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 8, maxLength: 8 }), fc.array(rule, { minLength: 12, maxLength: 12 }), fc.integer({ min: 0, max: 12 }), (start, len, values, rules, cut) => {
        const vector = Float64Array.from(values);
        const weights = new Float64Array(12).fill(1);
        // Also with the next rule's first float (its gain factor), its other terms read as the identity's (absent).
        const next = rules[cut];
        const partial = [...rules.slice(0, cut), next && { gainFactor: next.gainFactor }];
        const cases: [Float64Array, (AggregateTerms<number> | undefined)[]][] = [
          [packAggregateRules(rules, cut), rules.slice(0, cut)],
          [packAggregateRules(rules, cut + 1).subarray(0, AGGREGATE_FLOATS * cut + 1), partial],
        ];
        for (const [r, cutRules] of cases) {
          const ref = reference(vector, len, weights, start, 1e3, cutRules);
          const c = new Int32Array(len);
          const ruled = new Float64Array(len);
          const count = scanCandidates(vector, len, weights, start, 1e3, c, r, ruled);
          expect([...c.slice(0, count)]).toEqual(ref.candidates);
          for (let j = 0; j < len; j++) expect(Object.is(ruled[j], ref.ruled[j])).toBe(true);
        }
      }),
      { seed: 24, numRuns: 1000 },
    );
  });

  it('property: any floats (infinities, NaN, -0), weights, scale, rules and range', () => {
    const x = fc.oneof(fc.double({ min: -1e6, max: 1e6 }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity), fc.integer({ min: -50, max: 50 }));
    const term = fc.option(fc.oneof(fc.constantFrom(0, 0.5, 1, 2), fc.integer({ min: 0, max: 30 })), { nil: undefined });
    const rule = fc.option(
      fc.record({ gainFactor: fc.constantFrom(0, 0.5, 1), gainCap: term, gainRelief: term, lossRelief: term }).map((t) => {
        const r: AggregateTerms<number> = { gainFactor: t.gainFactor };
        if (t.gainCap !== undefined) r.gainCap = t.gainCap;
        if (t.gainRelief !== undefined) r.gainRelief = t.gainRelief;
        if (t.lossRelief !== undefined) r.lossRelief = t.lossRelief;
        return r;
      }),
      { nil: undefined },
    );
    const weight = fc.oneof(fc.constantFrom(1, 0.5, 2, 0), fc.double({ min: 0, max: 4, noNaN: true }));
    const scale = fc.oneof(fc.constantFrom(0, 1e3, 1e9, 1e12, Infinity, NaN), fc.double({ min: 0, max: 1e10, noNaN: true }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 12 }), fc.array(x, { minLength: 12, maxLength: 12 }), fc.array(weight, { minLength: 16, maxLength: 16 }), scale, fc.option(fc.array(rule, { minLength: 16, maxLength: 16 }), { nil: undefined }), (start, len, values, w, sc, rules) => {
        const vector = Float64Array.from(values);
        const weights = Float64Array.from(w);
        const ref = reference(vector, len, weights, start, sc, rules);
        const c = new Int32Array(len);
        const ruled = new Float64Array(len);
        const count = scanCandidates(vector, len, weights, start, sc, c, rules && packed(rules), ruled);
        expect([...c.slice(0, count)]).toEqual(ref.candidates);
        if (rules) for (let j = 0; j < len; j++) expect(Object.is(ruled[j], ref.ruled[j])).toBe(true);
      }),
      { seed: 22, numRuns: 3000 },
    );
  });

  it('largestWeight: the largest weight of the range, at least 1; passed in, the same candidates', () => {
    expect(largestWeight(Float64Array.of(0.5, 2, 1, 3), 0, 3)).toBe(2); // scenario 3 is outside the range
    expect(largestWeight(Float64Array.of(0.5, 0.25), 0, 2)).toBe(1);
    expect(largestWeight(Float64Array.of(3, 0.5), 1, 0)).toBe(1); // an empty range
    // losses 10 and 10 - 1.5e-5 at weights 1 and 2 (scale 1e4): the tolerance is 1e-9 x 1e4 x 2 = 2e-5, both are candidates
    const w = Float64Array.of(1, 2);
    const v = Float64Array.of(-10, -(10 - 1.5e-5) / 2);
    const c = new Int32Array(2);
    expect(scanCandidates(v, 2, w, 0, 1e4, c)).toBe(2);
    expect(scanCandidates(v, 2, w, 0, 1e4, c, undefined, undefined, undefined, largestWeight(w, 0, 2))).toBe(2);
  });

  it('property: small integer P&L, where ties and near-ties are common', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 20 }), fc.constantFrom(0, 1e8, 3e9), (values, sc) => {
        const vector = Float64Array.from(values);
        const weights = new Float64Array(values.length).fill(1);
        const c = new Int32Array(values.length);
        const count = scanCandidates(vector, values.length, weights, 0, sc, c);
        expect([...c.slice(0, count)]).toEqual(reference(vector, values.length, weights, 0, sc).candidates);
      }),
      { seed: 23, numRuns: 1000 },
    );
  });
});
