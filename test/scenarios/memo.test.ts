import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRiskArrays, buildScenarioSet, type RiskArrays, type ScenarioSet } from '../../src/scenarios/index.js';
import { parseMarginParameters } from '../../src/margin/index.js';
import { parseMarket, withPrices } from '../../src/schema/parse.js';
import { valueInstrument } from '../../src/valuation/valueInstrument.js';
import { DERIBIT_PORTFOLIO_MARGIN, SPAN_CLASSIC_16 } from '../../src/presets/index.js';

const rawMarket = () => JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'data', 'market.json'), 'utf8'));

/** Every observable byte of a RiskArrays: float arrays as their bytes, Decimals as strings, maps as entries. */
function bytes(r: RiskArrays): string {
  const arr = (a: { underlying: string; pnl: Float64Array; exact?: readonly { toString(): string }[]; delta: number; maxAbs: number }) => ({
    keys: Object.keys(a),
    underlying: a.underlying,
    pnl: Buffer.from(a.pnl.buffer, a.pnl.byteOffset, a.pnl.byteLength).toString('hex'),
    exact: a.exact?.map(String),
    delta: Object.is(a.delta, -0) ? '-0' : a.delta,
    maxAbs: a.maxAbs,
  });
  return JSON.stringify({
    set: r.scenarioSet,
    settlementCurrency: r.settlementCurrency,
    weights: Buffer.from(r.weights.buffer).toString('hex'),
    weightDecimals: r.weightDecimals.map(String),
    weightDivisors: r.weightDivisors.map((d) => d?.toString()),
    instruments: [...r.instruments].map(([k, a]) => [k, arr(a)]),
    assets: [...r.assets].map(([k, a]) => [k, arr(a)]),
    valuations: [...(r.valuations ?? [])].map(([k, v]) => [k, JSON.stringify(v)]),
  });
}

describe('scenario set and risk array memos (per parsed parameters and snapshot)', () => {
  const params = parseMarginParameters(DERIBIT_PORTFOLIO_MARGIN);

  it('buildScenarioSet hands out one deeply frozen set per parameters and snapshot (issue 9, item 3)', () => {
    const m = parseMarket(rawMarket());
    const a = buildScenarioSet(params, m);
    const b = buildScenarioSet(params, m);
    expect(b).toBe(a);
    expect(JSON.stringify(buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, rawMarket()))).toBe(JSON.stringify(a));
    // Shared, so frozen in fact: no edit reaches the memo (strict mode: assignment throws).
    expect(() => {
      a.scenarios[0]!.moves.BTC = '0.99';
    }).toThrow(TypeError);
    expect(() => {
      a.scenarios[0]!.volShock.size = 7;
    }).toThrow(TypeError);
    expect(() => a.underlyings.push('ZZZ')).toThrow(TypeError);
    expect(JSON.stringify(buildScenarioSet(params, m))).toBe(JSON.stringify(buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, rawMarket())));
  });

  it('buildRiskArrays gives the same bytes cold (raw input) and warm (parsed, repeated), and copies that do not alias', () => {
    const m = parseMarket(rawMarket());
    const cold = bytes(buildRiskArrays(rawMarket(), buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, rawMarket())));
    const set = buildScenarioSet(params, m);
    const first = buildRiskArrays(m, set);
    expect(bytes(first)).toBe(cold);
    const sym = [...first.instruments.keys()][0]!;
    first.instruments.get(sym)!.pnl[0] = 123;
    first.weights[0] = 5;
    expect(bytes(buildRiskArrays(m, buildScenarioSet(params, m)))).toBe(cold);
    expect(bytes(buildRiskArrays(m, set))).toBe(cold);
    // A subset after the full build: the same arrays as a cold subset build.
    const some = [sym, [...first.instruments.keys()].at(-1)!];
    expect(bytes(buildRiskArrays(m, set, some))).toBe(bytes(buildRiskArrays(rawMarket(), JSON.parse(JSON.stringify(set)), some)));
  });

  it("a build's rows keep their bytes through later builds (rows share buffers), and handed-out exact arrays are frozen", () => {
    const m = parseMarket(rawMarket());
    const set = buildScenarioSet(params, m);
    const first = bytes(buildRiskArrays(m, set));
    // Later builds on other snapshots carve their rows after (or beside) the memoised ones.
    for (let i = 1; i <= 8; i++) {
      const moved = rawMarket();
      for (const u of Object.values(moved.underlyings) as { index: string }[]) u.index = String(Number(u.index) * (1 + i / 100));
      for (const a of Object.values(moved.assets ?? {}) as { price: string }[]) a.price = String(Number(a.price) * (1 + i / 100));
      const mi = parseMarket(moved);
      buildRiskArrays(mi, buildScenarioSet(params, mi), [...mi.instruments.keys()].slice(0, 3 * i));
    }
    expect(bytes(buildRiskArrays(m, set))).toBe(first);
    const out = buildRiskArrays(m, set);
    const withExact = [...out.instruments.values(), ...out.assets.values()].filter((a) => a.exact !== undefined);
    expect(withExact.length).toBeGreaterThan(0);
    for (const a of withExact) expect(Object.isFrozen(a.exact)).toBe(true);
  });

  it('an edited copy of a set is validated and revalued afresh, not served from the memo', () => {
    const m = parseMarket(rawMarket());
    const built = buildScenarioSet(params, m);
    const before = bytes(buildRiskArrays(m, built));
    const set: ScenarioSet = structuredClone(built);
    set.scenarios[0]!.moves.BTC = '-0.2';
    set.scenarios[1]!.volShock = { ...set.scenarios[1]!.volShock, size: 0.9 };
    set.scenarios[2]!.timeStepDays = 1;
    set.scenarios[30]!.weight = '0.5';
    delete set.scenarios[30]!.weightRatio;
    const after = bytes(buildRiskArrays(m, set));
    expect(after).not.toBe(before);
    expect(after).toBe(bytes(buildRiskArrays(rawMarket(), JSON.parse(JSON.stringify(set)))));
    // Edited again after use: the next call sees the new value (a caller's set is never memoised by identity).
    set.scenarios[0]!.moves.BTC = '-0.3';
    expect(bytes(buildRiskArrays(m, set))).toBe(bytes(buildRiskArrays(rawMarket(), JSON.parse(JSON.stringify(set)))));
    expect(bytes(buildRiskArrays(m, set))).not.toBe(after);
  });

  it('keeps sets of different parameters apart, and a new snapshot gets its own arrays', () => {
    const m = parseMarket(rawMarket());
    const span = buildScenarioSet(SPAN_CLASSIC_16, m);
    expect(JSON.stringify(span)).toBe(JSON.stringify(buildScenarioSet(SPAN_CLASSIC_16, rawMarket())));
    expect(bytes(buildRiskArrays(m, span))).toBe(bytes(buildRiskArrays(rawMarket(), buildScenarioSet(SPAN_CLASSIC_16, rawMarket()))));
    const moved = rawMarket();
    moved.underlyings.BTC.index = '90000';
    const m2 = parseMarket(moved);
    const set2 = buildScenarioSet(params, m2);
    expect(bytes(buildRiskArrays(m2, set2))).toBe(bytes(buildRiskArrays(moved, buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, moved))));
    expect(bytes(buildRiskArrays(m2, set2))).not.toBe(bytes(buildRiskArrays(m, buildScenarioSet(params, m))));
  });

  it("a snapshot's memo is its own: invisible in its keys and JSON, fresh for withPrices' snapshot, a WeakMap's for an unparsed copy", () => {
    const raw = rawMarket();
    const m = parseMarket(raw);
    // Nothing enumerable is added: keys and JSON are the parse's alone (the parse of the same input twice).
    expect(Object.keys(m)).toEqual(Object.keys(parseMarket(rawMarket())));
    expect(JSON.stringify(m)).toBe(JSON.stringify(parseMarket(rawMarket())));
    const sym = [...m.instruments.values()].find((i) => i.kind === 'option')!.symbol;
    const inst = m.instruments.get(sym)!;
    // One valuation per snapshot and instrument, whichever memo holds it.
    expect(valueInstrument(m, inst)).toBe(valueInstrument(m, inst));
    // withPrices builds a new snapshot (a spread does not carry the memo): its valuation is its own,
    // at its own index (BTC doubled: a forward at twice the index).
    const u = m.instruments.get(sym)!.underlying;
    const { instruments: _i, ...prices } = rawMarket();
    const doubled = String(Number(prices.underlyings[u].index) * 2);
    prices.underlyings[u].index = doubled;
    const moved = withPrices(m, prices);
    const v = valueInstrument(moved, moved.instruments.get(sym)!);
    expect(v).not.toBe(valueInstrument(m, inst));
    expect(v.index.toString()).toBe(doubled);
    expect(v).toBe(valueInstrument(moved, moved.instruments.get(sym)!));
    // A snapshot object this copy did not parse (an unbranded spread) is memoised too, apart from m.
    const copy = { ...m } as typeof m;
    expect(valueInstrument(copy, inst)).toBe(valueInstrument(copy, inst));
    expect(valueInstrument(copy, inst)).not.toBe(valueInstrument(m, inst));
    expect(JSON.stringify(valueInstrument(copy, inst))).toBe(JSON.stringify(valueInstrument(m, inst)));
    // An object made on m as its prototype with its own prices is not m: it must not read m's memo
    // (review of round 27: the memo was found through the prototype chain). Its index is its own.
    const view = Object.create(m, { underlyings: { value: moved.underlyings, enumerable: true } }) as typeof m;
    const w = valueInstrument(view, inst);
    expect(w).not.toBe(valueInstrument(m, inst));
    expect(w.index.toString()).toBe(doubled);
  });
});

