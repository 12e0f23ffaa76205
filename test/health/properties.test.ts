import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessAccount, simulate, STATUS_ORDER } from '../../src/health/index.js';
import { deepFreeze, sampleMarket } from '../helpers/sample.js';
import { PORTFOLIO, STANDARD } from './params.js';
import type { PortfolioInput } from '../../src/index.js';

const market = deepFreeze(sampleMarket());
const SYMBOLS = ['BTC-PERP', 'ETH-PERP', 'BTC-25DEC26', 'BTC-25DEC26-100000-C', 'BTC-25DEC26-90000-P', 'ETH-25DEC26-3500-P', 'BTC-INV-25DEC26-100000-C', 'BTC-USD-PERP-INV'];
const qty = fc.integer({ min: -20, max: 20 }).filter((q) => q !== 0).map(String);
const position = fc.record({ symbol: fc.constantFrom(...SYMBOLS), quantity: qty, entry: fc.integer({ min: 80, max: 120 }) }).map((x) => {
  const out: { symbol: string; quantity: string; entryPrice?: string } = { symbol: x.symbol, quantity: x.quantity };
  if (x.symbol.endsWith('PERP') || x.symbol === 'BTC-25DEC26' || x.symbol === 'BTC-USD-PERP-INV') out.entryPrice = String((x.symbol.startsWith('ETH') ? 35 : 1000) * x.entry);
  return out;
});
const book = fc.record({
  positions: fc.array(position, { minLength: 1, maxLength: 5 }),
  usdc: fc.integer({ min: -200_000, max: 400_000 }),
  btc: fc.integer({ min: 0, max: 3 }),
});
const toAccount = (b: { positions: PortfolioInput['positions']; usdc: number; btc: number }): PortfolioInput => ({
  accountId: 'prop',
  settlementCurrency: 'USDC',
  positions: b.positions,
  collateral: [
    { asset: 'USDC', balance: String(b.usdc) },
    { asset: 'BTC', balance: String(b.btc) },
  ],
});
const rank = (s: string) => STATUS_ORDER.indexOf(s as never);
const PARAMS = [STANDARD, PORTFOLIO];

describe('health properties (fast-check, seeded)', () => {
  it('adding collateral never worsens the status', () => {
    fc.assert(
      fc.property(book, fc.integer({ min: 0, max: 300_000 }), fc.constantFrom(0, 1), (b, extra, k) => {
        const a = toAccount(b);
        const more = { ...a, collateral: [{ asset: 'USDC', balance: String(b.usdc + extra) }, a.collateral[1]!] };
        expect(rank(assessAccount(more, market, PARAMS[k]!).status)).toBeLessThanOrEqual(rank(assessAccount(a, market, PARAMS[k]!).status));
      }),
      { seed: 4242, numRuns: 40 },
    );
  });

  it('closing the whole book leaves MM = 0', () => {
    fc.assert(
      fc.property(book, fc.constantFrom(0, 1), (b, k) => {
        // USDC only: BTC collateral moves in the scenarios and keeps its own (collateral) risk after the book is closed.
        // Inverse instruments are left out: closing them realises P&L in coins, a balance whose value still
        // moves with the index (real, if small, collateral risk), so their MM after closing is not 0.
        const a = toAccount({ ...b, btc: 0, positions: b.positions.filter((x) => !x.symbol!.includes('INV')) });
        const net = new Map<string, number>();
        for (const p of a.positions) net.set(p.symbol!, (net.get(p.symbol!) ?? 0) + Number(p.quantity));
        const trades = [...net].filter(([, q]) => q !== 0).map(([symbol, q]) => ({ symbol, quantity: String(-q) }));
        const s = simulate(a, trades, market, PARAMS[k]!);
        expect(s.after.margin.maintenanceMargin).toBe('0');
        expect(s.after.margin.initialMargin).toBe('0');
        if (trades.length) expect(s.increasesRisk).toBe(false);
      }),
      { seed: 7, numRuns: 30 },
    );
  });

  it('permuting positions and collateral gives byte-identical JSON; inputs are never mutated', () => {
    fc.assert(
      fc.property(book, fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0, 1), (b, seed, k) => {
        const a = deepFreeze(toAccount(b));
        const shuffled = deepFreeze({
          ...a,
          positions: [...a.positions].sort(() => 0).reverse().map((_, i, arr) => arr[(i + seed) % arr.length]!),
          collateral: [...a.collateral].reverse(),
        });
        expect(JSON.stringify(assessAccount(shuffled, market, PARAMS[k]!))).toBe(JSON.stringify(assessAccount(a, market, PARAMS[k]!)));
      }),
      { seed: 99, numRuns: 30 },
    );
  });
});
