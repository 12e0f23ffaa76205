import { describe, expect, it } from 'vitest';
import { accountEquity } from '../../src/collateral/index.js';
import { deepFreeze, sampleBook, sampleMarket } from '../helpers/sample.js';
import { account, btcMarket } from './fixtures.js';

const option = (symbol: string, right: 'call' | 'put', strike: string) => ({
  symbol,
  kind: 'option',
  underlying: 'BTC',
  quoteCurrency: 'USDC',
  settlementCurrency: 'USDC',
  settlement: 'linear',
  contractSize: '1',
  expiry: '2026-12-25T08:00:00Z',
  right,
  strike,
});

describe('accountEquity', () => {
  it('dYdX-style bankruptcy: 0.1 BTC long at 50,000 with USDC -4,501 has equity 0 at 45,010', () => {
    // Source of the convention: dYdX v3 documentation, "Margin" (https://docs.dydx.exchange/#margin-calculation):
    // account value = Q + S x P (Q the USDC balance, S the size, P the oracle price); buying 0.1 BTC at
    // 50,000 from 499 USDC leaves Q = -4,501. Hand calculation, two equivalent bookings:
    //   (a) spot-like, BTC held as collateral: 0.1 x 45,010 - 4,501 = 4,501 - 4,501 = 0
    //   (b) perp with entry price: wallet = -4,501 + 0.1 x 50,000 = 499 USDC; 499 + 0.1 x (45,010 - 50,000) = 499 - 499 = 0
    const a = accountEquity(account([], [{ asset: 'BTC', balance: '0.1' }, { asset: 'USDC', balance: '-4501' }]), btcMarket('45010'), {}, 2);
    expect(a.equity).toBe('0');
    const b = accountEquity(account([{ symbol: 'BTC-PERP', quantity: '0.1', entryPrice: '50000' }], [{ asset: 'USDC', balance: '499' }]), btcMarket('45010'), {}, 2);
    expect(b.futuresPnl).toBe('-499');
    expect(b.equity).toBe('0');
    // One cent higher the equity is positive: 0.1 x 0.01 = 0.001 -> rounded down to 0 at 2 dp, 0.001 at 3 dp.
    expect(accountEquity(account([{ symbol: 'BTC-PERP', quantity: '0.1', entryPrice: '50000' }], [{ asset: 'USDC', balance: '499' }]), btcMarket('45010.01'), {}, 3).equity).toBe('0.001');
  });

  it('inverse P&L is in coins at the coin price', () => {
    // 1,000 contracts x 10 USD long entered at 50,000, mark 40,000:
    //   P&L = 1,000 x 10 x (1/50,000 - 1/40,000) = 10,000 x (-0.000005) = -0.05 BTC = -2,000 USDC at 40,000
    // collateral 1 BTC = 40,000 -> equity 38,000.
    const e = accountEquity(account([{ symbol: 'BTC-USD-PERP-INV', quantity: '1000', entryPrice: '50000' }], [{ asset: 'BTC', balance: '1' }]), btcMarket('40000'), {}, 2);
    expect(e.futuresPnl).toBe('-2000');
    expect(e.equity).toBe('38000');
  });

  it('options add when long and subtract when short; funding and isolated allocations', () => {
    // Quoted option prices are exact: call 5,000, put 1,200 (USDC per BTC).
    //   +2 calls = +10,000; -3 puts = -3,600 -> option value 6,400
    // BTC-PERP 1 long entered 99,000, mark 100,000: +1,000; accrued funding -12.35.
    // Isolated: BTC-PERP -1 entered 90,000 with 2,000 allocated: its P&L (-10,000) stays out; 2,000 leaves the cross collateral.
    // equity = 50,000 - 2,000 + 1,000 + 6,400 - 12.35 = 55,387.65
    const market = btcMarket('100000', {
      instruments: [option('C', 'call', '100000'), option('P', 'put', '100000')],
      marks: { C: { price: '5000' }, P: { price: '1200' } },
    });
    const book = account(
      [
        { symbol: 'C', quantity: '2' },
        { symbol: 'P', quantity: '-3' },
        { symbol: 'BTC-PERP', quantity: '1', entryPrice: '99000', accruedFunding: '-12.35' },
        { symbol: 'BTC-PERP', quantity: '-1', entryPrice: '90000', isolatedMargin: '2000' },
      ],
      [{ asset: 'USDC', balance: '50000' }],
    );
    const e = accountEquity(deepFreeze(book), deepFreeze(market), {}, 2);
    expect(e).toMatchObject({ optionValue: '6400', futuresPnl: '1000', funding: '-12.35', isolatedAllocations: '2000', equity: '55387.65' });
    expect(e.positions.map((p) => [p.symbol, p.isolated])).toEqual([
      // canonical order: symbol, then quantity (-1 before 1)
      ['BTC-PERP', true],
      ['BTC-PERP', false],
      ['C', false],
      ['P', false],
    ]);
  });

  it('a model-valued short rounds against the account: a long and a short of the same option never add value', () => {
    const m = sampleMarket();
    const e = accountEquity(account([{ symbol: 'BTC-25DEC26-100000-C', quantity: '1' }, { symbol: 'BTC-25DEC26-100000-C', quantity: '-1' }], []), m, {}, 8);
    expect(Number(e.optionValue)).toBeLessThanOrEqual(0);
    expect(Number(e.optionValue)).toBeGreaterThan(-1e-6);
  });

  it('the sample book: byte-identical JSON whatever the order of positions and collateral', () => {
    const book = sampleBook();
    const a = accountEquity(book, sampleMarket(), {}, 2);
    const shuffled = { ...book, positions: [...book.positions].reverse(), collateral: [...book.collateral].reverse() };
    expect(JSON.stringify(accountEquity(shuffled, sampleMarket(), {}, 2))).toBe(JSON.stringify(a));
    expect(JSON.stringify(a)).not.toMatch(/NaN|Infinity|e[+-]|"-0"/);
  });
});
