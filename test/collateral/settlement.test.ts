import { describe, expect, it } from 'vitest';
import { accountEquity, settleExpired } from '../../src/collateral/index.js';
import { MarginInputError } from '../../src/schema/MarginInputError.js';
import { deepFreeze } from '../helpers/sample.js';
import { account } from './fixtures.js';

const EXPIRY = '2026-11-29T08:00:00Z';
const S = '50000';

const inst = (symbol: string, kind: 'future' | 'option', settlement: 'linear' | 'inverse', extra: Record<string, string> = {}) => ({
  symbol,
  kind,
  underlying: 'BTC',
  quoteCurrency: settlement === 'linear' ? 'USDC' : 'USD',
  settlementCurrency: settlement === 'linear' ? 'USDC' : 'BTC',
  settlement,
  contractSize: settlement === 'inverse' && kind === 'future' ? '10' : '1',
  ...extra,
});

const instruments = [
  inst('BTC-PERP', 'future', 'linear'),
  inst('FUT', 'future', 'linear', { expiry: EXPIRY }),
  inst('IFUT', 'future', 'inverse', { expiry: EXPIRY }),
  inst('C45', 'option', 'linear', { expiry: EXPIRY, right: 'call', strike: '45000' }),
  inst('P55', 'option', 'linear', { expiry: EXPIRY, right: 'put', strike: '55000' }),
  inst('IC40', 'option', 'inverse', { expiry: EXPIRY, right: 'call', strike: '40000' }),
];

/** A market one minute before expiry where every expiring instrument is marked at its settlement value. */
const before = {
  asOf: '2026-11-29T07:59:00Z',
  settlementCurrency: 'USDC',
  instruments,
  underlyings: { BTC: { index: S } },
  marks: {
    'BTC-PERP': { price: S },
    FUT: { price: S },
    IFUT: { price: S },
    // intrinsic values: C45 = 5,000; P55 = 5,000 (USDC per BTC); IC40 = 10,000 / 50,000 = 0.2 BTC per BTC
    C45: { price: '5000', iv: '0.5' },
    P55: { price: '5000', iv: '0.5' },
    IC40: { price: '0.2', iv: '0.5' },
  },
  assets: { BTC: { price: S, underlying: 'BTC' } },
};
const after = { ...before, asOf: EXPIRY };

const book = account(
  [
    { symbol: 'FUT', quantity: '2', entryPrice: '48000', accruedFunding: '5' },
    { symbol: 'BTC-PERP', quantity: '1', entryPrice: '50000' },
    { symbol: 'IFUT', quantity: '1000', entryPrice: '40000' },
    { symbol: 'C45', quantity: '-3' },
    { symbol: 'P55', quantity: '2' },
    { symbol: 'IC40', quantity: '1' },
  ],
  [{ asset: 'USDC', balance: '100000' }],
);

describe('settleExpired', () => {
  // Hand calculation at S = 50,000:
  //   FUT 2 x (50,000 - 48,000)                 = +4,000 USDC, plus accrued funding +5
  //   IFUT 1,000 x 10 x (1/40,000 - 1/50,000)   = 10,000 x 0.000005 = +0.05 BTC
  //   C45 -3 x max(0, 50,000 - 45,000)          = -15,000 USDC
  //   P55 +2 x max(0, 55,000 - 50,000)          = +10,000 USDC
  //   IC40 1 x (50,000 - 40,000) / 50,000       = +0.2 BTC
  // USDC: 100,000 + 4,000 + 5 - 15,000 + 10,000 = 99,005; BTC: 0.25 (a new balance).
  const r = settleExpired(deepFreeze(structuredClone(book)), deepFreeze(structuredClone(after)), { BTC: S });

  it('turns expired positions into cash and keeps the live ones', () => {
    expect(r.portfolio.positions).toEqual([{ symbol: 'BTC-PERP', quantity: '1', entryPrice: '50000' }]);
    expect(r.portfolio.collateral).toEqual([
      { asset: 'USDC', balance: '99005' },
      { asset: 'BTC', balance: '0.25' },
    ]);
    expect(r.cashFlows.map((f) => [f.symbol, f.asset, f.amount])).toEqual([
      ['C45', 'USDC', '-15000'],
      ['FUT', 'USDC', '4005'],
      ['IC40', 'BTC', '0.2'],
      ['IFUT', 'BTC', '0.05'],
      ['P55', 'USDC', '10000'],
    ]);
    expect(r.totals).toEqual([
      { asset: 'BTC', amount: '0.25' },
      { asset: 'USDC', amount: '-995' },
    ]);
  });

  it('conserves value: equity before (positions at settlement value) = equity after (cash)', () => {
    // Before: 100,000 + 4,000 + 5 + 0.05 x 50,000 - 15,000 + 10,000 + 0.2 x 50,000 = 111,505 (the live perp adds 0).
    // After: 99,005 + 0.25 x 50,000 = 111,505.
    const eqBefore = accountEquity(book, before, {}, 2).equity;
    const eqAfter = accountEquity(r.portfolio, before, {}, 2).equity;
    expect(eqBefore).toBe('111505');
    expect(eqAfter).toBe(eqBefore);
  });

  it('a missing settlement price is an error naming the underlying', () => {
    try {
      settleExpired(book, after, { ETH: '1' });
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(MarginInputError);
      expect((e as MarginInputError).issues[0]).toMatchObject({ code: 'missing_mark', path: ['BTC'], argument: 'settlementPrices' });
    }
  });

  it('nothing expired: the portfolio comes back unchanged', () => {
    const r2 = settleExpired(book, before, { BTC: S });
    expect(r2.cashFlows).toEqual([]);
    expect(r2.portfolio.positions).toHaveLength(6);
  });
});
