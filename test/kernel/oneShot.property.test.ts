import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { assessAccount } from '../../src/health/index.js';
import { parseMarginParameters, parseMarket, parseMarketPrices, parsePortfolio, withPrices } from '../../src/index.js';
import { accountFigures } from '../../src/kernel/index.js';
import { assessedFigures, outcome } from './checkPopulation.js';
import { movedPrices, POPULATIONS } from './populations.js';

// The one-shot decision (accountFigures) equals the fields of assessAccount, byte for byte, over random
// accounts of every kernel population, each on a fresh snapshot (a new identity: nothing memoised per
// snapshot), at the population's prices and at moved ones, for raw and parsed books. The one-shot
// path builds only the held instruments' arrays and the tied assets the book can read, and runs
// the kernel's exact pass directly: a property, not a handful of hand books, says that changes nothing.

const COUNT = 24;

describe('accountFigures equals assessAccount on random accounts and fresh snapshots (property)', () => {
  POPULATIONS.forEach((pop, k) => {
    it(pop.name, () => {
      const r = rng(0x05e7 + k);
      const market = parseMarket(pop.market);
      const { instruments: _table, ...raw } = pop.market;
      const same = parseMarketPrices(raw);
      const mismatches: string[] = [];
      let kernel = 0;
      let cases = 0;
      for (const input of pop.params) {
        const params = parseMarginParameters(input);
        for (let i = 0; i < COUNT; i++) {
          const book = pop.account(r, i);
          const prices = i % 2 ? parseMarketPrices(movedPrices(pop.market, r)) : same;
          const snapshot = withPrices(market, prices);
          const portfolio = i % 3 === 0 ? parsePortfolio(book) : book;
          const want = outcome(() => JSON.parse(assessedFigures(assessAccount(book, snapshot, params))));
          // A fresh identity for the one-shot too (the assessment above memoised its valuations on `snapshot`).
          const got = outcome(() => {
            const { exact, ...f } = accountFigures(portfolio, withPrices(market, prices), params);
            if (exact === 'kernel') kernel++;
            return f;
          });
          cases++;
          if (got !== want) mismatches.push(`${params.id} #${i}\n  one-shot ${got.slice(0, 400)}\n  assess   ${want.slice(0, 400)}`);
        }
      }
      expect(mismatches.slice(0, 3).join('\n')).toBe('');
      expect(kernel, `computed by the kernel: ${kernel} of ${cases}`).toBeGreaterThan(0);
    });
  });
});
