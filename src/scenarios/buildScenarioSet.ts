import { MarginInputError } from '../schema/MarginInputError.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { ownValue } from '../schema/ownValue.js';
import { parseMarket } from '../schema/parse.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import { parseMarginParameters } from '../margin/parseMarginParameters.js';
import { trustScenarioSet } from './ScenarioSetSchema.js';
import { needsIndexCurrency, specRanges } from './scenarioSetKey.js';
import type { AggregateRule, Scenario, ScenarioGroup, ScenarioSet, TermScalingData, VolShock } from './ScenarioSet.js';
import type { AggregateSpec, BasisFloorSpec, ScenarioSpec, TermScaling, UserScenarioSpec, VolShockSpec } from './ScenarioSpec.js';
import { settlementUnderlying } from './settlementUnderlying.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

const NONE: VolShock = { id: 'none', kind: 'none', size: 0, termScaled: false };

function scalingData(t: TermScaling | undefined): TermScalingData | undefined {
  if (!t) return undefined;
  const out: TermScalingData = {
    referenceDays: t.referenceDays.toNumber(),
    floorDays: t.floorDays.toNumber(),
    switchDays: t.switchDays.toNumber(),
    shortPower: t.shortPower.toNumber(),
    longPower: t.longPower.toNumber(),
  };
  if (t.switchInclusive) out.switchInclusive = true;
  return out;
}

function volShockData(v: VolShockSpec, t: TermScaling | undefined): VolShock {
  const out: VolShock = { id: v.id, kind: v.kind, size: v.size.toNumber(), termScaled: v.termScaled };
  if (v.minVol !== undefined) out.minVol = v.minVol.toNumber();
  const s = v.kind === 'relative' && v.termScaled ? scalingData(t) : undefined;
  if (s) out.termScaling = s;
  if (v.skew) {
    const k = v.skew;
    out.skew = {
      shape: k.shape,
      capBase: k.cap.base.toNumber(),
      capPerRootYear: k.cap.perRootYear.toNumber(),
      kStarMin: k.kStar.min.toNumber(),
      kStarWidth: k.kStar.width.toNumber(),
      kStarStatic: k.kStar.static.toNumber(),
      kStarPerRootYear: k.kStar.perRootYear.toNumber(),
    };
  }
  return out;
}

// Labels only: a readable percentage, never used in arithmetic.
function pct(m: Decimal): string {
  const s = decimalString(m.mul(100).toSignificantDigits(6));
  return `${m.gt(0) ? '+' : ''}${s}%`;
}

/** `price -16%` when every listed underlying moves alike, else `BTC -16%, ETH -20%` (in `names` order). */
function movesLabel(names: readonly string[], vals: readonly Decimal[]): string {
  const first = vals[0] ?? ZERO;
  if (vals.every((v) => v.eq(first))) return `price ${pct(first)}`;
  return names.map((u, i) => `${u} ${pct(vals[i]!)}`).join(', ');
}

function volLabel(v: VolShock): string {
  return v.kind === 'none' ? 'vol same' : v.kind === 'skew' ? `vol skew ${v.id}` : `vol ${v.id}`;
}

const ZERO = new D(0);

interface Builder {
  scenarios: Scenario[];
  underlyings: string[];
  order: Map<string, number>;
}

/** The moves of one price point (every scenario at that point shares the object) and their label. */
interface PricePoint {
  moves: Record<string, string>;
  /** The same moves as Decimals, by underlying (the aggregate rules read them). */
  d: Map<string, Decimal>;
  label: string;
}

/**
 * The moves record of one price point, each underlying's move checked once. Every scenario passes
 * here, whatever built its move (a relative, absolute or volatility-derived range times a multiple,
 * a tail, a user scenario): a price at or below zero has no revaluation.
 */
function pricePoint(names: readonly string[], vals: readonly Decimal[], scenarioId: string): PricePoint {
  const moves: Record<string, string> = {};
  // Underlyings with the same range share one Decimal (see addSpec): checked and printed once.
  const text = new Map<Decimal, string>();
  names.forEach((u, i) => {
    const move = vals[i]!;
    let t = text.get(move);
    if (t === undefined) {
      if (move.lte(-1)) {
        throw new MarginInputError([
          { code: 'invalid_parameters', path: ['scenarios'], message: `scenario ${scenarioId} moves ${u} by ${decimalString(move)}: a move of -100% or less leaves no price (narrow the price range or its multiple)`, argument: 'params' },
        ]);
      }
      text.set(move, (t = decimalString(move)));
    }
    moves[u] = t;
  });
  return { moves, d: new Map(names.map((u, i) => [u, vals[i]!])), label: movesLabel(names, vals) };
}

function push(b: Builder, s: Omit<Scenario, 'index'>): void {
  // Key order as the JSON shows it: id, label, set, kind, moves, volShock, weight, weightRatio?, timeStepDays, index.
  b.scenarios.push({ ...s, index: b.scenarios.length });
}

function gridPoints(n: number, order: 'ascending' | 'span'): number[] {
  if (order === 'ascending') return Array.from({ length: 2 * n + 1 }, (_, i) => i - n);
  const out = [0];
  for (let k = 1; k <= n; k++) out.push(k, -k);
  return out;
}

/** A vol state by id: the spec's own, and each underlying's override (`volShocksByUnderlying` / `termScalingByUnderlying`). */
type ShockOf = (id: string | undefined) => { vs: VolShock; byUnderlying?: Record<string, VolShock> };

function shocksOf(spec: ScenarioSpec, underlyings: readonly string[]): ShockOf {
  const shocks = new Map(spec.volShocks.map((v) => [v.id, volShockData(v, spec.termScaling)]));
  // Per underlying of the market with an override: its states by id (term scaling of its own, or the spec's).
  const own = new Map<string, Map<string, VolShock>>();
  for (const u of underlyings) {
    const list = ownValue(spec.volShocksByUnderlying, u);
    const ts = ownValue(spec.termScalingByUnderlying, u);
    if (!list && !ts) continue;
    own.set(u, new Map((list ?? spec.volShocks).map((v) => [v.id, volShockData(v, ts ?? spec.termScaling)])));
  }
  return (id) => {
    const vs = id === undefined || id === 'none' ? (shocks.get('none') ?? NONE) : shocks.get(id);
    // An id the spec does not know (a joint set's user scenario) is the unchanged state.
    if (vs === undefined) return { vs: NONE };
    if (!own.size || vs.kind === 'none') return { vs };
    const byUnderlying: Record<string, VolShock> = {};
    for (const [u, m] of own) byUnderlying[u] = m.get(vs.id)!;
    return { vs, byUnderlying };
  };
}

/**
 * How amounts in an index's quote currency (USD) reach the settlement currency: at par, or, for a
 * settlement coin (see `settlementUnderlying`), at `1 / (index * factor)` of its underlying, with
 * `factor` the price multiple where the conversion happens (1 + the scenario's or the edge's move).
 */
interface IndexCurrency {
  tie?: { underlying: string; index: Decimal; range: Decimal };
}

function indexCurrency(m: MarketSnapshot, ranges: Map<string, Decimal>): IndexCurrency {
  const t = settlementUnderlying(m);
  if (t === undefined) return {};
  const index = m.underlyings.get(t)?.index;
  if (index === undefined) {
    throw new MarginInputError([{ code: 'missing_index', path: ['underlyings', t], message: `the settlement currency ${m.settlementCurrency} is the coin of ${t}, which has no index to convert index-currency amounts at`, argument: 'market' }]);
  }
  return { tie: { underlying: t, index, range: ranges.get(t) ?? new D(0) } };
}

/** `amount` (index quote currency) in the settlement currency at the tied coin's price `index * (1 + move)`; at par without a tie. */
function toSettlement(amount: Decimal, c: IndexCurrency, move: Decimal): Decimal {
  return c.tie ? amount.div(c.tie.index.mul(move.plus(1))) : amount;
}

/** The edge of the grid on the side of `move`: `sign(move) * range`. */
function edgeOf(move: Decimal, range: Decimal): Decimal {
  return move.gt(0) ? range : range.neg();
}

/** The grid gain rule of an aggregate spec at the tied coin's move `m` (cap at the higher of the index and the scenario price). */
function gainRule(a: AggregateSpec, c: IndexCurrency, m: Decimal): AggregateRule {
  const rule: AggregateRule = { gainFactor: decimalString(a.pnlOffset) };
  if (a.maxOffsetablePnl !== undefined) rule.gainCap = decimalString(toSettlement(a.maxOffsetablePnl, c, D.max(m, 0)));
  return rule;
}

function addSpec(b: Builder, spec: ScenarioSpec, ranges: Map<string, Decimal>, set: string, prefix: string, m: MarketSnapshot): void {
  const shockOf = shocksOf(spec, b.underlyings);
  const dt = spec.timeStepDays.toNumber();
  const n = spec.priceSteps;
  // Price points are computed once per point and shared by its vol states (and by tails with the
  // same move): the work grows with points x underlyings, not scenarios x underlyings.
  const points = new Map<string, PricePoint>();
  const point = (key: string, move: (range: Decimal | undefined) => Decimal, scenarioId: string): PricePoint => {
    let p = points.get(key);
    if (!p) {
      // A move depends on the underlying only through its range: one Decimal per distinct range.
      const byRange = new Map<string, Decimal>();
      const vals = b.underlyings.map((u) => {
        // No range without a grid (an explicit list): a tail then gives its move itself.
        const r = ranges.get(u);
        const k = r === undefined ? '' : r.toString();
        let v = byRange.get(k);
        if (v === undefined) byRange.set(k, (v = move(r)));
        return v;
      });
      points.set(key, (p = pricePoint(b.underlyings, vals, scenarioId)));
    }
    return p;
  };
  const agg = spec.aggregate;
  const cur: IndexCurrency = needsIndexCurrency(spec) ? indexCurrency(m, ranges) : {};
  const tieMove = (at: PricePoint) => (cur.tie ? (at.d.get(cur.tie.underlying) ?? ZERO) : ZERO);
  for (const k of n === undefined ? [] : gridPoints(n, spec.gridOrder)) {
    const frac = n === 0 ? '0' : `${k}/${n}`;
    const at = point(`grid:${frac}`, (r) => (n === 0 ? ZERO : r!.mul(k).div(n!)), `${prefix}grid:${frac}:${spec.volShocks[0]!.id}`);
    let aggregate: Record<string, AggregateRule> | undefined;
    if (agg) {
      const rule = gainRule(agg, cur, tieMove(at));
      aggregate = {};
      for (const u of b.underlyings) aggregate[u] = rule;
    }
    for (const v of spec.volShocks) {
      const { vs, byUnderlying } = shockOf(v.id);
      push(b, {
        id: `${prefix}grid:${frac}:${v.id}`,
        label: `${at.label}, ${volLabel(vs)}`,
        set,
        kind: 'grid',
        moves: at.moves,
        volShock: vs,
        weight: '1',
        timeStepDays: dt,
        ...(byUnderlying ? { volShockByUnderlying: byUnderlying } : {}),
        ...(aggregate ? { aggregate } : {}),
      });
    }
  }
  spec.tails.forEach((t) => {
    const { vs, byUnderlying } = shockOf(t.volShock);
    const what = t.move !== undefined ? decimalString(t.move) : `${decimalString(t.rangeMultiple!)}x`;
    const id = `${prefix}tail:${what}:${vs.id}`;
    const at = point(`tail:${what}`, (r) => t.move ?? r!.mul(t.rangeMultiple!), id);
    let weight: Decimal;
    let weightRatio: [string, string] | undefined;
    let pnlScale: Record<string, [string, string]> | undefined;
    let weightLabel: string | undefined;
    if (t.weight.kind === 'coverage') weight = t.weight.fraction;
    else if (t.weight.kind === 'damped') {
      weight = t.move!.isZero() ? new D(1) : D.min(1, t.weight.c.div(t.move!.abs()));
      if (weight.lt(1)) weightRatio = [decimalString(t.weight.c), decimalString(t.move!.abs())];
    } else {
      // rangeOverMove: factor * range / |move| per underlying, in the index currency at the scenario
      // price, back at the edge price: (1 + move) / (1 + edge) of the tied coin's P&L.
      const w = t.weight;
      const move = t.move!;
      weight = new D(1);
      pnlScale = {};
      const toIndex = w.pnlCurrency === 'index' && cur.tie !== undefined;
      const num = toIndex ? move.plus(1) : new D(1);
      const den = toIndex ? move.abs().mul(edgeOf(move, cur.tie!.range).plus(1)) : move.abs();
      if (!den.gt(0)) throw new MarginInputError([{ code: 'invalid_parameters', path: ['scenarios', 'priceRange'], message: `the edge price of ${cur.tie!.underlying} (range ${decimalString(cur.tie!.range)}) is not above 0: no conversion at the edge`, argument: 'params' }]);
      const shown = new Set<string>();
      for (const u of b.underlyings) {
        const fr = (ownValue(w.factorByUnderlying, u) ?? w.factor).mul(ranges.get(u) ?? new D(0));
        shown.add(decimalString(fr));
        pnlScale[u] = [decimalString(fr.mul(num)), decimalString(den)];
      }
      // factor x range / |move| (one figure when every underlying has the same), and where it applies.
      const fraction = `${shown.size === 1 ? [...shown][0] : 'factor x range'}/${decimalString(move.abs())}`;
      weightLabel = `P&L x ${fraction}${toIndex ? ', in index currency at the edge price' : ''}`;
    }
    weightLabel ??= `weight ${decimalString(weight.toSignificantDigits(6))}`;
    let aggregate: Record<string, AggregateRule> | undefined;
    if (agg) {
      aggregate = {};
      const mT = tieMove(at);
      const d = agg.dampener;
      for (const u of b.underlyings) {
        if (!d) {
          aggregate[u] = gainRule(agg, cur, mT);
          continue;
        }
        const m0 = at.d.get(u)!;
        const r = ranges.get(u) ?? new D(0);
        // (max(|m| / r, 1) - 1) * amount, or the amount itself; in the settlement currency at the edge price.
        const usd = d.scaling === 'flat' ? d.amount : r.isZero() ? new D(0) : D.max(m0.abs().div(r), 1).minus(1).mul(d.amount);
        const relief = decimalString(toSettlement(usd, cur, cur.tie ? edgeOf(mT, cur.tie.range) : new D(0)));
        aggregate[u] = d.gains === 'drop' ? { gainFactor: '0', lossRelief: relief } : { ...gainRule(agg, cur, mT), gainRelief: relief, lossRelief: relief };
      }
    }
    push(b, {
      id,
      label: `tail ${at.label}, ${volLabel(vs)}, ${weightLabel}`,
      set,
      kind: 'tail',
      moves: at.moves,
      volShock: vs,
      weight: decimalString(weight),
      ...(weightRatio ? { weightRatio } : {}),
      timeStepDays: dt,
      ...(byUnderlying ? { volShockByUnderlying: byUnderlying } : {}),
      ...(pnlScale ? { pnlScale } : {}),
      ...(aggregate ? { aggregate } : {}),
    });
  });
  addUser(b, spec.user, set, prefix, shockOf);
}

/** The two revaluations of a basis floor (options only; vols unchanged; no weight), moving every underlying. */
function addBasis(b: Builder, f: BasisFloorSpec, prefix: string): void {
  for (const [dir, move] of [['up', f.up], ['down', f.down]] as const) {
    const id = `${prefix}basis:${dir}`;
    const at = pricePoint(b.underlyings, b.underlyings.map(() => move), id);
    push(b, { id, label: `basis floor ${at.label}, vol same`, set: `${prefix}basis`, kind: 'basis', moves: at.moves, volShock: NONE, weight: '1', timeStepDays: 0 });
  }
}

/**
 * User (and joint) scenarios move only the underlyings they name: their `moves` list those that the
 * market lists (in the set's order) and leave out the rest, which do not move. A scenario with `move`
 * names every listed underlying (its own `moves` first, `move` for the rest). So the set grows with
 * what the scenarios say, not with scenarios x listed underlyings.
 */
function addUser(b: Builder, list: UserScenarioSpec[], set: string, prefix: string, shockOf: ShockOf): void {
  for (const u of list) {
    const { vs, byUnderlying } = shockOf(u.volShock);
    const id = `${prefix}user:${u.id}`;
    const names =
      u.move !== undefined
        ? b.underlyings
        : Object.keys(u.moves)
            .filter((x) => b.order.has(x))
            .sort((x, y) => b.order.get(x)! - b.order.get(y)!);
    const vals = names.map((x) => ownValue(u.moves, x) ?? u.move!);
    const at = pricePoint(names, vals, id);
    // The underlyings it does not name stay put: "price 0%" when nothing moves, "price x%" when it
    // names every listed underlying and moves them alike, else the moves it names.
    const moved = vals.every((v) => v.isZero()) ? 'price 0%' : names.length === b.underlyings.length ? at.label : names.map((x, i) => `${x} ${pct(vals[i]!)}`).join(', ');
    push(b, {
      id,
      label: u.label ?? `${moved}, ${volLabel(vs)}`,
      set,
      kind: 'user',
      moves: at.moves,
      volShock: vs,
      weight: decimalString(u.weight ?? new D(1)),
      timeStepDays: (u.timeStepDays ?? new D(0)).toNumber(),
      ...(byUnderlying ? { volShockByUnderlying: byUnderlying } : {}),
    });
  }
}

/**
 * Builds the scenario set of a parameter set at a market snapshot: the `'mm'` block from
 * `params.scenarios`, an `'im'` block when `params.initialMargin.scenarios` is given, and one
 * `'joint:<id>'` block per joint set. Scenario ids are stable (`grid:-2/4:up`, `tail:-0.66:up`,
 * `user:<id>`, `im:` prefix for the IM block, `joint:<set>:user:<id>`), independent of the market;
 * moves are exact decimal strings (relative, -0.04 = -4%): grid and tail scenarios list every
 * underlying of the market, user and joint scenarios the underlyings they name (the others do not move).
 *
 * Standard-mode parameter sets without scenarios give an empty set. The set is built once per
 * parsed parameter set and snapshot and shared: it is deeply frozen (edit a `structuredClone` and pass
 * it through `parseScenarioSet`). A parameter set whose blocks add up to more than
 * `LIMITS.maxScenarios` scenarios is refused when it is parsed (`too_many`), before any work.
 *
 * @param params a parameter set (raw JSON or parsed).
 * @param market a market snapshot (raw JSON or parsed); supplies the underlyings, and the index and
 *   option vols for `absolute` and `volatility` price ranges.
 * @returns plain JSON data, deeply frozen.
 * @throws MarginInputError on invalid params or market.
 * @example
 * ```ts
 * const set = buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, market);
 * set.scenarios.length; // 35 = 9 moves x 3 vol states + 8 tails
 * set.scenarios[0].id; // 'grid:-4/4:up'
 * ```
 */
export function buildScenarioSet(params: MarginParametersInput | MarginParameters, market: MarketSnapshotInput | MarketSnapshot): ScenarioSet {
  return scenarioSetOf(parseMarginParameters(params), parseMarket(market));
}

const memo = new WeakMap<MarginParameters, WeakMap<MarketSnapshot, ScenarioSet>>();

/**
 * The scenario set of parsed parameters at a parsed snapshot: built once per pair (both are
 * immutable once parsed) and deeply frozen, so that it is shared by every caller, every account and
 * the risk arrays built on it. Internal; {@link buildScenarioSet} is the public form.
 */
export function scenarioSetOf(p: MarginParameters, m: MarketSnapshot): ScenarioSet {
  let byMarket = memo.get(p);
  if (!byMarket) memo.set(p, (byMarket = new WeakMap()));
  let set = byMarket.get(m);
  if (!set) byMarket.set(m, (set = trustScenarioSet(build(p, m))));
  return set;
}

function build(p: MarginParameters, m: MarketSnapshot): ScenarioSet {
  const underlyings = [...m.underlyings.keys()].sort();
  const b: Builder = { scenarios: [], underlyings, order: new Map(underlyings.map((u, i) => [u, i])) };
  const groups: ScenarioGroup[] = [];
  const ranges: Record<string, string> = {};
  // No priceRange (an explicit list without a grid): no range to record.
  const rangesOf = (spec: ScenarioSpec, at: string[]) => specRanges(spec, m, underlyings, at);
  const block = (id: string, fill: () => void) => {
    const start = b.scenarios.length;
    fill();
    groups.push({ id, start, end: b.scenarios.length });
  };
  const spec = p.scenarios;
  if (spec) {
    const r = rangesOf(spec, ['scenarios']);
    for (const [u, v] of r) ranges[u] = decimalString(v);
    block('mm', () => addSpec(b, spec, r, 'mm', '', m));
    const imSpec = p.initialMargin.scenarios;
    if (imSpec) block('im', () => addSpec(b, imSpec, rangesOf(imSpec, ['initialMargin', 'scenarios']), 'im', 'im:', m));
    if (spec.basisFloor) block('basis', () => addBasis(b, spec.basisFloor!, ''));
    if (imSpec?.basisFloor) block('im:basis', () => addBasis(b, imSpec.basisFloor!, 'im:'));
    const shockOf = shocksOf(spec, underlyings);
    for (const j of p.joint) {
      // Joint sets use the MM spec's states; 'none' is always the unchanged state.
      block(`joint:${j.id}`, () => addUser(b, j.scenarios, `joint:${j.id}`, `joint:${j.id}:`, (id) => (id === undefined || id === 'none' ? { vs: NONE } : shockOf(id))));
    }
  }
  const out: ScenarioSet = { paramsId: p.id, paramsVersion: p.version, asOf: m.asOf, underlyings, ranges, groups, scenarios: b.scenarios };
  return out;
}
