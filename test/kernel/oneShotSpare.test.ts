import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { assessAccount } from '../../src/health/index.js';
import { parseMarginParameters, parseMarket, parseMarketPrices, parsePortfolio, withPrices } from '../../src/index.js';
import { accountFigures } from '../../src/kernel/index.js';
import { kernelTable } from '../../src/kernel/kernelTick.js';
import { assessedFigures, outcome } from './checkPopulation.js';
import { movedPrices, POPULATIONS } from './populations.js';

// A one-shot call's per-instrument arrays go back to the instrument table when it ends
// (KernelTick.release -> KernelTable.spare) and the next one-shot call on the same table takes them:
// whatever the earlier call left (it valued its book at other prices, it stopped half way on an
// unknown symbol or a price the tick cannot serve, it was another book) must not reach the next one.
// Each call on a fresh snapshot sharing one instrument table (withPrices) is held to the fields of
// assessAccount on the same inputs (the Decimal path, nothing shared with the kernel's arrays).

type Book = { accountId: string; settlementCurrency: string; positions: { symbol: string; quantity: string }[]; collateral: { asset: string; balance: string }[] };

describe('one-shot calls in a row on one instrument table (the released per-instrument arrays)', () => {
  for (const k of [3, 0]) {
    const pop = POPULATIONS[k]!;
    it(`${pop.name}: books, throwing calls and moved prices interleaved, each as assess`, () => {
      const r = rng(0x5a4e + k);
      const market = parseMarket(pop.market);
      const table = kernelTable(market.instruments);
      const params = parseMarginParameters(pop.params[0]!);
      const symbols = [...market.instruments.keys()];
      const mismatches: string[] = [];
      const seen = { kernel: 0, thrown: 0, halfWay: 0, parts: 0 };
      let last: Book = pop.account(r, 0);
      const steps = k === 3 ? 30 : 12;
      for (let i = 0; i < steps; i++) {
        // New prices at every call (a reused instrument valued at the earlier prices would show), some
        // calls at prices that lack the mark of one of the book's instruments or doubt one.
        const raw = movedPrices(pop.market, r);
        // Every third call a day later (a day moves no roll-shock rate of these books' near expiries:
        // the asOf guard on the shared roll-shock rates is held by oneShotParams.test.ts, which
        // moves asOf by weeks on an expiry past the rate floor, and by oneShot.property.test.ts).
        if (i % 3 === 2) raw.asOf = '2026-11-30T09:00:00Z';
        let book: Book;
        switch (i % 6) {
          case 0:
          case 3:
            // Another book (overlapping the last one's instruments on the small table).
            book = pop.account(r, i);
            break;
          case 1:
            // The last book with an unknown symbol after its own lines: its instruments are valued
            // before the call gives up (NOT_COVERED, then the Decimal path raises unknown_symbol).
            book = { ...last, positions: [...last.positions, { symbol: 'NO-SUCH-INSTRUMENT', quantity: '1' }] };
            break;
          case 2:
            // The last book with a bad quantity (refused by the schema).
            book = { ...last, positions: [...last.positions, { symbol: symbols[i % symbols.length]!, quantity: '1.2.3' }] };
            break;
          case 4: {
            // The last book at prices without the mark of its last line (the tick cannot serve it).
            book = last;
            const gone = last.positions[last.positions.length - 1]?.symbol;
            if (gone !== undefined) delete raw.marks[gone];
            break;
          }
          default: {
            // The same book again at new prices, its first line's mark of low confidence (a
            // market-data flag: the position is not usable by the kernel at this tick, though it
            // was at the earlier call's, which the released state bytes must not remember).
            book = last;
            const doubtful = last.positions[0]?.symbol;
            if (doubtful !== undefined && raw.marks[doubtful] !== undefined) raw.marks[doubtful] = { ...raw.marks[doubtful], confidence: '0.1' };
          }
        }
        const prices = parseMarketPrices(raw);
        const want = outcome(() => JSON.parse(assessedFigures(assessAccount(book, withPrices(market, prices), params))));
        const portfolio = i % 4 === 3 && !want.startsWith('error') ? parsePortfolio(book) : book;
        let exact: string | undefined;
        const got = outcome(() => {
          const { exact: e, ...f } = accountFigures(portfolio, withPrices(market, prices), params);
          exact = e;
          return f;
        });
        if (exact === 'kernel') seen.kernel++;
        if (got.startsWith('error')) seen.thrown++;
        if (got !== want) mismatches.push(`step ${i} (${i % 6})\n  one-shot ${got.slice(0, 300)}\n  assess   ${want.slice(0, 300)}`);
        // Every call that made a tick handed its arrays back cleared.
        const spare = table.spare;
        if (spare !== undefined) {
          expect(spare.state.every((x) => x === 0)).toBe(true);
          expect(spare.insts.every((x) => x === undefined)).toBe(true);
          // (Cleared where the tick wrote them: its list of written indices goes back empty.)
          expect(spare.touched.length).toBe(0);
          // The exact P&L table goes back all NaN (not yet converted) for the next call to take.
          if (spare.parts !== undefined) expect(spare.parts.every((x) => x !== x)).toBe(true);
          seen.parts += spare.parts !== undefined ? 1 : 0;
          seen.halfWay += i % 6 === 1 || i % 6 === 4 ? 1 : 0;
        }
        if (!want.startsWith('error') && i % 6 !== 4) last = book;
      }
      expect(mismatches.slice(0, 3).join('\n')).toBe('');
      // The kernel answered a good share of the calls, some threw, and the calls that stopped half way released too.
      expect(seen.kernel, JSON.stringify(seen)).toBeGreaterThanOrEqual(steps / 4);
      expect(seen.thrown, JSON.stringify(seen)).toBeGreaterThan(steps / 6);
      expect(seen.halfWay, JSON.stringify(seen)).toBeGreaterThan(0);
      expect(seen.parts, JSON.stringify(seen)).toBeGreaterThan(0);
    });
  }
});
