import { describe, expect, it } from 'vitest';
import { assessAccount, safeAssessAccount } from '../../src/health/index.js';
import { deepFreeze, sampleBook, sampleMarket } from '../helpers/sample.js';
import { account, btcMarket } from '../collateral/fixtures.js';
import { PORTFOLIO, STANDARD } from './params.js';

// BTC-PERP 10 long entered at 100,000, mark 100,000: notional 1,000,000; standard IM 10% = 100,000, MM 5% = 50,000.
// Default health band 0.25: margin call below 50,000 x 1.25 = 62,500.
const perpBook = (usdc: string) => account([{ symbol: 'BTC-PERP', quantity: '10', entryPrice: '100000' }], [{ asset: 'USDC', balance: usdc }]);

describe('assessAccount: status thresholds (hand calculation)', () => {
  it.each([
    ['120000', 'healthy'],
    ['100000', 'healthy'], // equity = IM counts as healthy
    ['90000', 'reduce_only'], // 62,500 <= 90,000 < 100,000
    ['60000', 'margin_call'], // 50,000 <= 60,000 < 62,500
    ['40000', 'liquidatable'], // 40,000 < 50,000
    ['-1', 'bankrupt'],
  ])('USDC %s -> %s', (usdc, status) => {
    const a = assessAccount(perpBook(usdc), btcMarket('100000'), STANDARD);
    expect(a.initialMargin).toBe('100000');
    expect(a.maintenanceMargin).toBe('50000');
    expect(a.status).toBe(status);
    expect(a.params.health).toEqual({ id: 'default-health', version: '1', defaulted: true });
    if (status !== 'healthy') expect(a.flags[0]!.code).toBe(status);
  });

  it('ratios in both conventions, excess and shortfall', () => {
    // equity 40,000, MM 50,000: MM/equity = 1.25, equity/MM = 0.8; IM/equity = 2.5, equity/IM = 0.4.
    const a = assessAccount(perpBook('40000'), btcMarket('100000'), STANDARD);
    expect(a.ratios).toEqual({ maintenanceToEquity: '1.25', equityToMaintenance: '0.8', initialToEquity: '2.5', equityToInitial: '0.4' });
    expect(a.excess).toEqual({ initial: '-60000', maintenance: '-10000' });
    expect(a.shortfall).toEqual({ initial: '60000', maintenance: '10000' });
    expect(a.flags[0]!.values).toMatchObject({ maintenanceEquity: '40000', maintenanceMargin: '50000' });
  });

  it('haircuts, borrow charge and the health section are applied and echoed', () => {
    // 1 BTC at 100,000 with IM haircut 10% / MM 5%, USDC -20,000 borrowed with a flat 10% borrow charge = 2,000.
    // BTC-PERP 10: IM 100,000, MM 50,000 -> with the charge IM 102,000, MM 52,000.
    // equity 80,000; initial equity 90,000 - 20,000 = 70,000; maintenance equity 95,000 - 20,000 = 75,000.
    // status: 75,000 >= 52,000 x 1.25 = 65,000, 70,000 < 102,000 -> reduce_only.
    const params = { ...STANDARD, health: { id: 'h', version: '7', collateral: { haircuts: { BTC: { initial: '0.1', maintenance: '0.05' } }, borrowTiers: [{ rate: '0.1' }] } } };
    const a = assessAccount(account([{ symbol: 'BTC-PERP', quantity: '10', entryPrice: '100000' }], [{ asset: 'BTC', balance: '1' }, { asset: 'USDC', balance: '-20000' }]), btcMarket('100000'), params);
    expect(a).toMatchObject({ equity: '80000', initialEquity: '70000', maintenanceEquity: '75000', initialMargin: '102000', maintenanceMargin: '52000', charges: { borrow: '2000', staleness: '0' }, status: 'reduce_only' });
    expect(a.params.health).toEqual({ id: 'h', version: '7', defaulted: false });
  });

  it('isolated positions are assessed on their own allocation and flagged separately', () => {
    // Isolated BTC-PERP -1 entered 90,000 (mark 100,000: P&L -10,000) with 12,000 allocated: equity 2,000;
    // standard MM 5% x 100,000 = 5,000 -> isolated_liquidatable. Cross: USDC 200,000 - 12,000 = 188,000, no positions -> healthy.
    const a = assessAccount(account([{ symbol: 'BTC-PERP', quantity: '-1', entryPrice: '90000', isolatedMargin: '12000' }], [{ asset: 'USDC', balance: '200000' }]), btcMarket('100000'), STANDARD);
    expect(a.status).toBe('healthy');
    expect(a.equity).toBe('188000');
    expect(a.isolated).toEqual([{ symbol: 'BTC-PERP', quantity: '-1', allocation: '12000', equity: '2000', initialMargin: '10000', maintenanceMargin: '5000', status: 'liquidatable' }]);
    expect(a.flags.map((f) => [f.code, f.path])).toEqual([['isolated_liquidatable', ['positions', 'BTC-PERP']]]);
  });

  it('stale and doubtful prices are flagged, and charged when the parameters say so', () => {
    // Mark 5 minutes old (limit 60 s) and an index confidence of 0.3 (minimum 0.5).
    // Charge 1% of the notional resting on those prices: 1% x 1,000,000 = 10,000 on IM and MM.
    const market = btcMarket('100000', { marks: { 'BTC-PERP': { price: '100000', timestamp: '2026-11-29T07:55:00Z' } } });
    market.underlyings.BTC.confidence = '0.3';
    const params = { ...STANDARD, health: { id: 'h', version: '1', marketData: { maxPriceAgeMs: 60000, stalenessCharge: '0.01' } } };
    const a = assessAccount(perpBook('120000'), market, params);
    expect(a.flags.map((f) => [f.code, f.path])).toEqual([
      ['low_confidence', ['underlyings', 'BTC']],
      ['stale_price', ['marks', 'BTC-PERP']],
    ]);
    expect(a.flags[1]!.values).toMatchObject({ ageMs: 300000, maxPriceAgeMs: 60000 });
    expect(a.charges.staleness).toBe('10000');
    expect(a.initialMargin).toBe('110000'); // 100,000 + 10,000
    expect(a.maintenanceMargin).toBe('60000'); // 50,000 + 10,000
  });

  it('the sample book under portfolio margin: plain JSON, deterministic, inputs untouched', () => {
    const book = deepFreeze(sampleBook());
    const market = deepFreeze(sampleMarket());
    const a = assessAccount(book, market, PORTFOLIO);
    const json = JSON.stringify(a);
    expect(JSON.parse(json)).toEqual(a);
    expect(json).not.toMatch(/NaN|Infinity|\d[eE][+-]?\d|"-0"/);
    const shuffled = { ...book, positions: [...book.positions].reverse(), collateral: [...book.collateral].reverse() };
    expect(JSON.stringify(assessAccount(shuffled, market, PORTFOLIO))).toBe(json);
  });

  it('bad input: typed error with code and path', () => {
    const r = safeAssessAccount(perpBook('1'), btcMarket('100000'), { ...STANDARD, health: { id: 'h', version: '1', liquidation: { fee: '-1' } } });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]).toMatchObject({ code: 'invalid_value', path: ['health', 'liquidation', 'fee'], argument: 'params' });
  });
});
