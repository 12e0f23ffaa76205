import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal as DecimalJs } from 'decimal.js';
import { buildRiskArrays, buildScenarioSet, parseScenarioSet } from '../../src/scenarios/index.js';
import { EXACT_PARTS, exactCoefficientAt, exactValueAt, riskArraysFor } from '../../src/scenarios/buildRiskArrays.js';
import { parseMarket } from '../../src/schema/parse.js';
import type { MarketSnapshotInput } from '../../src/schema/marketSchema.js';
import { DERIBIT_PORTFOLIO_MARGIN } from '../../src/presets/index.js';
import { ASOF, perp } from '../margin/fixtures.js';

// The scaled (tail) scenarios of a linear future and of a tied coin: the exact P&L is the rule's long
// way, base x move, times num, divided by den, each step rounded half-even at 40 significant digits
// (decimal.js's own arithmetic, in an independent clone). buildRiskArrays takes one product by the
// exact factor move x num / den when no step of the long way rounds: the values must agree digit for
// digit either way, and around the 40-digit edge (bases of 30 to 40 digits) some steps do round.
const Long = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });

/** A positive decimal string of at most `maxDigits` significant digits. */
const amount = (maxDigits: number) =>
  fc.tuple(fc.integer({ min: 1, max: maxDigits }), fc.integer({ min: 0, max: 12 }), fc.infiniteStream(fc.integer({ min: 0, max: 9 }))).map(([digits, scale, ds]) => {
    const it = ds[Symbol.iterator]();
    let s = String(1 + (it.next().value as number) % 9);
    for (let k = 1; k < digits; k++) s += String(it.next().value);
    // At most 20 integer digits (the accepted magnitudes end at 1e24).
    const places = Math.max(Math.min(scale, digits - 1), digits - 20);
    return places > 0 ? `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}` : s;
  });

/**
 * A contract size: exactly 1 in about half the runs (the usual linear contract, which takes the mark
 * itself as its base: 1 x F is F at 40 digits), else up to 16 digits.
 */
const contractSize = fc.oneof(fc.constant('1'), amount(16));

/** One linear future (contract size x mark) and one coin tied to its underlying. */
const linearMarket = (mark: string, size: string, coin: string): MarketSnapshotInput => ({
  asOf: ASOF,
  settlementCurrency: 'USDC',
  instruments: [perp('X-FUT', 'X', { expiry: '2027-03-26T08:00:00Z', contractSize: size })],
  underlyings: { X: { index: '1000' } },
  marks: { 'X-FUT': { price: mark } },
  assets: { XC: { price: coin, underlying: 'X' } },
});

describe('scaled tail scenarios take the exact factor only where the long way is exact', () => {
  // Marks of up to 24 digits, then of up to 40 (the limit: a 40-digit mark times a size other than 1
  // rounds at the 40th digit, the long way's rounding too), 20 runs each.
  it.each([24, 40])('linear future (size x mark) and tied coin (price): every scenario as the long way computes it, marks of up to %i digits', (markDigits) => {
    fc.assert(
      fc.property(amount(markDigits), contractSize, amount(40), (mark, size, coin) => {
        const m = linearMarket(mark, size, coin);
        const set = buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, m);
        const arrays = buildRiskArrays(m, set);
        const fut = arrays.instruments.get('X-FUT')!.exact!;
        const xc = arrays.assets.get('XC')!.exact!;
        const sizeF = new Long(size).mul(mark);
        set.scenarios.forEach((sc, s) => {
          const move = sc.moves.X!;
          const q = sc.pnlScale?.X;
          const long = (base: DecimalJs) => {
            const x = base.mul(move);
            return q ? x.mul(q[0]).div(q[1]) : x;
          };
          expect(fut[s]!.toString()).toBe(long(sizeF).toString());
          const c = long(new Long(coin));
          expect(xc[s]!.toString()).toBe(c.isZero() ? '0' : c.toString());
        });
      }),
      { numRuns: 20, seed: 20261201 + markDigits },
    );
  });
});

describe('a linear exposure shares its products between opposite moves', () => {
  // buildRiskArrays multiplies once per distinct |move| and negates for the opposite move; the long
  // way (an independent 40-digit clone) multiplies every scenario itself. A hand-written set may
  // spell a zero move "-0": the set is read as a move of 0 (no negative zero reaches a risk array).
  it('matches the long way digit for digit and zero sign for zero sign, moves -0, 0, +-0.3 and asymmetric ones', () => {
    fc.assert(
      fc.property(amount(24), contractSize, amount(40), (mark, size, coin) => {
        const m = linearMarket(mark, size, coin);
        const set = JSON.parse(JSON.stringify(buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, m)));
        const moves = ['-0', '0', '-0.3', '0.3', '0.3', '-0.3', '-0.123456789', '0.25', '-0', '0.5'];
        moves.forEach((x, s) => (set.scenarios[s].moves.X = x));
        const arrays = buildRiskArrays(m, set);
        const fut = arrays.instruments.get('X-FUT')!.exact!;
        const xc = arrays.assets.get('XC')!.exact!;
        const sizeF = new Long(size).mul(mark);
        (set.scenarios as { moves: Record<string, string>; pnlScale?: Record<string, [string, string]> }[]).forEach((sc, s) => {
          const move = sc.moves.X!;
          const q = sc.pnlScale?.X;
          const long = (base: DecimalJs) => {
            const x = base.mul(move);
            return q ? x.mul(q[0]).div(q[1]) : x;
          };
          const f = long(sizeF);
          expect(fut[s]!.toString()).toBe(f.toString());
          expect(fut[s]!.isNeg()).toBe(f.isZero() ? false : f.isNeg());
          const c = long(new Long(coin));
          expect(xc[s]!.toString()).toBe(c.isZero() ? '0' : c.toString());
          expect(xc[s]!.isNeg()).toBe(c.isZero() ? false : c.isNeg());
        });
      }),
      { numRuns: 40, seed: 20261202 },
    );
  });
});

describe("a linear exposure's floats and the exact values read one scenario at a time", () => {
  // riskArraysFor's arrays (the memo's, as the kernel reads them) make a linear exposure's Decimals
  // only where they are read (exactValueAt, one scenario) and its floats without them where the digits
  // allow: each must be what the long way gives (an independent 40-digit clone; the float its
  // toNumber, the sign of a zero included), read before and after the whole `exact` array is made; the
  // kernel's integer reading (exactCoefficientAt) the same digits.
  // One market, one set (oddMoves: the first scenarios' moves written by hand), every reading held to the
  // long way; returns how many integer coefficients were compared.
  const readings = (mark: string, size: string, coin: string, oddMoves: boolean): number => {
    let coefficients = 0;
    const raw = linearMarket(mark, size, coin);
    const m = parseMarket(raw);
    const set = JSON.parse(JSON.stringify(buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, m)));
    if (oddMoves) ['-0', '0', '-0.3', '0.3', '-0.123456789', '0.25', '0.0000001', '12345678.9'].forEach((x, s) => (set.scenarios[s].moves.X = x));
    const parsed = parseScenarioSet(set);
    const arrays = riskArraysFor(m, parsed);
    const fut = arrays.instruments.get('X-FUT')!;
    const xc = arrays.assets.get('XC')!;
    // The long way from the mark as the schema reads it: '-0' is read as 0 (asserted in the zero-base case).
    const sizeF = new Long(size).mul(mark === '-0' ? '0' : mark);
    const expected = parsed.scenarios.map((sc) => {
      const move = sc.moves.X!;
      const q = sc.pnlScale?.X;
      // A tail's zero is +0 (the reference layer's rule for a scaled value, whatever the move's
      // sign); an unscaled zero keeps decimal.js's product sign (0 x -0.16 = -0), the tied coin's is +0.
      const long = (base: DecimalJs) => {
        const x = base.mul(move.toString());
        if (!q) return x;
        const y = x.mul(q[0].toString()).div(q[1].toString());
        return y.isZero() ? new Long(0) : y;
      };
      const c = long(new Long(coin));
      return { f: long(sizeF), c: c.isZero() ? new Long(0) : c };
    });
    for (const pass of [0, 1]) {
      expected.forEach(({ f, c }, s) => {
        expect(Object.is(fut.pnl[s], f.toNumber())).toBe(true);
        expect(Object.is(xc.pnl[s], c.toNumber())).toBe(true);
        expect(exactValueAt(fut, s).toString()).toBe(f.toString());
        expect(exactValueAt(xc, s).toString()).toBe(c.toString());
        for (const [a, x] of [[fut, f], [xc, c]] as const) {
          const k = exactCoefficientAt(a, s);
          if (k !== k) continue;
          // A zero base (or value) has no coefficient: never read as an integer.
          expect(x.isZero()).toBe(false);
          // An integer below 1e15 without trailing zeros, times 10^p: the long way's digits.
          expect(Number.isInteger(k) && Math.abs(k) < 1e15 && k % 10 !== 0).toBe(true);
          expect(new Long(k).mul(new Long(10).pow(EXACT_PARTS.p)).toString()).toBe(x.toString());
          coefficients++;
        }
      });
      // The second pass reads the arrays made whole.
      if (pass === 0) {
        expect(fut.exact!.map(String)).toEqual(expected.map((x) => x.f.toString()));
        expect(xc.exact!.map(String)).toEqual(expected.map((x) => x.c.toString()));
      }
    }
    expect(fut.maxAbs).toBe(Math.max(...expected.map((x) => Math.abs(x.f.toNumber()))));
    return coefficients;
  };

  it('pnl[s] is the float of the long way, exactValueAt(s) its digits, bases of 1 to 40 digits', () => {
    let coefficients = 0;
    fc.assert(
      fc.property(fc.oneof(amount(24), amount(40)), contractSize, amount(40), fc.boolean(), (mark, size, coin, oddMoves) => {
        coefficients += readings(mark, size, coin, oddMoves);
      }),
      { numRuns: 30, seed: 20261203 },
    );
    // The integer reading is taken on the short bases (most of the runs' scenarios).
    expect(coefficients).toBeGreaterThan(100);
  });

  it('a zero base (a future marked at 0): every value a zero signed as the long way signs it, zero moves included', () => {
    // The schema admits a mark of 0 (priceOrZero) and reads '-0' as +0; a contract size, an index and
    // an asset's price must be > 0, so no public input makes a negative base (a coin price of 0 is
    // refused too: the tied coin's base is never zero).
    for (const mark of ['-0', '0', '0.000']) {
      const read = parseMarket(linearMarket(mark, '1', '1')).marks.get('X-FUT')!.price!;
      expect(read.isZero() && !read.isNeg()).toBe(true);
    }
    expect(() => parseMarket(linearMarket('-1', '1', '1'))).toThrow();
    expect(() => parseMarket(linearMarket('1', '1', '0'))).toThrow();
    expect(() => parseMarket(linearMarket('1', '-1', '1'))).toThrow();
    // Every scenario of a zero base is a zero: unscaled, +0 by a positive or zero move and -0 by a
    // negative one (decimal.js's sign rule for a product); a tail's +0 (the scaled rule); each held
    // to the long way with Object.is in readings, the hand-written '-0' and '0' moves among them.
    let negativeZeros = 0;
    fc.assert(
      fc.property(fc.constantFrom('0', '-0', '0.000'), contractSize, amount(40), fc.boolean(), (mark, size, coin, oddMoves) => {
        readings(mark, size, coin, oddMoves);
        const m = parseMarket(linearMarket(mark, size, coin));
        const set = buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, m);
        const fut = riskArraysFor(m, set).instruments.get('X-FUT')!;
        for (let s = 0; s < fut.pnl.length; s++) {
          expect(fut.pnl[s] === 0).toBe(true);
          if (Object.is(fut.pnl[s], -0)) negativeZeros++;
        }
        expect(fut.maxAbs).toBe(0);
      }),
      { numRuns: 12, seed: 20261204 },
    );
    // The down moves' zeros are negative: the sign is read, not assumed.
    expect(negativeZeros).toBeGreaterThan(0);
  });
});
