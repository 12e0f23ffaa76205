import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanVector } from '../../src/margin/scanRisk.js';

/**
 * The reference: the float P&L vector summed one entry at a time, in entry order (the definition of
 * scanVector's output), written out plainly here. scanVector takes entries several at a time; a float
 * sum `v + a + b` is `(v + a) + b`, so its output must equal this loop bit for bit, in every scenario.
 */
function oneAtATime(n: number, qty: Float64Array, pnl: Float64Array[], maxAbs: Float64Array, start: number, end: number): { vector: Float64Array; scale: number } {
  const vector = new Float64Array(Math.max(0, end - start));
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < vector.length; j++) vector[j] = vector[j]! + qty[i]! * pnl[i]![start + j]!;
    scale += Math.abs(qty[i]!) * maxAbs[i]!;
  }
  return { vector, scale };
}

describe('scanVector: the same floats as summing one entry at a time', () => {
  it('hand case: 2 x [-10, 5] + 3 x [1, -1] = [-17, 7], scale 2 x 10 + 3 x 1 = 23', () => {
    const vector = new Float64Array(2);
    expect(scanVector(2, Float64Array.of(2, 3), [Float64Array.of(-10, 5), Float64Array.of(1, -1)], Float64Array.of(10, 1), 0, 2, vector)).toBe(23);
    expect([...vector]).toEqual([-17, 7]);
  });

  it('property: any number of entries (0 to 11), any range, bit for bit', () => {
    const float = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 9 }), fc.array(float, { minLength: 12 * 16, maxLength: 12 * 16 }), fc.array(float, { minLength: 12, maxLength: 12 }), (n, start, len, values, q) => {
        const pnl = Array.from({ length: n }, (_, i) => Float64Array.from(values.slice(16 * i, 16 * i + 16)));
        const qty = Float64Array.from(q);
        const maxAbs = Float64Array.from(pnl.map((a) => Math.max(0, ...[...a].map(Math.abs))).concat(new Array<number>(12 - n).fill(0)));
        const vector = new Float64Array(len + 3).fill(7);
        const scale = scanVector(n, qty, pnl, maxAbs, start, start + len, vector);
        const ref = oneAtATime(n, qty, pnl, maxAbs, start, start + len);
        expect(Object.is(scale, ref.scale) || scale === ref.scale).toBe(true);
        for (let j = 0; j < len; j++) expect(Object.is(vector[j], ref.vector[j])).toBe(true);
      }),
      { seed: 10, numRuns: 2000 },
    );
  });
});
