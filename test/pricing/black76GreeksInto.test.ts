import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { black76Greeks, black76GreeksInto, black76Price, normalCdf, normalPdf, type OptionRight } from '../../src/pricing/index.js';
import { normalCdfPair } from '../../src/pricing/normalCore.js';
import { MarginInputError } from '../../src/schema/MarginInputError.js';
import { agrees, fd, fd2 } from './finiteDifference.js';

const SEED = 515151;
const FIELDS = ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const;

/** Bit-for-bit equality, -0 and +0 told apart. */
function sameBits(a: number, b: number): boolean {
  return Object.is(a, b);
}

function agree(right: OptionRight, f: number, k: number, t: number, v: number, r: number): boolean {
  const g = black76Greeks(right, f, k, t, v, r);
  const out = new Float64Array(6);
  black76GreeksInto(out, right, f, k, t, v, r);
  return FIELDS.every((name, i) => sameBits(g[name], out[i]!));
}

/** Both entry points, as [price, delta, gamma, vega, theta, rho]: each is checked on its own below. */
const ENTRY_POINTS: [string, (right: OptionRight, f: number, k: number, t: number, v: number, r: number) => number[]][] = [
  ['black76Greeks', (right, f, k, t, v, r) => {
    const g = black76Greeks(right, f, k, t, v, r);
    return FIELDS.map((name) => g[name]);
  }],
  ['black76GreeksInto', (right, f, k, t, v, r) => {
    const out = new Float64Array(6);
    black76GreeksInto(out, right, f, k, t, v, r);
    return [...out];
  }],
];

/*
 * Independent reference: mpmath 1.3.0 at 50 digits. The price is the Black-76 formula; every greek is
 * mpmath's numerical derivative (mpmath.diff) of that price, so none of the closed forms of
 * src/pricing is involved. Inputs are the float64 values written here (T = 26/365 etc. as Python
 * floats). Script (run with python3):
 *
 *   from mpmath import mp, mpf, ncdf, exp, log, sqrt, diff
 *   mp.dps = 50
 *   def price(right, F, K, T, v, r):
 *       s = v * sqrt(T); d1 = log(F / K) / s + s / 2; d2 = d1 - s
 *       c = F * ncdf(d1) - K * ncdf(d2) if right == 'call' else K * ncdf(-d2) - F * ncdf(-d1)
 *       return exp(-r * T) * c
 *   # for each case, with F, K, T, v, r = map(mpf, (F, K, T, v, r)):
 *   #   [price(...), diff(price wrt F), diff(price wrt F, 2), diff(price wrt v), -diff(price wrt T), diff(price wrt r)]
 *
 * Columns: right, F, K, T (years), vol, rate, [price, delta, gamma, vega per 1.00, theta per year
 * (= -dV/dT, F held), rho per 1.00 (F held)]; values to 17 significant digits.
 */
const MPMATH: [OptionRight, number, number, number, number, number, number[]][] = [
  ['call', 100.0, 100.0, 0.5, 0.2, 0.02, [5.5811067246048104, 0.52293045049760808, 0.027859055399082604, 27.859055399082605, -5.4601889453244252, -2.7905533623024052]],
  ['put', 100.0, 100.0, 0.5, 0.2, 0.02, [5.5811067246048104, -0.46711938325155997, 0.027859055399082604, 27.859055399082605, -5.4601889453244252, -2.7905533623024052]],
  ['call', 49.0, 50.0, 0.3846, 0.2, 0.05, [1.9424175782522695, 0.45107017482201836, 0.064064670588249106, 11.831778562417140, -2.9792646027351089, -0.74705380059582284]],
  ['put', 100600.0, 90000.0, 0.07123287671232877, 0.55, 0.0, [1802.5057637987100, -0.20273242234027216, 1.9113067917444626e-5, 7578.2606323686459, -29256.458114384727, -128.39767084593550]],
  ['call', 100600.0, 110000.0, 0.07123287671232877, 0.55, 0.0, [2564.9176640408811, 0.29627707637718614, 2.3411218691640040e-5, 9282.4614935156297, -35835.656631216593, -182.70646373989838]],
  ['call', 3500.0, 3000.0, 2.0, 0.9, 0.04, [1666.3760207190372, 0.71599424578380753, 6.2049427102250713e-5, 1368.1898676046282, -241.18767938227987, -3332.7520414380745]],
  ['put', 3500.0, 4200.0, 0.019178082191780823, 1.2, -0.01, [744.01398668589655, -0.84487759807303217, 0.00041025955843726395, 115.65947551560126, -3625.9294452835267, -14.268761388496647]],
  ['put', 20.0, 20.0, 0.3333333333333333, 0.25, 0.09, [1.1166414565589435, -0.45730673036028050, 0.13376450266134562, 4.4588167553781869, -1.5715585521765153, -0.37221381885298113]],
  ['call', 1.0, 1.5, 0.25, 0.3, 0.1, [0.00018758079741244487, 0.0041871560634864206, 0.082062408046801185, 0.0061546806035100887, -0.0036740502823648086, -4.6895199353111218e-5]],
  ['put', 100.0, 40.0, 1.0, 0.4, 0.03, [0.090873206172600596, -0.0061857213645301034, 0.00043521166571263890, 1.7408466628505557, -0.34544313638493314, -0.090873206172600596]],
];
/**
 * Relative tolerance: the worst float64 error seen is 1.1e-14 (price and rho of the deep
 * out-of-the-money call F = 1, K = 1.5, where F N(d1) - K N(d2) cancels); everything else is within
 * 3e-15. 5e-14 leaves room for a different but correct order of operations and nothing more: a
 * greek off by 1e-6 relative fails by a factor of 20 million.
 */
const MPMATH_REL = 5e-14;

/**
 * The allocating implementation as it was before black76GreeksInto (four separate normalCdf calls),
 * kept here verbatim in substance: the fast paths must reproduce it bit for bit.
 */
function previousGreeks(right: OptionRight, forward: number, strike: number, years: number, vol: number, rate: number): number[] {
  const MAX = Number.MAX_VALUE;
  const sat = (v: number) => (v > MAX ? MAX : v < -MAX ? -MAX : v);
  const expired = !(years > 0);
  const df = expired ? 1 : Math.exp(-rate * years);
  const sqrtT = expired ? 0 : Math.sqrt(years);
  const s = vol * sqrtT;
  let nd1: number, nmd1: number, pdf1: number, undiscounted: number;
  if (s > 0 && s < Infinity) {
    const d1 = Math.log(forward / strike) / s + 0.5 * s;
    const d2 = d1 - s;
    nd1 = normalCdf(d1);
    const nd2 = normalCdf(d2);
    nmd1 = normalCdf(-d1);
    const nmd2 = normalCdf(-d2);
    pdf1 = normalPdf(d1);
    const callOtm = forward <= strike;
    const otm = callOtm ? forward * nd1 - strike * nd2 : strike * nmd2 - forward * nmd1;
    const tv = otm > 0 ? otm : 0;
    undiscounted = right === 'call' ? (callOtm ? tv : forward - strike + tv) : callOtm ? strike - forward + tv : tv;
  } else {
    const infinite = s === Infinity;
    const up = infinite || forward > strike;
    const down = !infinite && forward < strike;
    nd1 = up ? 1 : down ? 0 : 0.5;
    nmd1 = 1 - nd1;
    pdf1 = !infinite && !expired && forward === strike ? 0.3989422804014327 : 0; // phi(0) = 1 / sqrt(2 pi)
    if (infinite) undiscounted = right === 'call' ? forward : strike;
    else if (right === 'call') undiscounted = forward > strike ? forward - strike : 0;
    else undiscounted = strike > forward ? strike - forward : 0;
  }
  const ts = s > 0 && s < Infinity ? s : 0;
  const price = df * undiscounted;
  if (expired) return [price, right === 'call' ? nd1 : -nmd1 + 0, 0, 0, 0, 0];
  const dfPdf = df * pdf1;
  const gamma = ts > 0 ? sat(dfPdf / forward / ts) : 0;
  const decay = ts > 0 ? (dfPdf * forward * vol * 0.5) / sqrtT : 0;
  return [price, right === 'call' ? df * nd1 : -df * nmd1 + 0, gamma, dfPdf * forward * sqrtT, rate * price - decay + 0, -years * price + 0];
}

function agreesWithPrevious(right: OptionRight, f: number, k: number, t: number, v: number, r: number): boolean {
  const g = black76Greeks(right, f, k, t, v, r);
  const old = previousGreeks(right, f, k, t, v, r);
  return FIELDS.every((name, i) => sameBits(g[name], old[i]!));
}

const arbRight = fc.constantFrom<OptionRight>('call', 'put');
const arbYears = fc.oneof(fc.double({ min: -1, max: 50, noNaN: true }), fc.constantFrom(0, -0, 1e-300, 5e-324, 1e-12, 1e300));
const arbVol = fc.oneof(fc.double({ min: 0, max: 20, noNaN: true }), fc.constantFrom(0, 1e-300, 1e200));
/** right, forward, strike as a multiple of the forward, years, vol, rate: wide, edge cases included. */
const arbInputs = [arbRight, fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), arbYears, arbVol, fc.double({ min: -0.5, max: 0.5, noNaN: true })] as const;

describe('black76Greeks and black76GreeksInto against an independent reference', () => {
  for (const [name, greeks] of ENTRY_POINTS) {
    it.each(MPMATH)(`${name}: %s F=%d K=%d T=%d vol=%d r=%d equals mpmath (price and every greek)`, (right, f, k, t, v, r, want) => {
      const got = greeks(right, f, k, t, v, r);
      FIELDS.forEach((field, i) => {
        const rel = Math.abs(got[i]! - want[i]!) / Math.abs(want[i]!);
        expect(rel, `${field}: got ${got[i]}, mpmath ${want[i]}`).toBeLessThanOrEqual(MPMATH_REL);
      });
    });

    it(`${name}: every greek equals finite differences of black76Price (random inputs, fixed seed)`, () => {
      // black76Price is a separate function; differentiating it numerically checks the greek formulas
      // without trusting any of them (gamma is a second difference of the price, not of delta).
      const arbSmooth = fc.record({
        right: fc.constantFrom<OptionRight>('call', 'put'),
        forward: fc.double({ min: 10, max: 1e5, noNaN: true }),
        // Strike a number of standard deviations from the forward, where the price itself is known to ~1e-14.
        zscore: fc.double({ min: -4, max: 4, noNaN: true }),
        years: fc.double({ min: 0.01, max: 5, noNaN: true }),
        vol: fc.double({ min: 0.03, max: 3, noNaN: true }),
        rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
      });
      fc.assert(
        fc.property(arbSmooth, ({ right, forward: f, zscore, years: t, vol: v, rate: r }) => {
          const k = f * Math.exp(zscore * v * Math.sqrt(t));
          const [price, delta, gamma, vega, theta, rho] = greeks(right, f, k, t, v, r);
          // Steps scale with where the price bends: F sigma sqrt T, but never more than F itself.
          const bend = f * Math.min(v * Math.sqrt(t), 1);
          const byF = (x: number) => black76Price(right, x, k, t, v, r);
          return (
            price === black76Price(right, f, k, t, v, r) &&
            agrees(delta!, fd(byF, f, 1e-3 * bend)) &&
            agrees(gamma!, fd2(byF, f, 3e-3 * bend)) &&
            agrees(vega!, fd((x) => black76Price(right, f, k, t, x, r), v, 1e-4 * v)) &&
            agrees(theta!, fd((x) => -black76Price(right, f, k, x, v, r), t, 1e-4 * t)) &&
            agrees(rho!, fd((x) => black76Price(right, f, k, t, v, x), r, 1e-3))
          );
        }),
        { seed: SEED + 2, numRuns: 1000 },
      );
    });
  }
});

describe('black76GreeksInto: the buffer contract', () => {
  it('writes exactly the fields of black76Greeks (bit for bit) on random inputs', () => {
    // A consistency property of the two entry points, not a correctness check: correctness is the
    // mpmath and finite-difference block above.
    fc.assert(
      fc.property(...arbInputs, (right, f, m, t, v, r) =>
        agree(right, f, f * m, t, v, r),
      ),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('overwrites only out[0..5] and throws like black76Greeks on invalid input', () => {
    const out = new Float64Array(8).fill(7);
    black76GreeksInto(out, 'call', 100, 100, 0.5, 0.2, 0.01);
    expect([out[6], out[7]]).toEqual([7, 7]);
    expect(() => black76GreeksInto(out, 'call', Number.NaN, 100, 0.5, 0.2, 0.01)).toThrow(MarginInputError);
    expect(() => black76GreeksInto(out, 'call', 100, 100, 0.5, -0.2, 0.01)).toThrow(MarginInputError);
    expect(() => black76GreeksInto(out, 'straddle' as OptionRight, 100, 100, 0.5, 0.2, 0.01)).toThrow(MarginInputError);
  });
});

describe('regression: the fast path reproduces the previous allocating implementation bit for bit', () => {
  // previousGreeks is the implementation before black76GreeksInto existed (four separate normalCdf
  // calls). It guards the refactor (same bits, edge cases included); it is not an independent
  // reference, which is why the block above exists.
  it('on random inputs', () => {
    fc.assert(
      fc.property(...arbInputs, (right, f, m, t, v, r) =>
        agreesWithPrevious(right, f, f * m, t, v, r),
      ),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it('on the edge cases: expiry, zero vol, zero strike, at the money, deep tails, huge variance', () => {
    const cases: [number, number, number, number, number][] = [
      [100, 100, 0, 0.2, 0],
      [100, 90, 0, 0.2, 0.05],
      [100, 110, -1, 0.2, 0.05],
      [100, 100, 0.5, 0, 0.01],
      [100, 120, 0.5, 0, 0.01],
      [100, 80, 0.5, 0, -0.01],
      [100, 0, 0.5, 0.3, 0.01],
      [100, 100, 1e-300, 0.5, 0.02],
      [100, 100.0000001, 1e-30, 0.5, 0.02],
      [100, 1e6, 0.01, 0.1, 0],
      [1e6, 100, 0.01, 0.1, 0],
      [100, 80, 1, 1e200, 0],
      [100, 100, 2, 1e-320, 0],
      [1e-300, 1, 1, 0.5, 0],
    ];
    for (const [f, k, t, v, r] of cases) for (const right of ['call', 'put'] as const) expect(agree(right, f, k, t, v, r) && agreesWithPrevious(right, f, k, t, v, r), `${right} ${f} ${k} ${t} ${v} ${r}`).toBe(true);
  });
});

describe('normalCdfPair (internal)', () => {
  it('gives normalCdf(x) and normalCdf(-x) bit for bit', () => {
    const out = new Float64Array(2);
    const xs = [0, -0, 0.66291, -0.66291, 0.6629100000000001, 1, -1, 5.656854248, -5.656854248, 9, 9.000000000000002, -9, 38, -38, 40, -40, 41, 1e300, -1e300, Infinity, -Infinity];
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -45, max: 45, noNaN: true }), fc.constantFrom(...xs)), (x) => {
        normalCdfPair(x, out, 0);
        return sameBits(out[0]!, normalCdf(x)) && sameBits(out[1]!, normalCdf(-x));
      }),
      { seed: SEED + 1, numRuns: 50_000 },
    );
    expect(() => normalCdfPair(Number.NaN, out, 0)).toThrow(MarginInputError);
  });
});
