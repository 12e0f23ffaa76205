import { describe, expect, it } from 'vitest';
import { computeMargin } from '../../src/margin/index.js';
import { ASOF, gridParams, perp } from './fixtures.js';

const market = {
  asOf: ASOF,
  settlementCurrency: 'USDC',
  instruments: [perp('BTC-PERP', 'BTC'), perp('BTC-25DEC26', 'BTC', { expiry: '2026-12-25T08:00:00Z' }), perp('ETH-PERP', 'ETH')],
  underlyings: { BTC: { index: '100000' }, ETH: { index: '3500' } },
  marks: { 'BTC-PERP': { price: '100050' }, 'BTC-25DEC26': { price: '100600' }, 'ETH-PERP': { price: '3502.37' } },
  assets: {},
};
const book = {
  accountId: 'fut',
  settlementCurrency: 'USDC',
  positions: [
    { symbol: 'BTC-PERP', quantity: '1.5' },
    { symbol: 'BTC-25DEC26', quantity: '-2' },
    { symbol: 'ETH-PERP', quantity: '-20.3' },
  ],
  collateral: [{ asset: 'USDC', balance: '100000' }],
};

describe('futures-only book, exact to the digit', () => {
  it('matches the decimal hand calculation', () => {
    // Hand calculation (grid -16% .. +16% in 4% steps, every forward moves by the same relative move):
    // BTC unit: P&L(m) = 1.5 * 100050 * m - 2 * 100600 * m = (150075 - 201200) * m = -51125 * m
    //   worst at m = +0.16: loss 51125 * 0.16 = 8180
    // ETH unit: P&L(m) = -20.3 * 3502.37 * m = -71098.111 * m; worst at m = +0.16: 11375.69776
    // MM = 8180 + 11375.69776 = 19555.69776 -> rounded up to 2 dp: 19555.70
    // IM = 1.3 * 19555.69776 = 25422.407088 -> 25422.41
    const r = computeMargin(book, market, gridParams({ initialMargin: { multiplier: '1.3' } }));
    expect(r.maintenanceMargin).toBe('19555.7');
    expect(r.initialMargin).toBe('25422.41');
    const [btc, eth] = r.units;
    expect(btc!.scanRisk!.amount).toBe('8180');
    expect(btc!.scanRisk!.scenario!.id).toBe('grid:4/4:same');
    expect(btc!.scanRisk!.positions).toEqual([
      { symbol: 'BTC-25DEC26', quantity: '-2', pnl: '-32192' }, // -2 * 100600 * 0.16
      { symbol: 'BTC-PERP', quantity: '1.5', pnl: '24012' }, // 1.5 * 100050 * 0.16
    ]);
    expect(eth!.scanRisk!.amount).toBe('11375.69776');
    expect(eth!.mm).toBe('11375.7');
  });

  it('a damped tail that ties with the grid keeps the first scenario', () => {
    // Tail +500% weighted 0.16 / 5 = 0.032: BTC loss 51125 * 5 * 0.032 = 8180, equal to the grid's +16%.
    const r = computeMargin(book, market, gridParams({}, { tails: [{ move: '5', volShock: 'none', weight: { kind: 'damped', c: '0.16' } }] }));
    expect(r.units[0]!.scanRisk!.amount).toBe('8180');
    expect(r.units[0]!.scanRisk!.scenario!.id).toBe('grid:4/4:same');
  });
});
