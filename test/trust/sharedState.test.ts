import { describe, expect, it } from 'vitest';
import {
  accountEquity,
  assessAccount,
  buildRiskArrays,
  buildScenarioSet,
  computeMargin,
  createMarginEngine,
  D,
  DEFAULT_HEALTH_PARAMETERS,
  LIMITS,
  marginFromRiskArrays,
  MarginInputError,
  netExposure,
  parseHealthParameters,
  parseMarginParameters,
  parseMarket,
  parsePortfolio,
  parseScenarioSet,
  PRESETS,
  scenarioWeights,
  suppliedRiskArrays,
  valueInstrument,
  withPrices,
  type MarginParameters,
  type MarginParametersInput,
  type MarketSnapshot,
  type MarketSnapshotInput,
  type Portfolio,
  type PortfolioInput,
  type RiskArray,
  type RiskArrays,
} from '../../src/index.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';

// Issue 9, item 3 and its class: every public object that holds memoised or shared state (parsed
// snapshots, portfolios and parameter sets, presets and defaults, scenario sets, risk arrays, the
// engine and its views, valuations, results) is changed by the caller in every way JavaScript allows;
// the next results must equal a fresh computation from fresh inputs.

/** Every observable byte of risk arrays (float arrays as bytes, Decimals as strings). */
function bytes(r: RiskArrays): string {
  const arr = (a: RiskArray) => ({ u: a.underlying, pnl: Buffer.from(a.pnl.buffer, a.pnl.byteOffset, a.pnl.byteLength).toString('hex'), exact: a.exact?.map(String), delta: a.delta, maxAbs: a.maxAbs });
  return JSON.stringify({
    set: r.scenarioSet,
    settlementCurrency: r.settlementCurrency,
    weights: Buffer.from(r.weights.buffer, r.weights.byteOffset, r.weights.byteLength).toString('hex'),
    weightDecimals: r.weightDecimals.map(String),
    weightDivisors: r.weightDivisors.map((x) => x?.toString()),
    instruments: [...r.instruments].map(([k, a]) => [k, arr(a)]),
    assets: [...r.assets].map(([k, a]) => [k, arr(a)]),
    valuations: [...(r.valuations ?? [])].map(([k, v]) => [k, JSON.stringify(v)]),
  });
}

/**
 * Changes everything reachable from `v` that JavaScript lets a caller change: typed arrays filled,
 * arrays pushed to and overwritten, maps set, deleted and cleared, object fields overwritten and
 * added. Frozen objects and read-only maps refuse (TypeError, caught). Decimals are values (their
 * digits are never edited by callers; decimal.js offers no mutating method) and are left alone.
 */
function vandalize(v: unknown, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== 'object' || seen.has(v) || D.isDecimal(v)) return;
  seen.add(v);
  const attempt = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
    }
  };
  if (ArrayBuffer.isView(v)) {
    attempt(() => (v as Float64Array).fill(7.5));
    return;
  }
  if (v instanceof Map) {
    for (const x of [...v.values()]) vandalize(x, seen);
    const first = v.keys().next().value;
    attempt(() => v.set('VANDAL', { underlying: 'X' }));
    attempt(() => v.delete(first));
    attempt(() => v.clear());
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) vandalize(x, seen);
    attempt(() => v.push('VANDAL'));
    attempt(() => v.reverse());
    attempt(() => {
      v[0] = 'VANDAL';
    });
    return;
  }
  for (const k of Object.keys(v)) {
    const desc = Object.getOwnPropertyDescriptor(v, k);
    if (desc && 'value' in desc) vandalize(desc.value, seen);
    else if (desc?.get) vandalize((v as Record<string, unknown>)[k], seen);
  }
  for (const k of Object.keys(v)) {
    attempt(() => {
      (v as Record<string, unknown>)[k] = typeof (v as Record<string, unknown>)[k] === 'number' ? -7.5 : 'VANDAL';
    });
  }
  attempt(() => {
    (v as Record<string, unknown>).vandal = 1;
  });
}

const PM = PRESETS['deribit-pm'];
const ALL = ['deribit-pm', 'deribit-standard', 'span-classic-16', 'span-cme-16'] as const;

/** Every account-level result and every memoised object's observable form, as JSON text. */
function everything(input: { market: MarketSnapshotInput | MarketSnapshot; book: PortfolioInput | Portfolio; params: Record<string, MarginParametersInput | MarginParameters> }): Record<string, string> {
  const param = (id: string) => input.params[id]!;
  const { market, book, params } = input;
  const out: Record<string, string> = {};
  for (const id of ALL) {
    out[`computeMargin ${id}`] = JSON.stringify(computeMargin(book, market, param(id)));
    out[`assessAccount ${id}`] = JSON.stringify(assessAccount(book, market, param(id)));
    const engine = createMarginEngine(market, param(id));
    out[`engine.margin ${id}`] = JSON.stringify(engine.margin(book));
    out[`engine.assess ${id}`] = JSON.stringify(engine.assess(book));
    out[`engine.riskArrays ${id}`] = bytes(engine.riskArrays);
    out[`engine.scenarioSet ${id}`] = JSON.stringify(engine.scenarioSet);
  }
  const set = buildScenarioSet(param('deribit-pm'), market);
  out.set = JSON.stringify(set);
  const arrays = buildRiskArrays(market, set);
  out.arrays = bytes(arrays);
  out.fromArrays = JSON.stringify(marginFromRiskArrays(book, market, arrays, param('deribit-pm')));
  out.weights = JSON.stringify(scenarioWeights(set), (_k, x) => (x instanceof Float64Array ? [...x] : x));
  const btc = set.scenarios.map((s) => 100000 * Number(s.moves.BTC ?? 0));
  out.supplied = bytes(suppliedRiskArrays(market, set, { instruments: { 'BTC-PERP': btc } }));
  out.exposure = JSON.stringify(netExposure(book, market));
  out.equity = JSON.stringify(accountEquity(book, market));
  const m = parseMarket(market);
  out.valuation = JSON.stringify(valueInstrument(m, m.instruments.get('BTC-25DEC26-100000-C')!));
  return out;
}

const fresh = () => ({ market: sampleMarket(), book: sampleBook(), params: Object.fromEntries(ALL.map((id) => [id, structuredClone(PRESETS[id])])) });

describe('caller-visible state cannot change later results (issue 9, item 3)', () => {
  it('repro: an edited risk array is read as it now is (no stale exact conversion), and the memo is untouched', () => {
    const m = parseMarket(sampleMarket());
    const book = sampleBook();
    const set = buildScenarioSet(PM, m);
    const arrays = buildRiskArrays(m, set);
    const before = marginFromRiskArrays(book, m, arrays, PM).maintenanceMargin;
    expect(before).toBe('44956.181606868'); // README's figure for the sample book (checked against the Python reference in test/package/examples.test.ts)
    // Double every option's P&L in place (options carry no exact values: their floats are the data).
    for (const a of arrays.instruments.values()) if (!a.exact) for (let i = 0; i < a.pnl.length; i++) a.pnl[i]! *= 2;
    const edited = marginFromRiskArrays(book, m, arrays, PM);
    // The same numbers in brand-new arrays: what the edited ones must give.
    const copy: RiskArrays = {
      ...arrays,
      weights: arrays.weights.slice(),
      instruments: new Map([...arrays.instruments].map(([k, a]) => [k, { ...a, pnl: a.pnl.slice() }])),
      assets: new Map([...arrays.assets].map(([k, a]) => [k, { ...a, pnl: a.pnl.slice() }])),
    };
    expect(JSON.stringify(edited)).toBe(JSON.stringify(marginFromRiskArrays(book, m, copy, PM)));
    expect(edited.maintenanceMargin).not.toBe(before);
    // Nothing of that reached the memo: fresh arrays, computeMargin and an engine give the old figure.
    expect(marginFromRiskArrays(book, m, buildRiskArrays(m, set), PM).maintenanceMargin).toBe(before);
    expect(computeMargin(book, m, PM).maintenanceMargin).toBe(before);
    expect(createMarginEngine(m, PM).margin(book).maintenanceMargin).toBe(before);
  });

  it("repro: engine.riskArrays is a copy; editing it changes nothing the engine computes", () => {
    const m = parseMarket(sampleMarket());
    const book = sampleBook();
    const engine = createMarginEngine(m, PM);
    const first = JSON.stringify(engine.margin(book));
    const view = engine.riskArrays;
    for (const a of view.instruments.values()) a.pnl.fill(1e9);
    view.weights.fill(0);
    expect(() => (view.instruments as Map<string, RiskArray>).delete('BTC-PERP')).toThrow(TypeError);
    expect(() => {
      (view.instruments.get('BTC-PERP') as { delta: number }).delta = 5;
    }).toThrow(TypeError);
    expect(JSON.stringify(engine.margin(book))).toBe(first);
    expect(JSON.stringify(engine.margin(book))).toBe(JSON.stringify(computeMargin(sampleBook(), sampleMarket(), PM)));
    // An edited copy handed back is checked like any caller's arrays: its weights no longer match the set.
    expect(() => marginFromRiskArrays(book, m, view, PM)).toThrow(MarginInputError);
  });

  it('class: every shared object and every result is changed in every way allowed; the next results equal a fresh computation', () => {
    const raw = fresh();
    const expected = everything(fresh());
    // Shared, parsed state, used once so that every memo is filled.
    const market = parseMarket(raw.market);
    const book = parsePortfolio(raw.book);
    const params = Object.fromEntries(ALL.map((id) => [id, parseMarginParameters(raw.params[id])]));
    const shared = { market, book, params };
    const first = everything(shared);
    expect(first).toEqual(expected);
    // Everything a caller can reach: the parsed inputs, presets and defaults, the memoised sets, risk
    // arrays, engines (and their views), valuations, parsed health and scenario sets, and the results.
    const reach: unknown[] = [market, book, ...Object.values(params), PRESETS, DEFAULT_HEALTH_PARAMETERS, LIMITS, withPrices(market, (({ instruments: _, ...prices }) => prices)(raw.market))];
    for (const id of ALL) {
      const engine = createMarginEngine(market, params[id]!);
      reach.push(engine, engine.market, engine.params, engine.scenarioSet, engine.riskArrays, engine.margin(book), engine.assess(book));
      reach.push(computeMargin(book, market, params[id]!), assessAccount(book, market, params[id]!));
    }
    const set = buildScenarioSet(params['deribit-pm']!, market);
    const arrays = buildRiskArrays(market, set);
    reach.push(set, arrays, buildRiskArrays(market, set, ['BTC-PERP', 'BTC-25DEC26-100000-C']), scenarioWeights(set));
    reach.push(parseScenarioSet(JSON.parse(JSON.stringify(set))), parseHealthParameters({ id: 'h', version: '1' }));
    reach.push(suppliedRiskArrays(market, set, { instruments: { 'BTC-PERP': new Array(set.scenarios.length).fill(-1) } }));
    reach.push(valueInstrument(market, market.instruments.get('BTC-25DEC26-100000-C')!), netExposure(book, market), accountEquity(book, market));
    for (const x of reach) vandalize(x);
    expect(LIMITS.maxScenarios).toBe(100_000);
    expect(everything(shared)).toEqual(expected);
    expect(everything(fresh())).toEqual(expected);
  });
});
