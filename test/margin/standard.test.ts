import { describe, expect, it } from 'vitest';
import { computeMargin } from '../../src/margin/index.js';
import { DERIBIT_STANDARD_MARGIN } from '../../src/presets/index.js';
import { ASOF, perp } from './fixtures.js';

const market = {
  asOf: ASOF,
  settlementCurrency: 'USDC',
  instruments: [perp('BTC_USDC-PERPETUAL', 'BTC'), perp('SOL_USDC-PERPETUAL', 'SOL')],
  underlyings: { BTC: { index: '100000' }, SOL: { index: '200' } },
  marks: { 'BTC_USDC-PERPETUAL': { price: '100000' }, 'SOL_USDC-PERPETUAL': { price: '200' } },
  assets: {},
};
const acct = (symbol: string, quantity: string) => ({ accountId: 'd', settlementCurrency: 'USDC', positions: [{ symbol, quantity }], collateral: [] });

describe('Deribit standard margin, linear perpetuals', () => {
  // Source: Deribit, "Linear Perpetual", https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual
  it('25 BTC at 100,000: IM 2.125% = 53,125 and MM 1.125% = 28,125 USDC', () => {
    // IM: 2% + 25 * 0.005% = 2.125% of 2,500,000 = 53,125; MM: 1% + 25 * 0.005% = 1.125% -> 28,125
    for (const q of ['25', '-25']) {
      const r = computeMargin(acct('BTC_USDC-PERPETUAL', q), market, DERIBIT_STANDARD_MARGIN);
      expect(r.initialMargin).toBe('53125');
      expect(r.maintenanceMargin).toBe('28125');
    }
  });
  it('6,000 SOL at 200: IM 7% = 84,000 USDC', () => {
    // IM: 4% + 6000 * 0.0005% = 7% of 1,200,000 = 84,000; MM: 2% + 3% = 5% -> 60,000
    const r = computeMargin(acct('SOL_USDC-PERPETUAL', '6000'), market, DERIBIT_STANDARD_MARGIN);
    expect(r.initialMargin).toBe('84000');
    expect(r.maintenanceMargin).toBe('60000');
  });
  it('isolated positions are margined alone and left out of the totals', () => {
    const r = computeMargin(
      { accountId: 'i', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC_USDC-PERPETUAL', quantity: '25', isolatedMargin: '60000' }], collateral: [] },
      market,
      DERIBIT_STANDARD_MARGIN,
    );
    expect(r.initialMargin).toBe('0');
    expect(r.isolated).toHaveLength(1);
    // Alone, the 25 BTC position has the same hand-calculated requirements as in the first test: IM 53,125, MM 28,125.
    expect(r.isolated[0]).toMatchObject({ symbol: 'BTC_USDC-PERPETUAL', allocation: '60000', im: '53125', mm: '28125' });
  });
});
