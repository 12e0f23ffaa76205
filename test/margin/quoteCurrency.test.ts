import { describe, expect, it } from 'vitest';
import {
  assessAccount,
  compareMarginModes,
  computeMargin,
  createMarginEngine,
  liquidationPrices,
  netExposure,
  PRESETS,
  reductionPlan,
  simulate,
} from '../../src/index.js';
import type { MarketSnapshotInput, PortfolioInput } from '../../src/index.js';
import { thrown } from '../helpers/thrown.js';

// Issue 9, item 5: the index is quoted in the instrument's quote currency; a per-unit charge or a
// notional in the settlement currency needs it converted. A quote currency is never taken at par.
// An inverse contract pays in its coin, which is one unit of the underlying (an inverse BTC/JPY
// contract settled in BTC): a unit is worth the coin's price. A linear contract or an option on the
// index converts the index at its quote currency's price, else `missing_asset_price` at
// ['assets', quote]. (One rule, `unitPrice`, for both number layers and every entry point.)

/** BTC quoted in JPY (index 10,000,000 JPY), an inverse call settled in BTC, BTC worth 100,000 USDC. */
function jpyMarket(opts: { tied: boolean; jpy?: string }): MarketSnapshotInput {
  return {
    asOf: '2026-11-29T08:00:00Z',
    settlementCurrency: 'USDC',
    instruments: [
      { symbol: 'BTCJPY-25DEC26-10000000-C', kind: 'option', underlying: 'BTC', quoteCurrency: 'JPY', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '1', expiry: '2026-12-25T08:00:00Z', right: 'call', strike: '10000000' },
      { symbol: 'BTCJPY-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'JPY', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '1000' },
    ],
    underlyings: { BTC: { index: '10000000' } },
    marks: { 'BTCJPY-25DEC26-10000000-C': { iv: '0.55' }, 'BTCJPY-PERP': { price: '10000000' } },
    assets: { BTC: { price: '100000', ...(opts.tied ? { underlying: 'BTC' } : {}) }, ...(opts.jpy ? { JPY: { price: opts.jpy } } : {}) },
  };
}
const book: PortfolioInput = { accountId: 'jpy', settlementCurrency: 'USDC', positions: [{ symbol: 'BTCJPY-25DEC26-10000000-C', quantity: '-5' }], collateral: [{ asset: 'USDC', balance: '1000000' }] };


describe('an unpriced quote currency is never taken at par (issue 9, item 5)', () => {
  it('repro: the short-option minimum and the gross notional use the coin price, not the JPY index at par', () => {
    // Hand calculation: deribit-pm-2023's short option minimum is 1% of one unit's value per net short
    // unit. One unit of BTC = one BTC coin = 100,000 USDC (not 10,000,000 "USDC" at JPY = 1):
    // 0.01 x 100,000 x 5 = 5,000 USDC. Gross short notional: 5 x 1 BTC x 100,000 = 500,000 USDC.
    const r = computeMargin(book, jpyMarket({ tied: true }), PRESETS['deribit-pm-2023']);
    expect(r.units[0]!.addOns.find((a) => a.name === 'shortOptionMinimum')?.amount).toBe('5000');
    expect(netExposure(book, jpyMarket({ tied: true })).underlyings[0]!.grossShortNotional).toBe('500000');
  });

  it('an inverse contract is valued through its coin, whatever the quote currency’s price', () => {
    const viaCoin = computeMargin(book, jpyMarket({ tied: true }), PRESETS['deribit-pm-2023']);
    const priced = computeMargin(book, jpyMarket({ tied: true, jpy: '0.01' }), PRESETS['deribit-pm-2023']);
    expect(JSON.stringify(viaCoin)).toBe(JSON.stringify(priced));
    // A JPY price that disagrees with the coin (0.02 would put BTC at 200,000) does not change what the
    // contract pays in: still 0.01 x 100,000 x 5 = 5,000 USDC.
    const other = computeMargin(book, jpyMarket({ tied: false, jpy: '0.02' }), PRESETS['deribit-pm-2023']);
    expect(other.units[0]!.addOns.find((a) => a.name === 'shortOptionMinimum')?.amount).toBe('5000');
  });

  it('class: a quote currency that cannot be converted is missing_asset_price at every entry point that converts it', () => {
    const m = jpyMarket({ tied: false });
    // A linear contract on the JPY index, settled in JPY: a USDC account needs the JPY price.
    (m.instruments as unknown[]).push({ symbol: 'BTCJPY-LIN', kind: 'future', underlying: 'BTC', quoteCurrency: 'JPY', settlementCurrency: 'JPY', settlement: 'linear', contractSize: '1' } as never);
    (m.marks as Record<string, unknown>)['BTCJPY-LIN'] = { price: '10000000' };
    const book = { accountId: 'jpy', settlementCurrency: 'USDC', positions: [{ symbol: 'BTCJPY-LIN', quantity: '-5' }], collateral: [{ asset: 'USDC', balance: '1000000' }] };
    const calls: [string, () => unknown][] = [
      ['computeMargin pm', () => computeMargin(book, m, PRESETS['deribit-pm'])],
      ['computeMargin standard', () => computeMargin(book, m, PRESETS['deribit-standard'])],
      ['computeMargin span', () => computeMargin(book, m, PRESETS['span-cme-16'])],
      ['netExposure', () => netExposure(book, m)],
      ['assessAccount', () => assessAccount(book, m, PRESETS['deribit-pm'])],
      ['simulate', () => simulate(book, [{ symbol: 'BTCJPY-LIN', quantity: '1' }], m, PRESETS['deribit-pm'])],
      ['liquidationPrices', () => liquidationPrices(book, m, PRESETS['deribit-standard'])],
      ['reductionPlan', () => reductionPlan(book, m, PRESETS['deribit-standard'])],
      ['compareMarginModes', () => compareMarginModes(book, m, { standard: PRESETS['deribit-standard'], portfolio: PRESETS['deribit-pm'] })],
      ['engine.assess', () => createMarginEngine(m, PRESETS['deribit-pm']).assess(book)],
      ['engine.margin', () => createMarginEngine(m, PRESETS['deribit-pm']).margin(book)],
    ];
    for (const [name, f] of calls) {
      const e = thrown(f);
      expect(e.issues.filter((i) => i.code === 'missing_asset_price').map((i) => [i.argument, i.path]), name).toEqual([['market', ['assets', 'JPY']]]);
    }
    // A trade that opens a JPY-quoted position in an account without one is checked the same way.
    const empty = { ...book, positions: [] };
    expect(thrown(() => simulate(empty, [{ symbol: 'BTCJPY-LIN', quantity: '1' }], m, PRESETS['deribit-pm'])).issues.map((i) => [i.code, i.path])).toContainEqual(['missing_asset_price', ['assets', 'JPY']]);
  });

  it('a linear contract quoted in its settlement coin needs only that coin’s price (one issue, not two)', () => {
    const m = jpyMarket({ tied: true });
    (m.instruments as unknown[]).push({ symbol: 'BTC-USDT-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USDT', settlementCurrency: 'USDT', settlement: 'linear', contractSize: '1' } as never);
    (m.marks as Record<string, unknown>)['BTC-USDT-PERP'] = { price: '10000000' };
    const b = { ...book, positions: [{ symbol: 'BTC-USDT-PERP', quantity: '1' }] };
    expect(thrown(() => computeMargin(b, m, PRESETS['deribit-pm'])).issues.map((i) => [i.code, i.path])).toEqual([['missing_asset_price', ['assets', 'USDT']]]);
    // Priced: the notional converts at the USDT price (hand calculation: 1 x 10,000,000 x 0.9995).
    (m.assets as Record<string, unknown>).USDT = { price: '0.9995' };
    expect(netExposure(b, m).underlyings[0]!.grossLongNotional).toBe('9995000');
  });
});
