/*
 * Pricing against public reference data. The JSON files in ./reference are byte-for-byte copies of
 * /work/shared/reference/ (see its README.md):
 *  - pricing-vectors.json: 30 generalised BSM vectors from Hull (OFOD 7e), py_vollib doctests and the
 *    MathWorks blsprice/blkprice documentation; each row cites its source and the tolerance it supports.
 *  - py_vollib_test_data.json: the 101-row Black-Scholes table of py_vollib's test suite
 *    (vollib/py_vollib tests/test_data.json, MIT licence), pandas "split" layout.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bsmGreeks, black76Greeks, black76Price, bsmPrice, type OptionRight } from '../../src/pricing/index.js';

const here = join(__dirname, 'reference');

type VectorRow = [string, string, 'c' | 'p', number, number, number, number, number, number, number, number, number, string];
const vectors = JSON.parse(readFileSync(join(here, 'pricing-vectors.json'), 'utf8')) as {
  columns: string[];
  rows: VectorRow[];
};

interface Split {
  columns: string[];
  index: number[];
  data: number[][];
}
const vollib = JSON.parse(readFileSync(join(here, 'py_vollib_test_data.json'), 'utf8')) as Split;

function pick(q: string, g: Record<string, number>): number {
  const v = g[q];
  if (v === undefined) throw new Error(`unknown quantity ${q}`);
  return v;
}

describe('pricing-vectors.json (Hull, py_vollib doctests, MathWorks)', () => {
  it('has the documented columns and 30 rows', () => {
    expect(vectors.columns).toEqual(['id', 'quantity', 'right', 'S_or_F', 'K', 'T', 'r', 'b', 'sigma', 'scale', 'expected', 'tol', 'source']);
    expect(vectors.rows).toHaveLength(30);
  });

  it.each(vectors.rows)('%s %s (bsmGreeks) within the source tolerance', (_id, quantity, r, s, k, t, rate, carry, sigma, scale, expected, tol) => {
    const right: OptionRight = r === 'c' ? 'call' : 'put';
    const g = bsmGreeks(right, s, k, t, rate, carry, sigma);
    const value = pick(quantity, { ...g }) * scale;
    expect(Math.abs(value - expected)).toBeLessThanOrEqual(tol);
    if (quantity === 'price') expect(Math.abs(bsmPrice(right, s, k, t, rate, carry, sigma) * scale - expected)).toBeLessThanOrEqual(tol);
  });

  const b76Rows = vectors.rows.filter((row) => row[7] === 0);
  it('has Black-76 rows (b = 0)', () => expect(b76Rows.length).toBeGreaterThanOrEqual(10));

  it.each(b76Rows)('%s %s (black76Greeks on the forward) within the source tolerance', (_id, quantity, r, f, k, t, rate, _b, sigma, scale, expected, tol) => {
    const right: OptionRight = r === 'c' ? 'call' : 'put';
    const g = black76Greeks(right, f, k, t, sigma, rate);
    expect(Math.abs(pick(quantity, { ...g }) * scale - expected)).toBeLessThanOrEqual(tol);
    if (quantity === 'price') expect(Math.abs(black76Price(right, f, k, t, sigma, rate) - expected)).toBeLessThanOrEqual(tol);
  });

  it('MathWorks blkprice example: the at-the-money call equals the put (1.1166)', () => {
    // Same row as hull-b76; blkprice's documentation gives both call and put as 1.1166.
    expect(Math.abs(black76Price('call', 20, 20, 1 / 3, 0.25, 0.09) - 1.1166)).toBeLessThanOrEqual(5e-5);
  });
});

describe('py_vollib test_data.json (101 rows, b = r)', () => {
  const col = (name: string): number => {
    const i = vollib.columns.indexOf(name);
    if (i < 0) throw new Error(`missing column ${name}`);
    return i;
  };
  const S = col('S'), K = col('K'), R = col('R'), T = col('t'), V = col('v');
  const cols = {
    bs_call: col('bs_call'), bs_put: col('bs_put'), call_vals: col('call_vals'),
    CD: col('CD'), CG: col('CG'), CT: col('CT'), CV: col('CV'), CR: col('CR'),
    PD: col('PD'), PG: col('PG'), PT: col('PT'), PV: col('PV'), PR: col('PR'),
  };
  const at = (row: number[], i: number): number => {
    const v = row[i];
    if (v === undefined) throw new Error('short row');
    return v;
  };

  it('has 101 rows', () => expect(vollib.data).toHaveLength(101));

  // py_vollib's own tests compare at 1e-6 absolute with theta per day (/365) and vega, rho per 1%.
  const TOL = 1e-6;
  it.each(vollib.data.map((row, i) => [i, row] as const))('row %i: call and put price, delta, gamma, theta, vega, rho', (_i, row) => {
    const s = at(row, S), k = at(row, K), r = at(row, R), t = at(row, T), v = at(row, V);
    const c = bsmGreeks('call', s, k, t, r, r, v);
    const p = bsmGreeks('put', s, k, t, r, r, v);
    const checks: [number, number][] = [
      [c.price, at(row, cols.bs_call)],
      [c.price, at(row, cols.call_vals)],
      [p.price, at(row, cols.bs_put)],
      [c.delta, at(row, cols.CD)],
      [p.delta, at(row, cols.PD)],
      [c.gamma, at(row, cols.CG)],
      [p.gamma, at(row, cols.PG)],
      [c.theta / 365, at(row, cols.CT) / 365],
      [p.theta / 365, at(row, cols.PT) / 365],
      [c.vega * 0.01, at(row, cols.CV) * 0.01],
      [p.vega * 0.01, at(row, cols.PV) * 0.01],
      [c.rho * 0.01, at(row, cols.CR) * 0.01],
      [p.rho * 0.01, at(row, cols.PR) * 0.01],
    ];
    for (const [ours, theirs] of checks) expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(TOL);
  });
});

describe('high-precision Black-76 prices (mpmath, 50 digits)', () => {
  /*
   * Expected values: the Black-76 formula evaluated in mpmath 1.3.0 at 50 digits, with inputs the
   * exact float64 values used here (e.g. T = mpf(1/365)):
   *   s = v*sqrt(T); d1 = log(F/K)/s + s/2; d2 = d1 - s; df = exp(-r*T)
   *   call = df*(F*ncdf(d1) - K*ncdf(d2)); put = df*(K*ncdf(-d2) - F*ncdf(-d1))
   * Deep out-of-the-money prices test that nothing is lost to tail clamping. The last column is the
   * relative tolerance: 1e-12, except where F N(d1) - K N(d2) cancels. Far out of the money each
   * term exceeds their difference by about |d2| / (sigma sqrt T) (about 1e3 for the first case:
   * d2 = -26.5, sigma sqrt T = 0.026), which multiplies the few-ulp relative error of N far in the
   * tail; the price is still right to a few parts in 1e12 at 1e-155.
   */
  const cases: [OptionRight, number, number, number, number, number, number, number][] = [
    ['call', 100, 200, 1 / 365, 0.5, 0.0, 1.0021941513239590479e-155, 1e-11],
    ['put', 100, 50, 0.25, 0.2, 0.03, 2.026229464370685145e-12, 1e-12],
    ['call', 100, 100, 1 / 365, 0.05, 0.0, 0.10440793685061493872, 1e-12],
    ['call', 100, 150, 1, 0.1, 0.05, 0.000065171138986417404411, 1e-12],
    ['call', 100, 60, 1, 0.1, 0.05, 38.049177199013250462, 1e-12],
    ['call', 1, 3, 0.5, 0.3, 0, 7.3750662650135554853e-9, 1e-12],
    ['put', 100, 101, 7 / 365, 0.8, 0.04, 4.9537028869349901244, 1e-12],
    ['call', 60000, 65000, 30 / 365, 0.55, 0, 1921.5931059383554165, 1e-12],
    ['put', 100, 100, 10, 50, 0.05, 60.653065971263340677, 1e-12],
    ['call', 100, 100, 10, 50, 0.05, 60.653065971263340677, 1e-12],
  ];
  it.each(cases)('%s F=%d K=%d T=%d vol=%d r=%d', (right, f, k, t, v, r, expected, tol) => {
    expect(Math.abs(black76Price(right, f, k, t, v, r) - expected) / expected).toBeLessThan(tol);
    expect(Math.abs(black76Greeks(right, f, k, t, v, r).price - expected) / expected).toBeLessThan(tol);
  });
});
