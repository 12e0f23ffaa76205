import { describe, expect, it } from 'vitest';
import { computeMargin } from '../../src/margin/index.js';
import { ASOF, gridParams, option } from './fixtures.js';

describe('a single short call', () => {
  it('has its worst scenario at +16%, vol up, as computed independently', () => {
    // Market: index 100,000, rate 0, no quoted forward -> F = 100,000; call K = 110,000, iv 0.50,
    // expiry 30 days after asOf -> T = 30/365. Vol up: iv * (1 + 0.5 * (30 / max(30, 1))^0.13) = 0.75
    // (30 days is not below the 30-day switch, so the long power applies; the scale is 1 either way).
    // Independent Black-76 (python3, N(x) = erfc(-x / sqrt 2) / 2):
    //   base  = B(F=100000, K=110000, T=30/365, vol=0.50) = 2275.433781321186
    //   worst = B(F=116000, K=110000, T=30/365, vol=0.75) = 12966.900284685275
    //   loss of the short call = 12966.900284685275 - 2275.433781321186 = 10691.466503364089
    // Runners-up: +16% same vol 7618.40, +12% vol up 8261.04, so +16% / up is the worst.
    // fromFloat keeps 12 significant digits, rounding the loss up: 10691.4665034 -> MM 10691.47.
    const market = {
      asOf: ASOF,
      settlementCurrency: 'USDC',
      instruments: [option('BTC-C', 'BTC', 'call', '110000', '2026-12-29T08:00:00Z')],
      underlyings: { BTC: { index: '100000' } },
      marks: { 'BTC-C': { iv: '0.5' } },
      assets: {},
    };
    const params = gridParams(
      {},
      {
        volShocks: [
          { id: 'up', kind: 'relative', size: '0.5', termScaled: true },
          { id: 'same', kind: 'none' },
          { id: 'down', kind: 'relative', size: '-0.25', termScaled: true },
        ],
        termScaling: { referenceDays: '30', floorDays: '1', switchDays: '30', shortPower: '0.3', longPower: '0.13' },
      },
    );
    const r = computeMargin({ accountId: 'sc', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-C', quantity: '-1' }], collateral: [] }, market, params);
    const scan = r.units[0]!.scanRisk!;
    expect(scan.scenario!.id).toBe('grid:4/4:up');
    expect(Number(scan.amount)).toBeCloseTo(10691.466503364089, 6);
    expect(scan.amount).toBe('10691.4665034');
    expect(r.maintenanceMargin).toBe('10691.47');
    expect(r.initialMargin).toBe('10691.47');
  });
});
