import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/health/index.js';
import { account, btcMarket } from '../collateral/fixtures.js';
import { deepFreeze } from '../helpers/sample.js';
import { STANDARD } from './params.js';

// 10 BTC-PERP long at 100,000 (entry 100,000): IM 10% = 100,000, MM 5% = 50,000 (standard, hand calculation).
const book = (usdc: string) => deepFreeze(account([{ symbol: 'BTC-PERP', quantity: '10', entryPrice: '100000' }], [{ asset: 'USDC', balance: usdc }]));
const market = deepFreeze(btcMarket('100000'));

describe('simulate', () => {
  it('a risk-increasing trade covered by equity is allowed', () => {
    // +1 BTC-PERP at mark: IM +10,000 -> 110,000, MM +5,000 -> 55,000; equity 120,000 unchanged.
    const s = simulate(book('120000'), [{ symbol: 'BTC-PERP', quantity: '1' }], market, STANDARD);
    expect(s.change).toEqual({ initialMargin: '10000', maintenanceMargin: '5000', equity: '0' });
    expect(s.increasesRisk).toBe(true);
    expect(s.allowed).toBe(true);
    expect(s.after.status).toBe('healthy');
  });

  it('a risk-increasing trade that leaves equity below IM is refused', () => {
    // +3: IM 130,000 > equity 120,000.
    const s = simulate(book('120000'), [{ symbol: 'BTC-PERP', quantity: '3' }], market, STANDARD);
    expect(s.allowed).toBe(false);
    expect(s.reason).toMatch(/120000 < 130000/);
  });

  it('a risk-reducing trade is allowed while liquidatable', () => {
    // equity 40,000 < MM 50,000; selling 5 halves MM to 25,000.
    const s = simulate(book('40000'), [{ symbol: 'BTC-PERP', quantity: '-5' }], market, STANDARD);
    expect(s.before.status).toBe('liquidatable');
    expect(s.change.maintenanceMargin).toBe('-25000');
    expect(s.allowed).toBe(true);
    expect(s.after.status).toBe('reduce_only'); // 40,000 >= 25,000 x 1.25 = 31,250, < IM 50,000
  });

  it('a trade away from the mark and a fee move equity', () => {
    // Buy 1 at 101,000 while the mark is 100,000: -1,000 of P&L; fee 50.
    const s = simulate(book('120000'), [{ symbol: 'BTC-PERP', quantity: '1', price: '101000', fee: '50' }], market, STANDARD);
    expect(s.change.equity).toBe('-1050');
    expect(s.portfolioAfter.collateral).toEqual([{ asset: 'USDC', balance: '119950' }]);
  });

  it('an unknown symbol is reported on the trades argument', () => {
    try {
      simulate(book('1'), [{ symbol: 'NOPE', quantity: '1' }], market, STANDARD);
      throw new Error('no throw');
    } catch (e) {
      expect((e as { issues: unknown[] }).issues[0]).toMatchObject({ code: 'unknown_symbol', path: [0, 'symbol'], argument: 'trades' });
    }
  });
});
