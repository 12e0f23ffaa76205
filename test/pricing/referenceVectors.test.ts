/*
 * Pricing against public reference data in ./reference (see its README.md for where each file comes
 * from):
 *  - pricing-vectors.json: 30 generalised BSM vectors from Hull (OFOD 7e), py_vollib doctests and the
 *    MathWorks blsprice/blkprice documentation; each row cites its source and the tolerance it supports.
 *  - py_vollib_test_data.json: the 101-row Black-Scholes table of py_vollib's test suite
 *    (https://github.com/vollib/py_vollib, tests/test_data.json, MIT licence), pandas "split" layout.
 *
 * Every comparison is made in the library's own units (theta per calendar year, vega and rho per
 * 1.00), never after scaling both sides: a tolerance on a value scaled by 365 or 100 would be 365 or
 * 100 times wider than the data.
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

/**
 * Half a unit in the last digit of x as printed (its shortest round-trip form, which is the JSON text
 * of these files): what a printed figure supports, e.g. 0.005 for a 2-decimal textbook figure.
 */
function halfUnit(x: number): number {
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new Error(`cannot read the digits of ${x}`);
  return 0.5 * 10 ** -((m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/**
 * A row's tolerance, in the row's own (scaled) units: the tighter of the file's `tol` and what the
 * printed figure supports (half a unit in its last digit, the README's rule for `tol`), widened only
 * by the float64 model's own error, about 1e-14 relative (README, "The numeric contract"). The file's
 * `tol` is wider than its own rule on hull-6/7/9/10 (0.01 on a 3-decimal delta, say) and, for the
 * scaled py_vollib rows, is py_vollib's 1e-6 on the scaled value; neither is allowed to widen the check.
 */
function rowTolerance(expected: number, tol: number): number {
  return Math.min(tol, halfUnit(expected) + 1e-14 * Math.abs(expected));
}

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

  it.each(vectors.rows)('%s %s (bsmGreeks) within what the source supports', (_id, quantity, r, s, k, t, rate, carry, sigma, scale, expected, tol) => {
    const right: OptionRight = r === 'c' ? 'call' : 'put';
    const g = bsmGreeks(right, s, k, t, rate, carry, sigma);
    const want = expected / scale;
    const within = rowTolerance(expected, tol) / Math.abs(scale);
    expect(Math.abs(pick(quantity, { ...g }) - want), `${quantity}: want ${want} +/- ${within}`).toBeLessThanOrEqual(within);
    if (quantity === 'price') expect(Math.abs(bsmPrice(right, s, k, t, rate, carry, sigma) - want)).toBeLessThanOrEqual(within);
  });

  const b76Rows = vectors.rows.filter((row) => row[7] === 0);
  it('has Black-76 rows (b = 0)', () => expect(b76Rows.length).toBeGreaterThanOrEqual(10));

  it.each(b76Rows)('%s %s (black76Greeks on the forward) within what the source supports', (_id, quantity, r, f, k, t, rate, _b, sigma, scale, expected, tol) => {
    const right: OptionRight = r === 'c' ? 'call' : 'put';
    const g = black76Greeks(right, f, k, t, sigma, rate);
    const want = expected / scale;
    const within = rowTolerance(expected, tol) / Math.abs(scale);
    expect(Math.abs(pick(quantity, { ...g }) - want), `${quantity}: want ${want} +/- ${within}`).toBeLessThanOrEqual(within);
    if (quantity === 'price') expect(Math.abs(black76Price(right, f, k, t, sigma, rate) - want)).toBeLessThanOrEqual(within);
  });

  it('applies the rule: the Hull rows get half a unit of their printed digits, not the wider `tol` of the file', () => {
    const tolOf = (id: string) => {
      const row = vectors.rows.find((x) => x[0] === id)!;
      return rowTolerance(row[10], row[11]) / Math.abs(row[9]);
    };
    // delta 0.522 and gamma 0.066 (3 decimals): 0.0005; theta -4.31 per year (2 decimals): 0.005;
    // vega 0.121 per 1% (3 decimals): 0.0005 per 1% = 0.05 per 1.00 (the file says 0.01 per 1% = 1 per 1.00).
    expect(tolOf('hull-6')).toBeCloseTo(0.0005, 12);
    expect(tolOf('hull-9')).toBeCloseTo(0.0005, 12);
    expect(tolOf('hull-7')).toBeCloseTo(0.005, 12);
    expect(tolOf('hull-10')).toBeCloseTo(0.05, 12);
    // py_vollib's vega doctest 0.118317785624 per 1% (12 digits): 5e-13 per 1% = 5e-11 per 1.00, not 1e-6 x 100.
    expect(tolOf('pv-bg3')).toBeLessThan(6e-11);
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

  /*
   * Tolerance per column: half a unit in the last stored place of the column's largest values, which
   * is what the stored digits support (the file keeps 10 significant digits, at most 9 decimals; the
   * call_vals column 10 decimals), plus the float64 model's error of about 1e-14 relative. All are at
   * or below py_vollib's own 1e-6, now applied to the unscaled figures (py_vollib compares theta / 365
   * and vega, rho x 0.01, which is 365 and 100 times wider on the stored values).
   *
   *   column      largest |value|   stored as               half a unit of the last place
   *   bs_call     1,224.694628      10 significant digits   5e-7
   *   bs_put        899.500125      10 significant digits   5e-8
   *   call_vals   1,224.6946275629  10 decimals             5e-11
   *   CD, PD          1.0            9 decimals             5e-10
   *   CG, PG          0.004184189    9 decimals             5e-10
   *   CT          3,991.567523      10 significant digits   5e-7
   *   PT          3,941.592517      10 significant digits   5e-7
   *   CV, PV        275.110741      10 significant digits   5e-8
   *   CR, PR        487.6548        10 significant digits   5e-8
   *
   * Checked independently with mpmath (50 digits, the closed-form BSM price and greeks): every stored
   * value is within these bounds of the exact figure (largest: bs_put 4.94e-8, CR 4.99e-8, PT 4.87e-7).
   */
  const STORED: Record<keyof typeof cols, number> = {
    bs_call: 5e-7, bs_put: 5e-8, call_vals: 5e-11,
    CD: 5e-10, PD: 5e-10, CG: 5e-10, PG: 5e-10,
    CT: 5e-7, PT: 5e-7, CV: 5e-8, PV: 5e-8, CR: 5e-8, PR: 5e-8,
  };

  it('states each 10-significant-digit column\'s precision from its largest value', () => {
    for (const c of ['bs_call', 'bs_put', 'CT', 'PT', 'CV', 'PV', 'CR', 'PR'] as const) {
      const largest = Math.max(...vollib.data.map((row) => Math.abs(at(row, cols[c]))));
      expect(STORED[c], c).toBe(0.5 * 10 ** (Math.floor(Math.log10(largest)) - 9));
    }
  });

  it.each(vollib.data.map((row, i) => [i, row] as const))('row %i: call and put price, delta, gamma, theta, vega, rho', (_i, row) => {
    const s = at(row, S), k = at(row, K), r = at(row, R), t = at(row, T), v = at(row, V);
    const c = bsmGreeks('call', s, k, t, r, r, v);
    const p = bsmGreeks('put', s, k, t, r, r, v);
    const checks: [keyof typeof cols, number][] = [
      ['bs_call', c.price], ['call_vals', c.price], ['bs_put', p.price],
      ['CD', c.delta], ['PD', p.delta], ['CG', c.gamma], ['PG', p.gamma],
      ['CT', c.theta], ['PT', p.theta], ['CV', c.vega], ['PV', p.vega], ['CR', c.rho], ['PR', p.rho],
    ];
    for (const [name, ours] of checks) {
      const stored = at(row, cols[name]);
      expect(Math.abs(ours - stored), `${name}: ours ${ours}, stored ${stored}`).toBeLessThanOrEqual(STORED[name] + 1e-14 * Math.abs(stored));
    }
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
