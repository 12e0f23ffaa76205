import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { black76Greeks, black76GreeksInto, normalCdf, normalPdf, type OptionRight } from '../../src/pricing/index.js';
import { normalCdfPair } from '../../src/pricing/normalCore.js';
import { MarginInputError } from '../../src/schema/MarginInputError.js';

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
    pdf1 = !infinite && !expired && forward === strike ? 0.3989422804014327 : 0;
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

describe('black76GreeksInto', () => {
  it('writes exactly the fields of black76Greeks (bit for bit), and both equal the previous allocating implementation, on random inputs', () => {
    fc.assert(
      fc.property(arbRight, fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), arbYears, arbVol, fc.double({ min: -0.5, max: 0.5, noNaN: true }), (right, f, m, t, v, r) =>
        agree(right, f, f * m, t, v, r) && agreesWithPrevious(right, f, f * m, t, v, r),
      ),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it('agrees on the edge cases: expiry, zero vol, zero strike, at the money, deep tails, huge variance', () => {
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

  it('overwrites only out[0..5] and throws like black76Greeks on invalid input', () => {
    const out = new Float64Array(8).fill(7);
    black76GreeksInto(out, 'call', 100, 100, 0.5, 0.2, 0.01);
    expect([out[6], out[7]]).toEqual([7, 7]);
    expect(() => black76GreeksInto(out, 'call', Number.NaN, 100, 0.5, 0.2, 0.01)).toThrow(MarginInputError);
    expect(() => black76GreeksInto(out, 'call', 100, 100, 0.5, -0.2, 0.01)).toThrow(MarginInputError);
    expect(() => black76GreeksInto(out, 'straddle' as OptionRight, 100, 100, 0.5, 0.2, 0.01)).toThrow(MarginInputError);
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
