import { describe, expect, it } from 'vitest';
import { createMarginEngine, simulate } from '../../src/index.js';
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
