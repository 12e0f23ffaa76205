import { describe, expect, it } from 'vitest';
import { makeBook, makeMarket, rng } from '../../bench/generate.js';
import { createMarginEngine } from '../../src/engine/index.js';
import { PRESETS } from '../../src/presets/index.js';
import { assessedFigures } from './checkPopulation.js';

// Accounts of many risk units (one per underlying): the kernel computes a few units' scans ahead of
// their requirements, a group at a time, so an account of more units than one group holds runs
// several groups, the last one short. Their figures must still be the fields of `assess` byte for
// byte, as a raw account, a kept handle, and a pre-trade check's after-account.

/** The bench market's five underlyings again under each suffix: 5 x (1 + suffixes) underlyings. */
function widened(suffixes: readonly string[]): any {
  const base = makeMarket(60);
  const out = JSON.parse(JSON.stringify(base));
  for (const x of suffixes) {
    const names = Object.keys(base.underlyings);
    const re = (s: string) => names.reduce((t, n) => (t.startsWith(`${n}-`) ? `${n}${x}${t.slice(n.length)}` : t), s);
    for (const n of names) {
      out.underlyings[`${n}${x}`] = base.underlyings[n];
      out.assets[`${n}${x}`] = { ...base.assets[n], underlying: `${n}${x}` };
    }
    for (const i of base.instruments) out.instruments.push({ ...i, symbol: re(i.symbol), underlying: `${i.underlying}${x}` });
    for (const [s, m] of Object.entries(base.marks)) out.marks[re(s)] = m;
  }
  return out;
}

describe('accounts of many risk units', () => {
  const market = widened(['X', 'Y', 'Z']);
  const engine = createMarginEngine(market, PRESETS['deribit-pm']);
  const r = rng(4601);

  it('has the units it is meant to have', () => {
    expect(Object.keys(market.underlyings)).toHaveLength(20);
  });

  it('gives the figures of assess for 1 to 20 units, raw, kept and after a trade', () => {
    let kernel = 0;
    let units = 0;
    for (let i = 0; i < 60; i++) {
      const book = makeBook(market, 5 + Math.floor(r() * 40), Math.floor(r() * 12), Math.floor(r() * 2 ** 31), `many-${i}`);
      units = Math.max(units, new Set(book.positions.map((p: any) => market.instruments.find((x: any) => x.symbol === p.symbol).underlying)).size);
      const expected = assessedFigures(engine.assess(book));
      const { exact, ...raw } = engine.figures(book);
      expect(JSON.stringify(raw)).toBe(expected);
      if (exact === 'kernel') kernel++;
      const handle = engine.compile(book);
      const { exact: _k, ...kept } = engine.figures(handle);
      expect(JSON.stringify(kept)).toBe(expected);
      const trade = { symbol: book.positions[i % book.positions.length].symbol, quantity: i % 2 ? '3' : '-2' };
      // The check of a kept handle (its unit memo: units one at a time) against the check of the raw account.
      const before = engine.figures(handle);
      const check = JSON.stringify(engine.check(handle, [trade], before));
      expect(JSON.stringify(engine.check(handle, [trade], before))).toBe(check);
      expect(JSON.stringify(engine.check(book, [trade]))).toBe(check);
    }
    // Most accounts are the kernel's own (else the groups would not have been run), some of more units than a group.
    expect(kernel).toBeGreaterThan(50);
    expect(units).toBeGreaterThan(12);
  });
});
