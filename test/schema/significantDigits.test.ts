/**
 * Issue 9, item 7 (class: inputs the numeric layer cannot hold). The library's Decimal keeps 40
 * significant digits; a longer input was rounded half-even at its first operation, before the
 * requirement was rounded up, so a quantity of 1.000...0001 (46 digits) on a perpetual at 100 under
 * deribit-standard gave MM "1" (not 1.01) and was echoed as "1". Inputs are now held exactly or
 * refused: at most 40 significant digits (LIMITS.maxSignificantDigits), else `invalid_decimal`.
 */
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as L from '../../src/index.js';

// A perpetual at 100 on an underlying with no byUnderlying tier: deribit-standard's default tier,
// MM = |q| x 100 x 0.01 (mmPerUnit 0), so MM = |q| exactly (hand calculation).
const market: L.MarketSnapshotInput = {
  asOf: '2026-11-29T08:00:00Z',
  settlementCurrency: 'USDC',
  instruments: [{ symbol: 'X-PERP', kind: 'future', underlying: 'X', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }],
  underlyings: { X: { index: '100' } },
  marks: { 'X-PERP': { price: '100' } },
  assets: {},
};
const book = (quantity: L.DecimalLike): L.PortfolioInput => ({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'X-PERP', quantity }], collateral: [{ asset: 'USDC', balance: '1000' }] });

describe('inputs are held exactly or refused (issue 9, item 7)', () => {
  it('repro: a 46-digit quantity is invalid_decimal, not silently rounded to MM "1"', () => {
    const q = '1.' + '0'.repeat(44) + '1';
    let caught: unknown;
    try {
      L.computeMargin(book(q), market, L.PRESETS['deribit-standard']);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(L.MarginInputError);
    expect((caught as L.MarginInputError).issues).toContainEqual(expect.objectContaining({ code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' }));
  });

  it('at the bound: a 40-digit quantity 1 + 1e-39 is held exactly, MM rounds up to 1.01 and the quantity is echoed whole', () => {
    // Hand calculation: MM = q x 100 x 0.01 = 1.000000000000000000000000000000000000001 > 1, rounded up to cents: 1.01.
    const q = '1.' + '0'.repeat(38) + '1';
    const r = L.computeMargin(book(q), market, L.PRESETS['deribit-standard']);
    expect(r.maintenanceMargin).toBe('1.01');
    expect(r.units[0]!.standard!.positions[0]!.quantity).toBe(q);
    expect(L.netExposure(book(q), market).instruments[0]!.netQuantity).toBe(q);
  });

  it('41 significant digits are refused in every form: string, decimal.js instance; trailing zeros do not count', () => {
    const q41 = '1.' + '0'.repeat(39) + '1';
    for (const q of [q41, '-' + q41, new DecimalJs(q41), '12345678901234567890.123456789012345678901']) {
      const r = L.safeParsePortfolio(book(q));
      expect(r.success, String(q)).toBe(false);
      if (!r.success) expect(r.error.issues[0]).toMatchObject({ code: 'invalid_decimal', path: ['positions', 0, 'quantity'] });
    }
    // One significant digit written with 50 zeros: exact, accepted.
    expect(L.parsePortfolio(book('1.' + '0'.repeat(50))).positions[0]!.quantity.toFixed()).toBe('1');
    // Every JSON number fits (at most 17 significant digits).
    expect(L.parsePortfolio(book(0.1 + 0.2)).positions[0]!.quantity.toFixed()).toBe('0.30000000000000004');
  });

  it('property: every accepted decimal string is held exactly and echoed digit for digit', () => {
    // Independent of decimal.js: the canonical form is computed on the string itself.
    const canonical = (s: string): string => {
      const neg = s.startsWith('-');
      let [i, f = ''] = s.replace(/^[+-]/, '').split('.');
      i = i!.replace(/^0+/, '') || '0';
      f = f.replace(/0+$/, '');
      const out = f ? `${i}.${f}` : i;
      return neg && out !== '0' ? '-' + out : out;
    };
    const decimalArb = fc
      .tuple(fc.boolean(), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 39 }), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 40, maxLength: 40 }))
      .map(([neg, intDigits, fracDigits, digits]) => {
        const d = digits.slice(0, Math.min(40, intDigits + fracDigits));
        const i = d.slice(0, intDigits) || '0';
        const f = d.slice(intDigits);
        return (neg ? '-' : '') + i + (f ? '.' + f : '');
      });
    fc.assert(
      fc.property(decimalArb, (s) => {
        const r = L.safeParsePortfolio(book(s));
        expect(r.success, s).toBe(true);
        if (r.success) expect(L.decimalString(r.data.positions[0]!.quantity)).toBe(canonical(s));
      }),
      { seed: 9007, numRuns: 300 },
    );
  });

  it('the bound is the numeric layer\'s precision', () => {
    expect(L.LIMITS.maxSignificantDigits).toBe(40);
    expect(L.D.precision).toBe(L.LIMITS.maxSignificantDigits);
  });

  it('within the documented digit budget, a standard requirement equals an 80-digit hand computation', () => {
    // The numeric contract (src/numeric/decimal.ts): a product or sum is exact while its exact result
    // fits 40 significant digits. Quantity (<= 9 digits) and price (<= 9 digits) under
    // deribit-standard's BTC tier: MM = |q| F (0.01 + |q| 0.00005), at most 9+9+9+1+2 digits < 40.
    const X = DecimalJs.clone({ precision: 80 });
    const btc = { ...market, instruments: [{ ...market.instruments[0]!, underlying: 'BTC' }], underlyings: { BTC: { index: '100' } } };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 6 }), (qi, qs, fi, fs) => {
        const q = new X(qi).div(new X(10).pow(qs)).toFixed();
        const f = new X(fi).div(new X(10).pow(fs)).toFixed();
        const m = { ...btc, marks: { 'X-PERP': { price: f } } };
        const mm = new X(q).mul(f).mul(new X('0.01').plus(new X(q).mul('0.00005')));
        const r = L.computeMargin(book(q), m, L.PRESETS['deribit-standard']);
        expect(r.maintenanceMargin).toBe(mm.toDecimalPlaces(2, X.ROUND_CEIL).toFixed());
      }),
      { seed: 77, numRuns: 200 },
    );
  });
});
