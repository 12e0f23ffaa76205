import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMarginEngine, LIMITS, PRESETS, reductionPlan, simulate } from '../../src/index.js';
import { account, btcMarket } from '../collateral/fixtures.js';
import { STANDARD } from '../health/params.js';
import { deepFreeze } from '../helpers/sample.js';
import { thrown } from '../helpers/thrown.js';

// Round 32, kdef2. A trade closes the cross lines of its symbol pro rata, and a pro-rata share is a
// division rounded at 40 significant digits. Alternating sells and buys of 1 on a 1.5 long: sell 1
// leaves 0.5; buy 1 opens a second line of 1; sell 1 takes 1/3 of the first line and 2/3 of the second
// (0.5 - 1/3 = 0.1666...67, 40 digits), and so on: the oldest line shrinks by a factor of 3 every two
// trades, so after 100 trades it is about 1e-24 contracts with 40 significant digits: 65 characters
// as a decimal string, past the boundary's 64 (LIMITS.maxDecimalChars). The after-portfolio, which
// simulate prints and reads back, is then refused. The refusal used to name argument 'portfolio' and
// path ['positions', 0, 'quantity'], a field of the caller's portfolio that holds '1.5' and is valid:
// it is the trades' doing, so it now names argument 'trades' (path [], no single trade is at fault)
// and says where in the after-portfolio the limit was met.
describe('a portfolio after trades outside the input limits is refused on the trades', () => {
  const book = deepFreeze(account([{ symbol: 'BTC-PERP', quantity: '1.5', entryPrice: '97000' }], [{ asset: 'USDC', balance: '1000000' }]));
  const market = deepFreeze(btcMarket('100000'));
  const trades = Array.from({ length: 100 }, (_, i) => ({ symbol: 'BTC-PERP', quantity: i % 2 ? '1' : '-1' }));

  it('simulate, the engine simulate and check raise the same issue, on the trades argument', () => {
    const want = {
      code: 'invalid_decimal',
      path: [],
      argument: 'trades',
      message: expect.stringMatching(/^after the trades, portfolioAfter\.positions\.0\.quantity: expected a plain decimal string/),
    };
    const e = createMarginEngine(market, STANDARD);
    for (const f of [() => simulate(book, trades, market, STANDARD), () => e.simulate(book, trades), () => e.check(book, trades), () => e.check(e.compile(book), trades)]) {
      const err = thrown(f);
      expect(err.issues.length).toBeGreaterThan(0);
      for (const i of err.issues) expect(i).toEqual({ ...want, message: expect.stringMatching(/^after the trades, portfolioAfter\./) });
      expect(err.issues[0]).toEqual(want);
    }
  });

  it('fewer trades stay inside the limits: the after-portfolio reads back, and check agrees with simulate', () => {
    const few = trades.slice(0, 10);
    const e = createMarginEngine(market, STANDARD);
    const s = e.simulate(book, few);
    // Net: 1.5 - 5 + 5 = 1.5 contracts, in several lines.
    const net = s.portfolioAfter.positions.reduce((a, p) => a + Number(p.quantity), 0);
    expect(net).toBeCloseTo(1.5, 12);
    const c = e.check(book, few);
    expect(c.change).toEqual(s.change);
  });
});

// Round 32, kfix32 (review finding 1). The boundary reads at most LIMITS.maxPositions (100,000) lines.
// A book of exactly 100,000 valid lines plus a buy that opposes none of them (all long) opens line
// 100,001: simulate's after-portfolio is refused when read back (argument 'trades', path [], as
// above). check's kernel path booked the trades without the count limit: under deribit-pm it
// answered allowed: true, and under deribit-standard it blamed the caller's portfolio. One case
// (the deribit-pm engine, where the kernel decides), about 2 s: the limit needs 100,000 lines.
describe('a portfolio after trades past the count limit: check refuses as simulate', () => {
  it('100,000 lines and one more opened: the same too_many issue on the trades', () => {
    const n = LIMITS.maxPositions;
    expect(n).toBe(100_000);
    const book = account(Array.from({ length: n }, () => ({ symbol: 'BTC-PERP', quantity: '1', entryPrice: '100000' })), [{ asset: 'USDC', balance: '100000000000' }]);
    const e = createMarginEngine(btcMarket('100000'), PRESETS['deribit-pm']);
    const buy = [{ symbol: 'BTC-PERP', quantity: '1' }];
    const want = [{ code: 'too_many', path: [], argument: 'trades', message: 'after the trades, portfolioAfter.positions: too many items (at most 100000)' }];
    expect(thrown(() => e.simulate(book, buy)).issues).toEqual(want);
    expect(thrown(() => e.check(e.compile(book), buy)).issues).toEqual(want);
  });
});

// Round 33, ktest33: the other half of that guard, the collateral count (LIMITS.maxCollateral, 1,000
// balances). The cheapest book that meets it: 1,000 balances of 1,000 assets the market prices at 1
// USDC (none of them USDC, the settlement currency), no position, and one trade whose fee is paid in
// USDC: the after-portfolio holds a 1,001st balance, which the boundary refuses when simulate reads it
// back. check (compiled and raw) must refuse alike, not answer on a book the boundary would not read.
// With 999 assets the same trade is inside the limit, and check agrees with simulate.
describe('a portfolio after trades past the collateral count: check refuses as simulate', () => {
  const engineWith = (assets: number) => {
    const names = Array.from({ length: assets }, (_, i) => `A${i}`);
    const market = btcMarket('100000', { assets: Object.fromEntries(names.map((a) => [a, { price: '1' }])) });
    const book = account([], names.map((asset) => ({ asset, balance: '1' })));
    return { e: createMarginEngine(market, PRESETS['deribit-pm']), book, market };
  };
  const trade = [{ symbol: 'BTC-PERP', quantity: '1', fee: '1' }];

  it('1,000 balances and a fee in a new asset: the same too_many issue on the trades', () => {
    expect(LIMITS.maxCollateral).toBe(1000);
    const { e, book, market } = engineWith(LIMITS.maxCollateral);
    const want = [{ code: 'too_many', path: [], argument: 'trades', message: 'after the trades, portfolioAfter.collateral: too many items (at most 1000)' }];
    expect(thrown(() => simulate(book, trade, market, PRESETS['deribit-pm'])).issues).toEqual(want);
    expect(thrown(() => e.simulate(book, trade)).issues).toEqual(want);
    expect(thrown(() => e.check(e.compile(book), trade)).issues).toEqual(want);
    expect(thrown(() => e.check(book, trade)).issues).toEqual(want);
  });

  it('999 balances: the 1,000th (USDC, -1 of fee) is inside the limit, and check agrees with simulate', () => {
    const { e, book } = engineWith(LIMITS.maxCollateral - 1);
    const s = e.simulate(book, trade);
    expect(s.portfolioAfter.collateral.length).toBe(LIMITS.maxCollateral);
    expect(s.portfolioAfter.collateral.at(-1)).toEqual({ asset: 'USDC', balance: '-1' });
    const c = e.check(e.compile(book), trade);
    expect(c.change).toEqual(s.change);
    expect(c.allowed).toBe(s.allowed);
  });
});

// Round 32, kfix32 (review finding 2). reductionPlan books its own candidate closes with the same
// trade model. The near-limit book plus a second, tiny BTC-PERP long (valid: 35 characters, 11
// significant digits) makes its BTC-PERP close shrink both lines pro rata, and the tiny line's share,
// rounded at 40 significant digits, prints past the boundary's 64 characters. The refusal named
// ['positions', 5, 'quantity'] of the caller's portfolio, which holds the valid tiny quantity; it
// now names the plan's candidate trade (path [], argument 'portfolio': no argument holds the bad
// value, and the account is the one the plan cannot be made for), and where the after-portfolio broke.
describe('reductionPlan: a candidate close the boundary refuses names the candidate', () => {
  const data = (f: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'data', f), 'utf8'));
  it('the tiny line\'s pro-rata share is refused on the plan, not on the caller\'s valid field', () => {
    const book = data('book-near-limit.json');
    const tiny = { symbol: 'BTC-PERP', quantity: '0.0000000000000000000000012345678901', entryPrice: '101200' };
    const withTiny = { ...book, positions: [...book.positions, tiny] };
    const err = thrown(() => reductionPlan(withTiny, data('market.json'), PRESETS['deribit-pm']));
    expect(err.issues.length).toBe(1);
    expect(err.issues[0]).toEqual({
      code: 'invalid_decimal',
      path: [],
      argument: 'portfolio',
      message: expect.stringMatching(/^reductionPlan cannot book its candidate trade of -[0-9.]+ BTC-PERP: after it, portfolioAfter\.positions\.\d+\.quantity: /),
    });
  });
});
