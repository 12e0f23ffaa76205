import { describe, expect, it } from 'vitest';
import { MarginInputError, netExposure, safeParseMarket, safeParsePortfolio } from '../../src/index.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';

type Case = {
  name: string;
  mutate: (book: any, market: any) => void;
  code: string;
  path: (string | number)[];
  argument: 'portfolio' | 'market';
};

// Each row: a malformed input and the documented code and path it must yield (src/schema/MarginInputError.ts).
const cases: Case[] = [
  { name: 'quantity "NaN"', mutate: (b) => (b.positions[0].quantity = 'NaN'), code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity "Infinity"', mutate: (b) => (b.positions[0].quantity = 'Infinity'), code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity exponent string', mutate: (b) => (b.positions[0].quantity = '1e5'), code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity hex', mutate: (b) => (b.positions[0].quantity = '0x10'), code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity empty string', mutate: (b) => (b.positions[0].quantity = ''), code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity JS NaN', mutate: (b) => (b.positions[0].quantity = Number.NaN), code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity boolean', mutate: (b) => (b.positions[0].quantity = true), code: 'invalid_type', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity missing', mutate: (b) => delete b.positions[0].quantity, code: 'missing_field', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity 70 digits', mutate: (b) => (b.positions[0].quantity = '1'.repeat(70)), code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'quantity above 1e24', mutate: (b) => (b.positions[0].quantity = 1e30), code: 'invalid_decimal', path: ['positions', 0, 'quantity'], argument: 'portfolio' },
  { name: 'unknown key on a position', mutate: (b) => (b.positions[1].leverage = 10), code: 'unrecognized_key', path: ['positions', 1, 'leverage'], argument: 'portfolio' },
  { name: 'unknown top-level key', mutate: (b) => (b.owner = 'x'), code: 'unrecognized_key', path: ['owner'], argument: 'portfolio' },
  { name: 'accountId missing', mutate: (b) => delete b.accountId, code: 'missing_field', path: ['accountId'], argument: 'portfolio' },
  { name: 'accountId empty', mutate: (b) => (b.accountId = ''), code: 'invalid_value', path: ['accountId'], argument: 'portfolio' },
  { name: 'entryPrice zero', mutate: (b) => (b.positions[0].entryPrice = '0'), code: 'non_positive', path: ['positions', 0, 'entryPrice'], argument: 'portfolio' },
  { name: 'entryPrice negative', mutate: (b) => (b.positions[0].entryPrice = '-5'), code: 'non_positive', path: ['positions', 0, 'entryPrice'], argument: 'portfolio' },
  { name: 'isolatedMargin negative', mutate: (b) => (b.positions[0].isolatedMargin = '-1'), code: 'invalid_value', path: ['positions', 0, 'isolatedMargin'], argument: 'portfolio' },
  { name: 'positions not an array', mutate: (b) => (b.positions = {}), code: 'invalid_type', path: ['positions'], argument: 'portfolio' },
  { name: 'duplicate collateral asset', mutate: (b) => b.collateral.push({ asset: 'USDC', balance: '1' }), code: 'duplicate_asset', path: ['collateral', 3, 'asset'], argument: 'portfolio' },
  { name: 'unknown symbol', mutate: (b) => (b.positions[2].symbol = 'DOGE-PERP'), code: 'unknown_symbol', path: ['positions', 2, 'symbol'], argument: 'portfolio' },
  { name: 'collateral asset without a price', mutate: (b) => b.collateral.push({ asset: 'SOL', balance: '10' }), code: 'missing_asset_price', path: ['collateral', 3, 'asset'], argument: 'portfolio' },
  { name: 'settlement currency mismatch', mutate: (b) => (b.settlementCurrency = 'USDT'), code: 'settlement_currency_mismatch', path: ['settlementCurrency'], argument: 'portfolio' },
  { name: 'position already expired', mutate: (_b, m) => (m.asOf = '2026-12-26T00:00:00Z'), code: 'position_expired', path: ['positions', 1, 'symbol'], argument: 'portfolio' },
  { name: 'held future without a mark', mutate: (_b, m) => delete m.marks['BTC-PERP'], code: 'missing_mark', path: ['marks', 'BTC-PERP', 'price'], argument: 'market' },
  { name: 'held option without iv or price', mutate: (_b, m) => delete m.marks['BTC-25DEC26-100000-C'], code: 'missing_mark', path: ['marks', 'BTC-25DEC26-100000-C'], argument: 'market' },
  { name: 'held instrument without an index', mutate: (_b, m) => delete m.underlyings.ETH, code: 'missing_index', path: ['underlyings', 'ETH'], argument: 'market' },
  { name: 'inverse settlement coin without a price', mutate: (_b, m) => delete m.assets.BTC, code: 'missing_asset_price', path: ['collateral', 1, 'asset'], argument: 'portfolio' },
  { name: 'duplicate instrument symbol', mutate: (_b, m) => m.instruments.push({ ...m.instruments[0] }), code: 'duplicate_symbol', path: ['instruments', 25, 'symbol'], argument: 'market' },
  { name: 'option without strike', mutate: (_b, m) => delete m.instruments[5].strike, code: 'option_missing_strike', path: ['instruments', 5, 'strike'], argument: 'market' },
  { name: 'option without expiry', mutate: (_b, m) => delete m.instruments[5].expiry, code: 'option_missing_expiry', path: ['instruments', 5, 'expiry'], argument: 'market' },
  { name: 'option without right', mutate: (_b, m) => delete m.instruments[5].right, code: 'option_missing_right', path: ['instruments', 5, 'right'], argument: 'market' },
  { name: 'future with a strike', mutate: (_b, m) => (m.instruments[0].strike = '100'), code: 'future_has_option_field', path: ['instruments', 0, 'strike'], argument: 'market' },
  { name: 'contract size zero', mutate: (_b, m) => (m.instruments[0].contractSize = '0'), code: 'non_positive', path: ['instruments', 0, 'contractSize'], argument: 'market' },
  { name: 'strike negative', mutate: (_b, m) => (m.instruments[5].strike = '-1'), code: 'non_positive', path: ['instruments', 5, 'strike'], argument: 'market' },
  { name: 'index price negative', mutate: (_b, m) => (m.underlyings.BTC.index = '-1'), code: 'non_positive', path: ['underlyings', 'BTC', 'index'], argument: 'market' },
  { name: 'future mark zero', mutate: (_b, m) => (m.marks['BTC-PERP'].price = 0), code: 'non_positive', path: ['marks', 'BTC-PERP', 'price'], argument: 'market' },
  { name: 'negative implied vol', mutate: (_b, m) => (m.marks['BTC-25DEC26-100000-C'].iv = '-0.2'), code: 'negative_vol', path: ['marks', 'BTC-25DEC26-100000-C', 'iv'], argument: 'market' },
  { name: 'asOf not a timestamp', mutate: (_b, m) => (m.asOf = 'yesterday'), code: 'invalid_timestamp', path: ['asOf'], argument: 'market' },
  { name: 'expiry on a date that does not exist', mutate: (_b, m) => (m.instruments[5].expiry = '2027-02-30T08:00:00Z'), code: 'invalid_timestamp', path: ['instruments', 5, 'expiry'], argument: 'market' },
  { name: 'expiry with a non-UTC offset', mutate: (_b, m) => (m.instruments[5].expiry = '2026-12-25T08:00:00+02:00'), code: 'invalid_timestamp', path: ['instruments', 5, 'expiry'], argument: 'market' },
  { name: 'forward keyed by a non-timestamp', mutate: (_b, m) => (m.underlyings.BTC.forwards.soon = '1'), code: 'invalid_timestamp', path: ['underlyings', 'BTC', 'forwards', 'soon'], argument: 'market' },
  { name: 'unknown instrument kind', mutate: (_b, m) => (m.instruments[0].kind = 'swap'), code: 'invalid_value', path: ['instruments', 0, 'kind'], argument: 'market' },
  { name: 'linear instrument settling outside its quote currency', mutate: (_b, m) => (m.instruments[0].settlementCurrency = 'USDT'), code: 'settlement_currency_mismatch', path: ['instruments', 0, 'settlementCurrency'], argument: 'market' },
  { name: 'unknown key in a mark', mutate: (_b, m) => (m.marks['BTC-PERP'].bid = '1'), code: 'unrecognized_key', path: ['marks', 'BTC-PERP', 'bid'], argument: 'market' },
  { name: 'confidence above 1', mutate: (_b, m) => (m.underlyings.BTC.confidence = '1.5'), code: 'invalid_value', path: ['underlyings', 'BTC', 'confidence'], argument: 'market' },
  { name: 'settlement currency priced away from 1', mutate: (_b, m) => (m.assets.USDC = { price: '0.99' }), code: 'settlement_currency_mismatch', path: ['assets', 'USDC', 'price'], argument: 'market' },
  { name: 'option price no vol can reproduce', mutate: (_b, m) => (m.marks['BTC-25DEC26-100000-C'] = { price: '200000' }), code: 'no_implied_vol', path: ['marks', 'BTC-25DEC26-100000-C', 'price'], argument: 'market' },
];

describe('malformed input yields the documented code at the right path (never a crash)', () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));
  for (const c of cases) {
    it(c.name, () => {
      const book = sampleBook();
      const market = sampleMarket();
      c.mutate(book, market);
      let caught: unknown;
      try {
        netExposure(book, market);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(MarginInputError);
      const issues = (caught as MarginInputError).issues;
      expect(issues).toContainEqual(expect.objectContaining({ code: c.code, path: c.path, argument: c.argument }));
      for (const i of issues) expect(i.message.length).toBeGreaterThan(0);
    });
  }
});

describe('safe* variants', () => {
  it('return success false with issues instead of throwing', () => {
    const r = safeParsePortfolio({ accountId: 'a' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path[0]).sort()).toEqual(['collateral', 'positions', 'settlementCurrency']);
    expect(safeParseMarket(sampleMarket()).success).toBe(true);
    expect(safeParsePortfolio(null).success).toBe(false);
  });
});
