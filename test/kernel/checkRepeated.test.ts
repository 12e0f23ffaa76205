import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { createMarginEngine } from '../../src/engine/index.js';
import type { SimulatedTrade } from '../../src/index.js';
import { assessedFigures } from './checkPopulation.js';
import { movedPrices, POPULATIONS } from './populations.js';

// engine.check on a kept handle makes the handle's unit memo on its first kernel answer, and later
// checks at the same engine skip the test of whether the account is usable at the engine's tick
// (it passed then; the tick does not change). Checks two, three and on, on the same handle, each held
// to engine.simulate's fields (the Decimal path), interleaved with checks whose trades the schema
// refuses (an unknown symbol, a bad quantity) or that trade an instrument this tick has no price
// for; on engines where the handle's own book is usable and where it is not (a moved tick without
// the mark of one of its lines).

type R = () => number;
type Book = { accountId: string; settlementCurrency: string; positions: { symbol: string; quantity: string }[]; collateral: { asset: string; balance: string }[] };
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function checkJson(c: { allowed: boolean; reason: string; before: object; after: object; change: object; increasesRisk: boolean }): string {
  const f = (x: object) => {
    const { exact: _e, ...rest } = x as { exact?: string };
    return rest;
  };
  return JSON.stringify({ allowed: c.allowed, reason: c.reason, before: f(c.before), after: f(c.after), change: c.change, increasesRisk: c.increasesRisk });
}

function failure(e: unknown): string {
  return `error ${JSON.stringify((e as { issues?: unknown }).issues ?? String(e))}`;
}

describe('repeated engine.check on one kept handle equals engine.simulate each time', () => {
  for (const k of [3, 0]) {
    const pop = POPULATIONS[k]!;
    it(`${pop.name}: valid, refused and unpriced trades in turn, at a usable and an unusable tick`, () => {
      const r = rng(0xc0ffee + k);
      const symbols: string[] = pop.market.instruments.map((i: { symbol: string }) => i.symbol);
      const base = createMarginEngine(pop.market, pop.params[0]!);
      const mismatches: string[] = [];
      const seen = { kernel: 0, errors: 0, unusable: 0, compared: 0 };
      // A tick without the mark of an instrument every book holds (no book is usable there) and one
      // without the mark of an instrument no book holds (the trades into it are unpriced).
      const [heldMark, unpriced] = k === 3 ? ['BTC-PERP', 'ETH-PERP'] : [symbols[0]!, symbols[1]!];
      const missingHeld = movedPrices(pop.market, r);
      delete missingHeld.marks[heldMark];
      const missingOther = movedPrices(pop.market, r);
      delete missingOther.marks[unpriced];
      const engines = [
        { name: 'own tick', engine: base },
        { name: 'a held mark missing', engine: base.withPrices(missingHeld) },
        { name: 'another mark missing', engine: base.withPrices(missingOther) },
      ];
      const books = k === 3 ? 4 : 2;
      for (let i = 0; i < books; i++) {
        const book: Book = pop.account(r, i);
        book.positions = book.positions.filter((p) => p.symbol !== unpriced && p.symbol !== heldMark);
        book.positions.push({ symbol: heldMark, quantity: '2' });
        const held = new Set(book.positions.map((p) => p.symbol));
        let h;
        try {
          h = base.compile(book);
        } catch {
          continue;
        }
        for (const { name, engine } of engines) {
          const valid = (): SimulatedTrade[] => {
            const p = pick(r, book.positions);
            return [r() < 0.5 ? { symbol: p.symbol, quantity: String(-Number(p.quantity)) } : { symbol: pick(r, [...held]), quantity: (r() < 0.5 ? '-' : '') + (1 + Math.floor(r() * 5)) }];
          };
          const sequence: SimulatedTrade[][] = [
            valid(),
            valid(),
            [{ symbol: 'NO-SUCH-INSTRUMENT', quantity: '1' }],
            valid(),
            [{ symbol: pick(r, book.positions).symbol, quantity: 'one' }],
            valid(),
            [{ symbol: unpriced, quantity: '1' }],
            valid(),
          ];
          sequence.forEach((trades, j) => {
            let want: string;
            try {
              const s = engine.simulate(book, trades);
              want = JSON.stringify({ allowed: s.allowed, reason: s.reason, before: JSON.parse(assessedFigures(s.before)), after: JSON.parse(assessedFigures(s.after)), change: s.change, increasesRisk: s.increasesRisk });
            } catch (e) {
              want = failure(e);
            }
            let got: string;
            try {
              const c = engine.check(h, trades);
              got = checkJson(c);
              if (c.after.exact === 'kernel') seen.kernel++;
              if (name === 'a held mark missing' && c.before.exact !== 'kernel') seen.unusable++;
            } catch (e) {
              got = failure(e);
              if (name === 'a held mark missing') seen.unusable++;
            }
            if (got.startsWith('error')) seen.errors++;
            seen.compared++;
            if (got !== want) mismatches.push(`book ${i}, ${name}, check ${j} ${JSON.stringify(trades)}\n  check    ${got.slice(0, 300)}\n  simulate ${want.slice(0, 300)}`);
          });
        }
      }
      expect(mismatches.slice(0, 3).join('\n')).toBe('');
      // The kernel answered many checks, the schema refused some, some accounts were not usable.
      expect(seen.kernel, JSON.stringify(seen)).toBeGreaterThan(seen.compared / 4);
      expect(seen.errors, JSON.stringify(seen)).toBeGreaterThan(seen.compared / 8);
      expect(seen.unusable, JSON.stringify(seen)).toBeGreaterThan(0);
    });
  }
});
