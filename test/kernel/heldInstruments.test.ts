import { describe, expect, it } from 'vitest';
import { makeMarket, rng } from '../../bench/generate.js';
import { parseMarginParameters, parseMarket, PRESETS } from '../../src/index.js';
import { riskArraysFor } from '../../src/scenarios/buildRiskArrays.js';
import { scenarioSetOf } from '../../src/scenarios/buildScenarioSet.js';
import { heldInstruments } from '../../src/kernel/compileAccount.js';
import { kernelTable } from '../../src/kernel/kernelTick.js';

// heldInstruments orders a book's instruments by the table's symbol ranks (an integer sort); the
// expected list here is made the plain way: distinct known symbols, sorted by Array.prototype.sort's
// default (UTF-16 code units, the canonical order of compareKeys), independent of the ranks.
describe('heldInstruments (a book\'s distinct instruments in symbol order, as table indices)', () => {
  const market = parseMarket(makeMarket(500));
  const table = kernelTable(market.instruments);
  const symbols = [...market.instruments.keys()];
  // A parsed market keeps its instruments in symbol order, so there a rank is its table index; a table
  // in reverse order tells ranks from indices (a result of ranks instead of indices fails here).
  const reversed = kernelTable(new Map([...market.instruments].reverse()));

  it.each([
    ['the parsed table', table],
    ['a table in reverse symbol order', reversed],
  ])('is the sorted distinct known symbols, for random books with repeats and unknown symbols (%s)', (_name, table) => {
    const r = rng(0x4e1d);
    for (let k = 0; k < 300; k++) {
      const n = Math.floor(r() * 260);
      const book: string[] = [];
      for (let j = 0; j < n; j++) {
        const x = r();
        // Some unknown symbols, some near misses of known ones (a prefix, a suffix), mostly known ones.
        const s = symbols[Math.floor(r() * symbols.length)]!;
        book.push(x < 0.05 ? `NO-SUCH-${j}` : x < 0.08 ? s.slice(0, -1) : x < 0.1 ? `${s}-X` : s);
        // Repeats: the line before again.
        if (r() < 0.2 && book.length > 0) book.push(book[Math.floor(r() * book.length)]!);
      }
      const want = [...new Set(book)].filter((s) => market.instruments.has(s)).sort();
      const got = heldInstruments(table, book);
      expect(got.map((i) => table.symbols[i])).toEqual(want);
      expect(got.every((i) => table.index.get(table.symbols[i]!) === i)).toBe(true);
    }
  });

  // The one-shot hands heldInstruments' symbols to riskArraysFor as presorted: the arrays (keys, order
  // and values) must be the ones of the default call, which removes repeats and sorts itself.
  it('its symbols, passed to riskArraysFor as presorted, give the default call\'s arrays', () => {
    const set = scenarioSetOf(parseMarginParameters(PRESETS['deribit-pm']), market);
    const r = rng(0x5e7);
    const book = Array.from({ length: 60 }, () => symbols[Math.floor(r() * symbols.length)]!);
    const held = heldInstruments(table, book).map((i) => table.symbols[i]!);
    const a = riskArraysFor(market, set, held, undefined, true);
    const b = riskArraysFor(market, set, book);
    expect([...a.instruments.keys()]).toEqual([...b.instruments.keys()]);
    for (const [k, x] of b.instruments) expect(Array.from(a.instruments.get(k)!.pnl)).toEqual(Array.from(x.pnl));
  });

  it('hand cases: empty, unknown only, one symbol repeated', () => {
    expect(heldInstruments(table, [])).toEqual([]);
    expect(heldInstruments(table, ['NO-SUCH', ''])).toEqual([]);
    const s = symbols[7]!;
    expect(heldInstruments(table, [s, s, s])).toEqual([table.index.get(s)]);
  });
});
