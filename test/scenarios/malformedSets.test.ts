import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildRiskArrays,
  buildScenarioSet,
  D,
  LIMITS,
  marginFromRiskArrays,
  MarginInputError,
  parseMarket,
  parseScenarioSet,
  PRESETS,
  scenarioWeights,
  suppliedRiskArrays,
  type RiskArray,
  type RiskArrays,
  type ScenarioSet,
} from '../../src/index.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';

// Issue 9, item 13: scenario sets and risk arrays are documented inputs (hand-written, or from a
// clearing house), so they are validated like every other input: a malformed one is a
// MarginInputError naming the argument (`scenarioSet`, `riskArrays`) and the field, never a
// TypeError, DecimalError or RangeError from inside, and never a silent number (weight -1).

const PM = PRESETS['deribit-pm-2023'];
const market = parseMarket(sampleMarket());
const BOOK = sampleBook();
const built = buildScenarioSet(PM, market);
const raw = (): any => JSON.parse(JSON.stringify(built));

type Outcome = { ok: true } | { ok: false; issues: { code: string; argument?: string; path: (string | number)[] }[] };
function outcome(f: () => unknown): Outcome {
  try {
    f();
    return { ok: true };
  } catch (e) {
    if (e instanceof MarginInputError) return { ok: false, issues: e.issues };
    throw e; // anything else fails the test with the original exception
  }
}
const first = (o: Outcome) => (o.ok ? 'ok' : [o.issues[0]!.code, o.issues[0]!.argument, o.issues[0]!.path]);

/** Malformed scenario sets: [what, the set, code, path of the first issue]. */
const SETS: [string, () => unknown, string, (string | number)[]][] = [
  ['{} (the issue’s repro)', () => ({}), 'missing_field', ['paramsId']],
  ['null', () => null, 'invalid_type', []],
  ['an array', () => [], 'invalid_type', []],
  ['scenarios not an array', () => ({ ...raw(), scenarios: 5 }), 'invalid_type', ['scenarios']],
  ['a scenario without moves', () => { const s = raw(); delete s.scenarios[3].moves; return s; }, 'missing_field', ['scenarios', 3, 'moves']],
  ['a move of -1 (-100%)', () => { const s = raw(); s.scenarios[0].moves.BTC = '-1'; return s; }, 'invalid_value', ['scenarios', 0, 'moves', 'BTC']],
  ['a move that is not a decimal', () => { const s = raw(); s.scenarios[0].moves.BTC = 'abc'; return s; }, 'invalid_decimal', ['scenarios', 0, 'moves', 'BTC']],
  ['a move as a JSON number', () => { const s = raw(); s.scenarios[0].moves.BTC = -0.16; return s; }, 'invalid_type', ['scenarios', 0, 'moves', 'BTC']],
  ['a move for an underlying the set does not list', () => { const s = raw(); s.scenarios[2].moves.SOL = '0.1'; return s; }, 'invalid_value', ['scenarios', 2, 'moves', 'SOL']],
  ['weight -1', () => { const s = raw(); s.scenarios[4].weight = '-1'; return s; }, 'invalid_value', ['scenarios', 4, 'weight']],
  ['weight NaN', () => { const s = raw(); s.scenarios[4].weight = 'NaN'; return s; }, 'invalid_decimal', ['scenarios', 4, 'weight']],
  ['weightRatio with a zero divisor', () => { const s = raw(); s.scenarios[27].weightRatio = ['0.16', '0']; return s; }, 'invalid_value', ['scenarios', 27, 'weightRatio', 1]],
  ['weight not equal to its ratio', () => { const s = raw(); s.scenarios[27].weight = '0.5'; return s; }, 'invalid_value', ['scenarios', 27, 'weight']],
  ['vol state without a size', () => { const s = raw(); delete s.scenarios[0].volShock.size; return s; }, 'missing_field', ['scenarios', 0, 'volShock', 'size']],
  ['vol size NaN (null in JSON)', () => { const s = raw(); s.scenarios[0].volShock.size = null; return s; }, 'invalid_type', ['scenarios', 0, 'volShock', 'size']],
  ['a term-scaling power of 1e6 (the vol would overflow)', () => { const s = raw(); s.scenarios[0].volShock.termScaling.shortPower = 1e6; return s; }, 'invalid_value', ['scenarios', 0, 'volShock', 'termScaling', 'shortPower']],
  // A floor of 0 days is no floor (Derive's DTE floor may be 0) and is accepted: a valued option is at least 1 ms from expiry.
  ['a floor of -1 days', () => { const s = raw(); s.scenarios[0].volShock.termScaling.floorDays = -1; return s; }, 'invalid_value', ['scenarios', 0, 'volShock', 'termScaling', 'floorDays']],
  ['a reference of 0 days', () => { const s = raw(); s.scenarios[0].volShock.termScaling.referenceDays = 0; return s; }, 'invalid_value', ['scenarios', 0, 'volShock', 'termScaling', 'referenceDays']],
  ['a skew state without its shape', () => { const s = raw(); s.scenarios[0].volShock = { id: 'tilt', kind: 'skew', size: 0, termScaled: false }; return s; }, 'missing_field', ['scenarios', 0, 'volShock', 'skew']],
  ['a basis-floor scenario that moves by -100%', () => { const s = raw(); s.scenarios[0].kind = 'basis'; s.scenarios[0].moves.BTC = '-1'; return s; }, 'invalid_value', ['scenarios', 0, 'moves', 'BTC']],
  ['an unknown vol-state kind', () => { const s = raw(); s.scenarios[0].volShock.kind = 'sideways'; return s; }, 'invalid_value', ['scenarios', 0, 'volShock', 'kind']],
  ['timeStepDays -1', () => { const s = raw(); s.scenarios[5].timeStepDays = -1; return s; }, 'invalid_value', ['scenarios', 5, 'timeStepDays']],
  ['an index that is not the position', () => { const s = raw(); s.scenarios[6].index = 7; return s; }, 'invalid_value', ['scenarios', 6, 'index']],
  ['a group past the end', () => { const s = raw(); s.groups[0].end = 36; return s; }, 'invalid_value', ['groups', 0, 'end']],
  ['a group id twice', () => { const s = raw(); s.groups.push({ id: 'mm', start: 0, end: 1 }); return s; }, 'duplicate_key', ['groups', 1, 'id']],
  ['an underlying listed twice', () => { const s = raw(); s.underlyings.push('BTC'); return s; }, 'duplicate_key', ['underlyings', 2]],
  ['an unknown key', () => ({ ...raw(), bogus: 1 }), 'unrecognized_key', ['bogus']],
  ['an unknown key in a scenario', () => { const s = raw(); s.scenarios[1].note = 'x'; return s; }, 'unrecognized_key', ['scenarios', 1, 'note']],
  ['a range below 0', () => { const s = raw(); s.ranges.BTC = '-0.1'; return s; }, 'invalid_value', ['ranges', 'BTC']],
  ['asOf that is not a timestamp', () => ({ ...raw(), asOf: 'yesterday' }), 'invalid_timestamp', ['asOf']],
  ['more than LIMITS.maxScenarios scenarios', () => ({ ...raw(), scenarios: new Array(LIMITS.maxScenarios + 1).fill(raw().scenarios[0]) }), 'too_many', ['scenarios']],
];

describe('malformed scenario sets: MarginInputError at argument scenarioSet (issue 9, item 13)', () => {
  it('repro: buildRiskArrays(market, {}) and weight -1 on every scenario', () => {
    expect(first(outcome(() => buildRiskArrays(market, {} as ScenarioSet)))).toEqual(['missing_field', 'scenarioSet', ['paramsId']]);
    const negative = raw();
    for (const s of negative.scenarios) {
      s.weight = '-1';
      delete s.weightRatio;
    }
    expect(first(outcome(() => buildRiskArrays(market, negative)))).toEqual(['invalid_value', 'scenarioSet', ['scenarios', 0, 'weight']]);
  });

  for (const [what, make, code, path] of SETS) {
    it(what, () => {
      // Every entry point that takes a scenario set reports the same issue.
      for (const [name, call] of [
        ['parseScenarioSet', (s: unknown) => parseScenarioSet(s)],
        ['buildRiskArrays', (s: unknown) => buildRiskArrays(market, s as ScenarioSet)],
        ['buildRiskArrays (symbols)', (s: unknown) => buildRiskArrays(market, s as ScenarioSet, ['BTC-PERP'])],
        ['suppliedRiskArrays', (s: unknown) => suppliedRiskArrays(market, s as ScenarioSet, { instruments: {} })],
        ['scenarioWeights', (s: unknown) => scenarioWeights(s as ScenarioSet)],
      ] as const) {
        expect(first(outcome(() => call(make()))), name).toEqual([code, 'scenarioSet', path]);
      }
      // Inside risk arrays, the same issue under riskArrays.scenarioSet.
      const arrays = { ...buildRiskArrays(market, built), scenarioSet: make() } as RiskArrays;
      expect(first(outcome(() => marginFromRiskArrays(BOOK, market, arrays, PM))), 'marginFromRiskArrays').toEqual([code, 'riskArrays', ['scenarioSet', ...path]]);
    });
  }

  it('a set that does not list a held instrument’s underlying cannot value it', () => {
    const s = raw();
    s.underlyings = ['ETH'];
    delete s.ranges.BTC;
    for (const x of s.scenarios) delete x.moves.BTC;
    expect(first(outcome(() => buildRiskArrays(market, s, ['BTC-PERP'])))).toEqual(['invalid_value', 'scenarioSet', ['underlyings']]);
    // The whole table skips it, and the margin step then has no array for it.
    const arrays = buildRiskArrays(market, s);
    expect(arrays.instruments.has('BTC-PERP')).toBe(false);
    expect(first(outcome(() => marginFromRiskArrays(BOOK, market, arrays, PM)))).toEqual(['missing_risk_array', 'riskArrays', ['instruments', 'BTC-25DEC26']]);
  });

  it.each(['derive-pmrm2', 'derive-pmrm2-mainnet'] as const)("Derive's scenario kinds (skew states, inclusive term switch, basis-floor scenarios and groups): a hand copy of %s's set parses to its bytes and margins alike", (id) => {
    const set = buildScenarioSet(PRESETS[id], market);
    expect(set.scenarios.some((x) => x.kind === 'basis') && set.scenarios.some((x) => x.volShock.kind === 'skew')).toBe(true);
    const copy = parseScenarioSet(JSON.parse(JSON.stringify(set)));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(set));
    // Property: the same margin from the built set's arrays and from arrays built on the hand copy
    // (records with their option values, checked again on the way back in).
    const symbols = [...new Set((BOOK.positions as { symbol: string }[]).map((x) => x.symbol))];
    const a = marginFromRiskArrays(BOOK, market, buildRiskArrays(market, set, symbols), PRESETS[id]);
    const b = marginFromRiskArrays(BOOK, market, buildRiskArrays(market, copy, symbols), PRESETS[id]);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('a valid hand-written copy gives the bytes of the built set, and is frozen once parsed', () => {
    const parsed = parseScenarioSet(raw());
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(built));
    expect(Object.isFrozen(parsed.scenarios[0]!.moves)).toBe(true);
    expect(parseScenarioSet(parsed)).toBe(parsed);
  });

  it('the 2024 Deribit model’s per-scenario data (pnlScale, aggregate, per-underlying vol states) round-trips and is checked', () => {
    const set24 = buildScenarioSet(PRESETS['deribit-pm'], market);
    const copy = (): any => JSON.parse(JSON.stringify(set24));
    // A JSON copy parses back to the same bytes.
    expect(JSON.stringify(parseScenarioSet(copy()))).toBe(JSON.stringify(set24));
    const tail = set24.scenarios.findIndex((x) => x.pnlScale !== undefined);
    const grid = set24.scenarios.findIndex((x) => x.aggregate !== undefined);
    expect(tail).toBeGreaterThanOrEqual(0);
    expect(grid).toBeGreaterThanOrEqual(0);
    const thrownIssue = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        const i = (e as MarginInputError).issues[0]!;
        return [i.code, i.argument, i.path];
      }
    };
    const issue = (f: (s: any) => void) => {
      const s = copy();
      f(s);
      try {
        parseScenarioSet(s);
        return 'ok';
      } catch (e) {
        const i = (e as MarginInputError).issues[0]!;
        return [i.code, i.argument, i.path];
      }
    };
    // A ratio with a zero denominator is no ratio; a rule for an underlying the set does not list is refused.
    expect(issue((s) => (s.scenarios[tail].pnlScale.BTC[1] = '0'))).toEqual(['invalid_value', 'scenarioSet', ['scenarios', tail, 'pnlScale', 'BTC', 1]]);
    expect(issue((s) => (s.scenarios[grid].aggregate.DOGE = { gainFactor: '1' }))).toEqual(['invalid_value', 'scenarioSet', ['scenarios', grid, 'aggregate', 'DOGE']]);
    expect(issue((s) => (s.scenarios[grid].aggregate.BTC.extra = '1'))).toEqual(['unrecognized_key', 'scenarioSet', ['scenarios', grid, 'aggregate', 'BTC', 'extra']]);
    expect(issue((s) => (s.scenarios[grid].aggregate.BTC.gainFactor = '-1'))).toEqual(['invalid_value', 'scenarioSet', ['scenarios', grid, 'aggregate', 'BTC', 'gainFactor']]);
    // What a build can hold, and the worst-scenario search relies on (a monotone rule no steeper than
    // the identity): a gain factor in [0, 1], reliefs and scale numerators at least 0.
    expect(issue((s) => (s.scenarios[grid].aggregate.BTC.gainFactor = '1.5'))).toEqual(['invalid_value', 'scenarioSet', ['scenarios', grid, 'aggregate', 'BTC', 'gainFactor']]);
    expect(issue((s) => (s.scenarios[grid].aggregate.BTC.lossRelief = '-1'))).toEqual(['invalid_value', 'scenarioSet', ['scenarios', grid, 'aggregate', 'BTC', 'lossRelief']]);
    expect(issue((s) => (s.scenarios[tail].pnlScale.BTC[0] = '-0.16'))).toEqual(['invalid_value', 'scenarioSet', ['scenarios', tail, 'pnlScale', 'BTC', 0]]);
    // A per-underlying vol state is the scenario's own state for that underlying: same id and kind.
    const pm: any = structuredClone(PRESETS['deribit-pm']);
    pm.scenarios.volShocksByUnderlying = { ETH: pm.scenarios.volShocks.map((v: any) => (v.kind === 'relative' ? { ...v, size: String(Number(v.size) * 0.8) } : v)) };
    const withEth = JSON.parse(JSON.stringify(buildScenarioSet(pm, market)));
    const byU = withEth.scenarios.findIndex((x: any) => x.volShockByUnderlying !== undefined);
    expect(byU).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(parseScenarioSet(structuredClone(withEth)))).toBe(JSON.stringify(withEth));
    withEth.scenarios[byU].volShockByUnderlying.ETH.id = 'other';
    expect(thrownIssue(() => parseScenarioSet(withEth))).toEqual(['invalid_value', 'scenarioSet', ['scenarios', byU, 'volShockByUnderlying', 'ETH']]);
  });
});

/** Risk arrays with one record replaced (a plain copy: what a caller builds by hand). */
function withRecord(a: RiskArrays, symbol: string, f: (r: any) => unknown): RiskArrays {
  const instruments = new Map([...a.instruments].map(([k, r]) => [k, k === symbol ? (f({ ...r, pnl: r.pnl.slice(), ...(r.exact ? { exact: [...r.exact] } : {}) }) as RiskArray) : r]));
  return { ...a, instruments };
}

describe('malformed risk arrays: MarginInputError at argument riskArrays (issue 9, item 13)', () => {
  const arrays = buildRiskArrays(market, built);
  const n = built.scenarios.length;
  const ROWS: [string, () => unknown, string, (string | number)[]][] = [
    ['{}', () => ({}), 'missing_field', ['scenarioSet']],
    ['null', () => null, 'invalid_type', []],
    ['instruments as a plain object', () => ({ ...arrays, instruments: {} }), 'invalid_type', ['instruments']],
    ['weights as a plain array', () => ({ ...arrays, weights: [...arrays.weights] }), 'invalid_type', ['weights']],
    ['weights of the wrong length', () => ({ ...arrays, weights: arrays.weights.slice(1) }), 'invalid_value', ['weights']],
    ['a weight of -1', () => { const w = arrays.weights.slice(); w[3] = -1; return { ...arrays, weights: w }; }, 'invalid_value', ['weights', 3]],
    ['exact weights that are not the set’s', () => ({ ...arrays, weightDecimals: arrays.weightDecimals.map(() => new D(2)) }), 'invalid_value', ['weights', 0]],
    ['another settlement currency', () => ({ ...arrays, settlementCurrency: 'USDT' }), 'settlement_currency_mismatch', ['settlementCurrency']],
    ['no mm group', () => ({ ...arrays, scenarioSet: { ...raw(), groups: [] } }), 'missing_field', ['scenarioSet', 'groups']],
    ['pnl as a plain array', () => withRecord(arrays, 'BTC-PERP', (r) => ({ ...r, pnl: [...r.pnl] })), 'invalid_type', ['instruments', 'BTC-PERP', 'pnl']],
    ['pnl of the wrong length', () => withRecord(arrays, 'BTC-PERP', (r) => ({ ...r, pnl: r.pnl.slice(2) })), 'invalid_value', ['instruments', 'BTC-PERP', 'pnl']],
    ['a NaN entry', () => withRecord(arrays, 'BTC-25DEC26-100000-C', (r) => { r.pnl[7] = NaN; return r; }), 'invalid_value', ['instruments', 'BTC-25DEC26-100000-C', 'pnl', 7]],
    ['an Infinity entry', () => withRecord(arrays, 'BTC-25DEC26-100000-C', (r) => { r.pnl[0] = Infinity; return r; }), 'invalid_value', ['instruments', 'BTC-25DEC26-100000-C', 'pnl', 0]],
    ['exact entries as strings', () => withRecord(arrays, 'BTC-PERP', (r) => ({ ...r, exact: r.exact.map(String) })), 'invalid_value', ['instruments', 'BTC-PERP', 'exact', 0]],
    ['an exact entry of 1e-9000000', () => withRecord(arrays, 'BTC-PERP', (r) => { r.exact[1] = new D('1e-9000000'); return r; }), 'invalid_value', ['instruments', 'BTC-PERP', 'exact', 1]],
    ['exact of the wrong length', () => withRecord(arrays, 'BTC-PERP', (r) => ({ ...r, exact: r.exact.slice(1) })), 'invalid_value', ['instruments', 'BTC-PERP', 'exact']],
    ['another underlying', () => withRecord(arrays, 'BTC-PERP', (r) => ({ ...r, underlying: 'ETH' })), 'invalid_value', ['instruments', 'BTC-PERP', 'underlying']],
    ['delta NaN', () => withRecord(arrays, 'BTC-PERP', (r) => ({ ...r, delta: NaN })), 'invalid_value', ['instruments', 'BTC-PERP', 'delta']],
    ['maxAbs -1', () => withRecord(arrays, 'BTC-PERP', (r) => ({ ...r, maxAbs: -1 })), 'invalid_value', ['instruments', 'BTC-PERP', 'maxAbs']],
    ['an unknown key in a record', () => withRecord(arrays, 'BTC-PERP', (r) => ({ ...r, extra: 1 })), 'unrecognized_key', ['instruments', 'BTC-PERP', 'extra']],
    ['a record that is a string', () => withRecord(arrays, 'BTC-PERP', () => 'x'), 'invalid_type', ['instruments', 'BTC-PERP']],
  ];
  for (const [what, make, code, path] of ROWS) {
    it(what, () => {
      expect(first(outcome(() => marginFromRiskArrays(BOOK, market, make() as RiskArrays, PM)))).toEqual([code, 'riskArrays', path]);
    });
  }

  it('supplied arrays: malformed input is refused at riskArrays', () => {
    const cases: [unknown, string, (string | number)[]][] = [
      [{}, 'missing_field', ['instruments']],
      [{ instruments: 5 }, 'invalid_type', ['instruments']],
      [{ instruments: { 'BTC-PERP': 'x' } }, 'invalid_type', ['instruments', 'BTC-PERP']],
      [{ instruments: { 'BTC-PERP': new Array(n).fill(null) } }, 'invalid_type', ['instruments', 'BTC-PERP']],
      [{ instruments: {}, deltas: { 'BTC-PERP': Infinity } }, 'invalid_value', ['deltas', 'BTC-PERP']],
      [{ instruments: {}, bogus: 1 }, 'unrecognized_key', ['bogus']],
    ];
    for (const [input, code, path] of cases) expect(first(outcome(() => suppliedRiskArrays(market, built, input as never))), JSON.stringify(input)).toEqual([code, 'riskArrays', path]);
  });

  it('a record edited in place is checked again on the next call', () => {
    const a = buildRiskArrays(market, built);
    const call = a.instruments.get('BTC-25DEC26-100000-C')!;
    call.pnl[4] = NaN;
    expect(first(outcome(() => marginFromRiskArrays(BOOK, market, a, PM)))).toEqual(['invalid_value', 'riskArrays', ['instruments', 'BTC-25DEC26-100000-C', 'pnl', 4]]);
  });
});

/** Every path inside a JSON value, the root excluded. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...prefix, i], ...paths(x, [...prefix, i])]);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...paths(x, [...prefix, k])]);
  return [];
}
const HOSTILE = ['NaN', '-1', '-0', '1e5', '', 'x', '-0.99999999', '99999999999999999999999', 0, -1, 1e308, -1e308, 5e-324, null, true, {}, [], 'grid', 'mm', 'BTC', 'ETH', 'relative', 'absolute', 'none'];

describe('random mutations of a valid set: a result or MarginInputError, never another exception (issue 9, item 13)', () => {
  const all = paths(raw());
  it('buildRiskArrays, suppliedRiskArrays and marginFromRiskArrays on mutated sets', () => {
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.oneof(fc.constantFrom(...HOSTILE), fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)), (i, value) => {
        const s = raw();
        const path = all[i]!;
        const parent = path.slice(0, -1).reduce((o: any, k) => o[k], s);
        if (value === undefined) delete parent[path[path.length - 1]!];
        else parent[path[path.length - 1]!] = value;
        for (const f of [
          () => buildRiskArrays(market, s, ['BTC-PERP', 'BTC-25DEC26-100000-C', 'BTC-INV-25DEC26-100000-C']),
          () => marginFromRiskArrays(BOOK, market, buildRiskArrays(market, s), PM),
          () => marginFromRiskArrays(BOOK, market, { ...buildRiskArrays(market, built), scenarioSet: s } as RiskArrays, PM),
          () => suppliedRiskArrays(market, s, { instruments: { 'BTC-PERP': new Array(35).fill(-100) } }),
        ]) {
          const o = outcome(f);
          if (!o.ok) expect(o.issues.length).toBeGreaterThan(0);
        }
      }),
      { seed: 913, numRuns: 60 },
    );
  });

  it('marginFromRiskArrays on risk arrays with one field of one record replaced', () => {
    const arrays = buildRiskArrays(market, built);
    const symbols = [...arrays.instruments.keys()];
    fc.assert(
      fc.property(fc.constantFrom(...symbols), fc.constantFrom('underlying', 'pnl', 'exact', 'delta', 'maxAbs', 'extra'), fc.oneof(fc.constantFrom(...HOSTILE), fc.jsonValue({ maxDepth: 1 }), fc.constant(new Float64Array(35).fill(NaN)), fc.constant(new Float64Array(3))), (sym, field, value) => {
        const a = withRecord(arrays, sym, (r) => ({ ...r, [field]: value }));
        const o = outcome(() => marginFromRiskArrays(BOOK, market, a, PM));
        if (!o.ok) expect(o.issues.every((x) => x.argument === 'riskArrays')).toBe(true);
      }),
      { seed: 914, numRuns: 150 },
    );
  });
});
