import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { normalCdf, normalCdfComplement, normalPdf } from '../../src/pricing/index.js';

const EPS = Number.EPSILON;

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/*
 * Expected values: mpmath 1.3.0 at 50 significant digits, printed to 20 digits:
 *   python3 -c "import mpmath as m; m.mp.dps=50; print(m.nstr(m.ncdf(x), 20))"
 * (mpmath evaluates erfc in arbitrary precision; independent of Cody's rational approximations).
 * Phi(-10) agrees with the known 7.6198530241605260660e-24 (Abramowitz-Stegun 26.2 tables give
 * 7.6199e-24). Note: a quick 0.5 * math.erfc(10 / math.sqrt(2)) is only good to ~1e-14 relative
 * here (it returns ...593e-24), which is why mpmath is the reference.
 */
const LOWER_TAIL: [number, number][] = [
  [0.1, 0.53982783727702898367],
  [-0.25, 0.40129367431707627576],
  [-0.5, 0.30853753872598689636],
  [-0.66291, 0.25369409838973993983],
  [-0.7, 0.24196365222307302862],
  [-1, 0.15865525393145705141],
  [-1.5, 0.066807201268858066004],
  [-2, 0.0227501319481792072],
  [-3, 0.0013498980316300945267],
  [-4, 0.000031671241833119921254],
  [-5, 2.8665157187919391167e-7],
  [-5.656854248, 7.7086290171404708101e-9],
  [-5.7, 5.9903714010635281878e-9],
  [-6, 9.865876450376981407e-10],
  [-7, 1.2798125438858350044e-12],
  [-8, 6.2209605742717841235e-16],
  [-9, 1.1285884059538406477e-19],
  [-10, 7.619853024160526066e-24],
  [-12, 1.7764821120776789977e-33],
  [-15, 3.6709661993127508858e-51],
  [-20, 2.7536241186062336951e-89],
  [-25, 3.0566967063825609164e-138],
  [-30, 4.9067139271481870595e-198],
  [-35, 1.124910706472406244e-268],
  [-37, 5.7255712225245768227e-300],
  [-37.5, 4.6053530095819548438e-308],
];

// 1 - Phi(x) for x > 0, same mpmath source: m.nstr(1 - m.ncdf(x), 20).
const UPPER_TAIL: [number, number][] = [
  [0.5, 0.30853753872598689636],
  [1, 0.15865525393145705141],
  [2, 0.0227501319481792072],
  [3, 0.0013498980316300945267],
  [5, 2.8665157187919391167e-7],
  [8, 6.2209605742717841235e-16],
];

// phi(x), mpmath m.nstr(m.npdf(x), 20).
const DENSITY: [number, number][] = [
  [0, 0.39894228040143267794],
  [0.5, 0.35206532676429947777],
  [-1.5, 0.12951759566589172761],
  [3, 0.0044318484119380071756],
  [-7, 9.1347204083645933429e-12],
  [10, 7.6945986267064193463e-23],
  [20, 5.5209483621597631896e-88],
  [-30, 1.473646134878547519e-196],
  [37, 2.1200065515246056269e-298],
];

describe('normalCdf', () => {
  it.each(LOWER_TAIL)('Phi(%d) matches mpmath to < 1e-13 relative', (x, expected) => {
    expect(relErr(normalCdf(x), expected)).toBeLessThan(1e-13);
  });

  it('is accurate to a few ulps relative over the whole normal range of the lower tail', () => {
    // Tighter than the 1e-13 contract: Cody's approximations are good to ~1e-16 before rounding.
    const worst = Math.max(...LOWER_TAIL.map(([x, e]) => relErr(normalCdf(x), e)));
    expect(worst).toBeLessThan(2e-15);
  });

  it.each(UPPER_TAIL)('Phi(%d) matches 1 - tail (mpmath) to 1 ulp of 1, and the complement relatively', (x, tail) => {
    expect(Math.abs(normalCdf(x) - (1 - tail))).toBeLessThanOrEqual(EPS);
    expect(relErr(normalCdfComplement(x), tail)).toBeLessThan(1e-13);
  });

  it('does not clamp past |x| > 6: positive down to the subnormal range, 0 only on underflow', () => {
    // mpmath: Phi(-38) = 2.8854283600687843084e-316, Phi(-38.4) = 6.6015998543267680242e-323,
    // Phi(-38.5) = 1.408e-324 (below half the smallest subnormal 4.94e-324, so it rounds to 0).
    expect(normalCdf(-38)).toBeGreaterThan(0);
    // Subnormals carry fewer digits: 2.9e-316 is a multiple of 4.94e-324, ~1.7e-8 relative spacing.
    expect(relErr(normalCdf(-38), 2.8854283600687843084e-316)).toBeLessThan(1e-7);
    expect(normalCdf(-38.4)).toBeGreaterThan(0);
    expect(normalCdf(-38.6)).toBe(0);
    expect(normalCdf(-1000)).toBe(0);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(9)).toBe(1);
    expect(normalCdf(8)).toBeLessThan(1);
    expect(normalCdf(0)).toBe(0.5);
    // NaN is bad input: a typed error naming the argument, never a NaN probability.
    expect(() => normalCdf(NaN)).toThrowError(expect.objectContaining({ issues: [expect.objectContaining({ code: 'invalid_value', argument: 'x', path: [] })] }));
  });

  it('is monotone non-decreasing on a fine grid, and to within 4 ulps where two approximations meet', () => {
    let prev = normalCdf(-40);
    for (let x = -40; x <= 10; x += 1 / 1024) {
      const v = normalCdf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
    for (const edge of [-5.656854248, -0.66291, 0.66291, 5.656854248]) {
      let below = normalCdf(edge - 64 * EPS * Math.abs(edge));
      for (let k = -63; k <= 64; k++) {
        const v = normalCdf(edge + k * EPS * Math.abs(edge));
        // Two rational approximations hand over at 0.66291 and sqrt(32); each is good to ~1 ulp,
        // so the values either side may step back by an ulp or two, never more.
        expect(v).toBeGreaterThanOrEqual(below - 4 * EPS * below);
        below = v;
      }
    }
  });

  it('satisfies Phi(x) + Phi(-x) = 1 (property, fixed seed)', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
        return Math.abs(normalCdf(x) + normalCdf(-x) - 1) <= EPS;
      }),
      { seed: 20260101, numRuns: 5000 },
    );
  });
});

describe('normalPdf', () => {
  it.each(DENSITY)('phi(%d) matches mpmath to < 1e-14 relative', (x, expected) => {
    expect(relErr(normalPdf(x), expected)).toBeLessThan(1e-14);
  });

  it('is symmetric, positive until underflow and 0 at infinity', () => {
    expect(normalPdf(-3.25)).toBe(normalPdf(3.25));
    expect(normalPdf(38)).toBeGreaterThan(0);
    expect(normalPdf(50)).toBe(0);
    expect(normalPdf(-Infinity)).toBe(0);
  });

  it('is the derivative of normalCdf (central difference, property with fixed seed)', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        const h = 1e-5;
        const fd = (normalCdf(x + h) - normalCdf(x - h)) / (2 * h);
        return Math.abs(fd - normalPdf(x)) <= 1e-9;
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});
