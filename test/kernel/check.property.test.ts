import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { createMarginEngine } from '../../src/engine/index.js';
import type { SimulatedTrade } from '../../src/index.js';
import { resolveParameters } from '../../src/health/resolveParameters.js';
import { parseTrades } from '../../src/health/parseTrades.js';
import { compiledOf } from '../../src/kernel/CompiledAccountHandle.js';
import { compiledAfterTrades } from '../../src/kernel/compiledAfterTrades.js';
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
          let want: string;
          try {
            const s = engine.simulate(book, trades);
            want = JSON.stringify({ allowed: s.allowed, reason: s.reason, before: JSON.parse(assessedFigures(s.before)), after: JSON.parse(assessedFigures(s.after)), change: s.change, increasesRisk: s.increasesRisk });
          } catch (e) {
            want = `error ${JSON.stringify((e as { issues?: unknown }).issues ?? String(e))}`;
          }
          const h = engine.compile(book);
          for (const before of [undefined, engine.figures(h)]) {
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
          }
          cases++;
          if (!want.startsWith('error') && compiledAfterTrades(compiledOf(h)!, fastTrades(trades) ?? parseTrades(trades), tick)) booked++;
        }
      }
      expect(mismatches.slice(0, 3).join('\n')).toBe('');
      expect(booked / cases, `booked by the kernel: ${booked} of ${cases}`).toBeGreaterThanOrEqual(0.8);
    });
  });
});
