import { describe, expect, it } from 'vitest';
import { makeMarket, rng } from '../../bench/generate.js';
import { parseMarginParameters, parseMarket, PRESETS } from '../../src/index.js';
import { riskArraysFor, type HeldArray } from '../../src/scenarios/buildRiskArrays.js';
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
      expect(got.every((i) => table.index[table.symbols[i]!] === i)).toBe(true);
    }
  });

  // The one-shot hands heldInstruments' symbols to riskArraysFor as presorted, with a list for the
  // records: they must be the arrays and valuations of the default call (which removes repeats and
  // sorts itself), in its key order, with its maps left empty; its asset arrays those of the full map
  // for the assets asked. Built on a second parse of the same market (a memo of its own), so that the
  // values are compared, not one memo's objects.
  it('its symbols, passed to riskArraysFor with a record list, give the default call\'s arrays in its order', () => {
    const set = scenarioSetOf(parseMarginParameters(PRESETS['deribit-pm']), market);
    const other = parseMarket(makeMarket(500));
    const otherTable = kernelTable(other.instruments);
    const r = rng(0x5e7);
    const book = Array.from({ length: 60 }, () => symbols[Math.floor(r() * symbols.length)]!);
    const held = heldInstruments(otherTable, book).map((i) => otherTable.symbols[i]!);
    const assetNames = [...other.assets.keys()];
    const records: HeldArray[] = [];
    const a = riskArraysFor(other, set, held, new Set(assetNames.slice(1)), records);
    const b = riskArraysFor(market, set, book);
    expect(a.instruments.size + a.valuations!.size).toBe(0);
    expect(records.map((h) => h.valuation.instrument.symbol)).toEqual([...b.instruments.keys()]);
    records.forEach((h, k) => {
      const sym = held[k]!;
      expect(h.valuation.instrument).toBe(other.instruments.get(sym));
      expect(Array.from(h.array.pnl)).toEqual(Array.from(b.instruments.get(sym)!.pnl));
      expect(h.array.exact?.map(String)).toEqual(b.instruments.get(sym)!.exact?.map(String));
      expect({ ...h.valuation, instrument: undefined }).toEqual({ ...b.valuations!.get(sym)!, instrument: undefined });
    });
    expect([...a.assets.keys()]).toEqual([...b.assets.keys()].filter((x) => x !== assetNames[0]));
    for (const [k, x] of a.assets) expect(Array.from(x.pnl)).toEqual(Array.from(b.assets.get(k)!.pnl));
  });

  it('hand cases: empty, unknown only, one symbol repeated', () => {
    expect(heldInstruments(table, [])).toEqual([]);
    expect(heldInstruments(table, ['NO-SUCH', ''])).toEqual([]);
    const s = symbols[7]!;
    expect(heldInstruments(table, [s, s, s])).toEqual([table.index[s]]);
  });
});
