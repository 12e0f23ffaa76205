import { describe, expect, it } from 'vitest';
import { HEALTH_LIMITS, liquidationPrices, reductionPlan, simulate } from '../../src/health/index.js';
import { PRESETS } from '../../src/presets/index.js';
import type { MarketSnapshotInput } from '../../src/index.js';
import { account, btcMarket } from '../collateral/fixtures.js';
import { STANDARD } from './params.js';

// Issue 9, item 15 (the health part): the work one call of liquidationPrices or reductionPlan may do is
// bounded, and the bound is enforced before any work (`too_many`). Each tool is run on the worst input
// the bound allows (correct result) and on the first input beyond it (refused). The work counts below
// are the documented formulas (HEALTH_LIMITS, and each tool's TSDoc), written out by hand.
// No wall-clock assertions: tests are not benchmarks.

const outcome = (f: () => unknown): { code?: string; path?: unknown; argument?: string } => {
  try {
    f();
    return {};
  } catch (e) {
    return (e as { issues?: { code: string; path: unknown; argument: string }[] }).issues?.[0] ?? { code: String(e) };
  }
};

/** A market of `n` linear perps F0..F(n-1), each on its own underlying U0..U(n-1) (or all on U0), every price 100. */
function perps(n: number, underlyings: number): MarketSnapshotInput {
  const instruments = Array.from({ length: n }, (_, i) => ({ symbol: `F${i}`, kind: 'future', underlying: `U${i % underlyings}`, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }) as const);
  return {
    asOf: '2026-11-29T08:00:00Z',
    settlementCurrency: 'USDC',
    instruments,
    underlyings: Object.fromEntries(Array.from({ length: underlyings }, (_, u) => [`U${u}`, { index: '100' }])),
    marks: Object.fromEntries(instruments.map((x) => [x.symbol, { price: '100' }])),
    assets: {},
  };
}

describe('HEALTH_LIMITS', () => {
  it('is a frozen, documented constant', () => {
    expect(HEALTH_LIMITS.maxWork).toBe(500_000);
    expect(Object.isFrozen(HEALTH_LIMITS)).toBe(true);
  });
});

describe('liquidationPrices: search steps x underlyings x account size is bounded', () => {
  it('issue 9 item 15 repro: 10,000 steps on 2 underlyings is refused before any work', () => {
    // On main this ran for 13-30 s. 2 x (1 + 20,000 + 4 x 36) evaluations of 1 + 2 + 2 + 1 + 48 items: 2,175,660 > 500,000.
    const market = btcMarket('100000', {
      instruments: [{ symbol: 'ETH-PERP', kind: 'future', underlying: 'ETH', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }],
      marks: { 'ETH-PERP': { price: '3500' } },
    });
    market.underlyings.ETH = { index: '3500' };
    const book = account([{ symbol: 'BTC-PERP', quantity: '1' }, { symbol: 'ETH-PERP', quantity: '-10' }], [{ asset: 'USDC', balance: '50000' }]);
    const params = { ...PRESETS['deribit-pm'], health: { id: 'h', version: '1', liquidation: { search: { steps: 10_000 } } } };
    expect(outcome(() => liquidationPrices(book, market, params))).toMatchObject({ code: 'too_many', argument: 'params', path: ['health', 'liquidation', 'search', 'steps'] });
  });

  // 1 BTC-PERP long entered at 100 with 24 USDC, standard MM 5%: liquidation where 24 + (P - 100) = 0.05 P,
  // P = 76 / 0.95 = 80 exactly; bankruptcy where 24 + (P - 100) = 0, P = 76 (hand calculation).
  // Work: 1 underlying x (1 + 2 x steps + 4 x (35 + 1)) evaluations (B = ceil(log2(9 / 1e-9)) + 1 = 35 with
  // the default range and tolerance), each of 1 position + 1 balance + 1 underlying + 1 asset + 48 = 52
  // items, plus 1: (145 + 2 x steps) x 53 <= 500,000  <=>  steps <= 4,644. Settlement precision 8, so that
  // MM (0.05 P) is not rounded up to the cent and the level is exactly the hand-calculated one.
  const book = account([{ symbol: 'BTC-PERP', quantity: '1', entryPrice: '100' }], [{ asset: 'USDC', balance: '24' }]);
  const params = (steps: number) => ({ ...STANDARD, settlementPrecision: 8, health: { id: 'h', version: '1', liquidation: { search: { steps } } } });

  it('the worst allowed search (4,644 steps) finishes with the hand-calculated levels', () => {
    const r = liquidationPrices(book, btcMarket('100'), params(4644));
    const btc = r.underlyings[0]!;
    expect(btc.liquidation.down?.price).toBe('80');
    expect(btc.bankruptcy.down?.price).toBe('76');
    expect(btc.liquidation.up).toBeNull();
  }, 120_000);

  it('one step more (4,645) is refused', () => {
    expect(outcome(() => liquidationPrices(book, btcMarket('100'), params(4645)))).toMatchObject({ code: 'too_many', argument: 'params', path: ['health', 'liquidation', 'search', 'steps'] });
  });
});

describe('reductionPlan: rounds x candidates x risk-unit sizes is bounded', () => {
  // Standard MM 5% of 100 per contract = 5; each perp 10 long at entry 100; collateral 5 x 10 x n x 0.6 USDC:
  // shortage on every account, so the plan closes symbol after symbol (as many rounds as the bound counts).
  const standard = { ...STANDARD, health: { id: 'h', version: '1', liquidation: { fee: '0.001' } } };
  const book = (n: number) => account(Array.from({ length: n }, (_, i) => ({ symbol: `F${i}`, quantity: '10', entryPrice: '100' })), [{ asset: 'USDC', balance: String(30 * n) }]);
  const check = (n: number, underlyings: number) => {
    const m = perps(n, underlyings);
    const b = book(n);
    const plan = reductionPlan(b, m, standard);
    expect(plan.trades.length).toBeGreaterThan(0);
    const s = simulate(b, plan.trades.map((t) => ({ symbol: t.symbol, quantity: t.quantity, fee: t.cost })), m, standard);
    expect([s.after.maintenanceMargin, s.after.maintenanceEquity, s.after.status]).toEqual([plan.after.maintenanceMargin, plan.after.maintenanceEquity, plan.after.status]);
    expect(plan.reachesTarget).toBe(true);
  };

  // n perps on n underlyings, 1 balance (+1 for a realised settlement currency): each candidate's
  // neighbourhood is 1 position + 2 balances = 3 items. Per round n x (3 + 1) candidates + n x (3 + 1)
  // neighbourhoods + 2 x (n + 2 + 1) verifications = 10 n + 6; n rounds; then 108 x (n + 3).
  // 10 n^2 + 114 n + 324 <= 500,000  <=>  n <= 217.
  it('issue 9 item 15: 200 futures on 200 underlyings plan, each candidate scored on its own risk unit', () => {
    check(200, 200);
  }, 180_000);
  it('218 futures on 218 underlyings are refused before any work', () => {
    expect(outcome(() => reductionPlan(book(218), perps(218, 218), standard))).toMatchObject({ code: 'too_many', argument: 'portfolio', path: ['positions'] });
  });

  // n perps on one underlying: every neighbourhood is the whole account (n + 2 items). Per round
  // n x (n + 3) + (n + 3) + 2 x (n + 3) = (n + 3)^2; n rounds; then 108 x (n + 3).
  // n (n + 3)^2 + 108 (n + 3) <= 500,000  <=>  n <= 76.
  it('the worst allowed one-unit book (76 futures on one underlying) finishes', () => {
    check(76, 1);
  }, 180_000);
  it('77 futures on one underlying are refused; so are the issue\'s 200', () => {
    expect(outcome(() => reductionPlan(book(77), perps(77, 1), standard))).toMatchObject({ code: 'too_many', argument: 'portfolio', path: ['positions'] });
    expect(outcome(() => reductionPlan(book(200), perps(200, 1), standard))).toMatchObject({ code: 'too_many', argument: 'portfolio', path: ['positions'] });
  });
});
