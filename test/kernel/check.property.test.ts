import { describe, expect, it } from 'vitest';
import { makeMarket, rng } from '../../bench/generate.js';
import { createMarginEngine } from '../../src/engine/index.js';
import { PRESETS, type SimulatedTrade } from '../../src/index.js';
import type { AccountFigures } from '../../src/kernel/AccountFigures.js';
import { resolveParameters } from '../../src/health/resolveParameters.js';
import { parseTrades } from '../../src/health/parseTrades.js';
import { compiledOf } from '../../src/kernel/CompiledAccountHandle.js';
import { compiledAfterTrades } from '../../src/kernel/compiledAfterTrades.js';
import { collateralOf, compileLines, linesOf } from '../../src/kernel/compileAccount.js';
import { kernelFigures } from '../../src/kernel/kernelFigures.js';
import { exactString, inWideMode, NOT_COVERED, UNDECIDED } from '../../src/kernel/kv.js';
import { fastTrades } from '../../src/kernel/fastPortfolio.js';
import { KernelTick } from '../../src/kernel/kernelTick.js';
import { assessedFigures } from './checkPopulation.js';
import { POPULATIONS } from './populations.js';

// engine.check equals the fields of engine.simulate (issue 10, item 7), byte for byte, over random
// accounts of every kernel population and random trades: closing part, all or more than a held line,
// opening new lines, at the mark or at a price, with fees, one or two trades. And the kernel books most
// of them itself (the trade model in kernel numbers, an incremental recompile): a property whose every
// case went through the Decimal trade model would prove little about the kernel's booking.

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function randomTrade(r: R, book: any, market: any): SimulatedTrade {
  const held = book.positions as { symbol: string; quantity: string }[];
  const inst = market.instruments as { symbol: string; kind: string }[];
  const fromBook = held.length > 0 && r() < 0.7;
  const symbol = fromBook ? pick(r, held).symbol : pick(r, inst).symbol;
  const line = held.find((p) => p.symbol === symbol);
  let quantity: string;
  if (line && r() < 0.6) {
    // Close part of, all of, or more than the line (a flip), sometimes fractional.
    const q = Number(line.quantity);
    quantity = (-q * pick(r, [0.5, 1, 1, 1.5, 0.25])).toFixed(pick(r, [0, 1, 2, 4]));
  } else quantity = ((r() < 0.5 ? -1 : 1) * (0.01 + r() * 20)).toFixed(pick(r, [0, 0, 1, 3]));
  if (Number(quantity) === 0) quantity = '1';
  const kind = inst.find((i) => i.symbol === symbol)!.kind;
  const mark = Number(market.marks[symbol]?.price ?? 0);
  const price = r() < 0.3 ? (kind === 'future' && mark > 0 ? (mark * (0.95 + 0.1 * r())).toFixed(pick(r, [0, 1, 2])) : (r() * 500).toFixed(pick(r, [0, 2]))) : undefined;
  const fee = r() < 0.3 ? (r() * 10).toFixed(pick(r, [0, 2, 6])) : undefined;
  return { symbol, quantity, ...(price !== undefined ? { price } : {}), ...(fee !== undefined ? { fee } : {}) };
}

const COUNT = 100;

/** The kernel's figures as the engine runs them (the fast pass, then the wide retry) as JSON, or what sends the account to the Decimal path. */
function outcome(f: () => unknown): string {
  const name = (e: unknown) => (e === UNDECIDED ? 'undecided' : e === NOT_COVERED ? 'not covered' : String(e));
  try {
    return JSON.stringify(f());
  } catch (e) {
    if (e !== UNDECIDED) return name(e);
    try {
      return JSON.stringify(inWideMode(f));
    } catch (e2) {
      return name(e2);
    }
  }
}

describe('check equals simulate on random accounts and trades (kernel property)', () => {
  POPULATIONS.forEach((pop, k) => {
    it(pop.name, () => {
      const r = rng(0xc4ec + k);
      let cases = 0;
      let booked = 0;
      const mismatches: string[] = [];
      for (const params of pop.params) {
        const engine = createMarginEngine(pop.market, params);
        const tick = new KernelTick(engine.market, resolveParameters(engine.params), engine.riskArrays);
        for (let i = 0; i < COUNT; i++) {
          const book = pop.account(r, i);
          const trades = Array.from({ length: r() < 0.8 ? 1 : 2 }, () => randomTrade(r, book, pop.market));
          const simulated = (trades: SimulatedTrade[]): string => {
            try {
              const s = engine.simulate(book, trades);
              return JSON.stringify({ allowed: s.allowed, reason: s.reason, before: JSON.parse(assessedFigures(s.before)), after: JSON.parse(assessedFigures(s.after)), change: s.change, increasesRisk: s.increasesRisk });
            } catch (e) {
              return `error ${JSON.stringify((e as { issues?: unknown }).issues ?? String(e))}`;
            }
          };
          const want = simulated(trades);
          const h = engine.compile(book);
          const checked = (trades: SimulatedTrade[], before: AccountFigures | undefined, want: string) => {
            let got: string;
            try {
              const c = engine.check(h, trades, before);
              const f = (x: { exact: string }) => {
                const { exact: _e, ...rest } = x;
                return rest;
              };
              got = JSON.stringify({ allowed: c.allowed, reason: c.reason, before: f(c.before), after: f(c.after), change: c.change, increasesRisk: c.increasesRisk });
            } catch (e) {
              got = `error ${JSON.stringify((e as { issues?: unknown }).issues ?? String(e))}`;
            }
            if (got !== want) mismatches.push(`${params.id} #${i} ${JSON.stringify(trades)}\n  check    ${got.slice(0, 400)}\n  simulate ${want.slice(0, 400)}`);
          };
          // Both orders: the handle's unit memo (unitMemo.ts) filled by its own figures (no before
          // given) or by the copied units of an earlier check; then, for some, another trade on the
          // same handle (units kept by the first check serve it).
          const figures = engine.figures(h);
          for (const before of i % 2 ? [undefined, figures] : [figures, undefined]) checked(trades, before, want);
          if (i % 3 === 0) {
            const other = [randomTrade(r, book, pop.market)];
            checked(other, figures, simulated(other));
          }
          cases++;
          const after = want.startsWith('error') ? undefined : compiledAfterTrades(compiledOf(h)!, fastTrades(trades) ?? parseTrades(trades), tick);
          if (after) {
            booked++;
            // The incremental recompile (units the trades cannot reach copied from the account before)
            // gives the figures of the same lines compiled whole.
            const whole = inWideMode(() => compileLines(after.accountId, after.settlementCurrency, linesOf(after), collateralOf(after), tick));
            const incremental = outcome(() => kernelFigures(after, tick));
            if (incremental !== outcome(() => kernelFigures(whole, tick))) mismatches.push(`${params.id} #${i} ${JSON.stringify(trades)}: incremental recompile ${incremental.slice(0, 300)}`);
          }
        }
      }
      expect(mismatches.slice(0, 3).join('\n')).toBe('');
      expect(booked / cases, `booked by the kernel: ${booked} of ${cases}`).toBeGreaterThanOrEqual(0.8);
    });
  });
});

describe('an incremental recompile plans again the unit of a balance a trade pays', () => {
  it('a BTC-quoted ETH future pays BTC: the BTC unit (a tied balance opens) is planned again, not copied', () => {
    // USDC market with a BTC asset tied to BTC (collateral in the scenarios), plus ETH-BTC: linear, quoted and settled in BTC.
    const market = makeMarket(60);
    market.instruments.push({ symbol: 'ETH-BTC', kind: 'future', underlying: 'ETH', quoteCurrency: 'BTC', settlementCurrency: 'BTC', settlement: 'linear', contractSize: '1' });
    market.marks['ETH-BTC'] = { price: '0.035' };
    const engine = createMarginEngine(market, PRESETS['deribit-pm']);
    const tick = new KernelTick(engine.market, resolveParameters(engine.params), engine.riskArrays);
    const book = {
      accountId: 'paid',
      settlementCurrency: 'USDC',
      positions: [
        { symbol: 'BTC-PERP', quantity: '2', entryPrice: '99000' },
        { symbol: 'ETH-BTC', quantity: '10', entryPrice: '0.03' },
      ],
      collateral: [{ asset: 'USDC', balance: '100000' }],
    };
    // Selling 4 at 0.04 pays 4 x (0.04 - 0.03) = 0.04 BTC: a BTC balance opens, a new scan entry of the BTC unit.
    const trades = [{ symbol: 'ETH-BTC', quantity: '-4', price: '0.04' }];
    const h = engine.compile(book);
    const after = compiledAfterTrades(compiledOf(h)!, fastTrades(trades)!, tick)!;
    expect(collateralOf(after).map((x) => `${x.asset} ${exactString(x.balance)}`)).toEqual(['USDC 100000', 'BTC 0.04']);
    const whole = inWideMode(() => compileLines(after.accountId, after.settlementCurrency, linesOf(after), collateralOf(after), tick));
    expect(outcome(() => kernelFigures(after, tick))).toBe(outcome(() => kernelFigures(whole, tick)));
    const s = engine.simulate(book, trades);
    const c = engine.check(h, trades);
    expect(c.after.maintenanceMargin).toBe(s.after.maintenanceMargin);
    expect(c.after.equity).toBe(s.after.equity);
    expect(c.after.exact).toBe('kernel');
  });
});
