import * as z from 'zod';
import { D, type Decimal } from '../numeric/decimal.js';
import { err, finiteNumberField, idField, instanceField } from '../schema/fields.js';
import { frozenMap } from '../schema/frozenMap.js';
import { MarginInputError, type MarginIssue } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { toMarginIssues } from '../schema/toMarginIssues.js';
import { compiledSet, compiledWeights, type CompiledWeights } from './compiledSet.js';
import type { RiskArray, RiskArrays } from './RiskArrays.js';
import type { ScenarioSet } from './ScenarioSet.js';
import { scenarioSetArgument } from './ScenarioSetSchema.js';

/*
 * The boundary of risk arrays. Float64Arrays cannot be frozen, so the library never hands out the
 * arrays it memoises and shares (per snapshot, per scenario set, in the batch engine): callers get
 * copies, in frozen records and read-only maps, and whatever comes back into `marginFromRiskArrays`
 * is checked on use. A record we handed out whose `pnl` still equals the private array it was copied
 * from is ours, unchanged, and is swapped back for the private one (so the per-array memos in
 * scanRisk keep working); anything else is validated entry by entry, only for what the account uses.
 */

/** Records handed out -> the private record they copy. */
const privateOf = new WeakMap<object, RiskArray>();
/** Exact arrays built by the library (frozen Decimals of valid inputs): used as they are. */
const ownExact = new WeakSet<object>();

/**
 * Freezes an exact array the library built and marks it as such, when it is handed out (the one way
 * such an array leaves the library): the arrays kept inside, which no code edits, are not frozen or
 * marked one by one as they are built (the one-shot decision builds them on every call). Internal.
 */
function ownExactArray(exact: readonly Decimal[]): readonly Decimal[] {
  ownExact.add(Object.freeze(exact));
  return exact;
}

function handOutArray(a: RiskArray): RiskArray {
  const pnl = a.pnl.slice();
  const c: RiskArray = a.exact ? { underlying: a.underlying, pnl, exact: ownExactArray(a.exact), delta: a.delta, maxAbs: a.maxAbs } : { underlying: a.underlying, pnl, delta: a.delta, maxAbs: a.maxAbs };
  if (a.value !== undefined) c.value = a.value;
  const out = Object.freeze(c);
  privateOf.set(out, a);
  return out;
}

/**
 * A caller's copy of private risk arrays: fresh `pnl` and `weights` arrays, frozen records, read-only
 * maps, the (frozen) scenario set and valuations shared. Internal.
 */
export function handOutRiskArrays(r: RiskArrays): RiskArrays {
  const copy = (m: ReadonlyMap<string, RiskArray>) => frozenMap([...m].map(([k, a]) => [k, handOutArray(a)] as const));
  const out: RiskArrays = {
    scenarioSet: r.scenarioSet,
    settlementCurrency: r.settlementCurrency,
    weights: r.weights.slice(),
    weightDecimals: r.weightDecimals,
    weightDivisors: r.weightDivisors,
    instruments: copy(r.instruments),
    assets: copy(r.assets),
  };
  if (r.valuations) out.valuations = frozenMap(r.valuations);
  return Object.freeze(out);
}

/** Marks records built by suppliedRiskArrays (fresh, frozen) as their own private form. Internal. */
export function ownRiskArray(a: RiskArray): RiskArray {
  Object.freeze(a);
  privateOf.set(a, a);
  return a;
}

const isMap = (v: unknown): v is ReadonlyMap<unknown, unknown> => v instanceof Map;
const isArray = (v: unknown): v is readonly unknown[] => Array.isArray(v);
const isFloat64Array = (v: unknown): v is Float64Array => ArrayBuffer.isView(v) && v instanceof Float64Array;

/**
 * Schema of the {@link RiskArrays} container passed to `marginFromRiskArrays` (argument `riskArrays`).
 * The scenario set is checked with `ScenarioSetSchema` (unless it is a trusted, frozen set), the
 * weights against the set's own weights, and each instrument's or asset's {@link RiskArraySchema}
 * record when the account uses it.
 */
export const RiskArraysSchema = z.strictObject(
  {
    scenarioSet: z.unknown(),
    settlementCurrency: idField,
    weights: instanceField(isFloat64Array, 'a Float64Array'),
    weightDecimals: instanceField(isArray, 'an array'),
    weightDivisors: instanceField(isArray, 'an array'),
    instruments: instanceField(isMap, 'a Map'),
    assets: instanceField(isMap, 'a Map'),
    valuations: instanceField(isMap, 'a Map').optional(),
  },
  err,
);

/**
 * Schema of one {@link RiskArray} record: `underlying` (must be the instrument's or asset's own),
 * `pnl` a Float64Array with one finite entry per scenario, `exact` (optional) one finite Decimal per
 * scenario (the P&L the exact recheck uses; `pnl` finds the scenarios to recheck, so keep it the
 * float of `exact`), `delta` a finite number, `maxAbs` a finite number >= 0 (the scan uses the larger
 * of it and the largest |pnl| entry), `value` (optional, options) a finite number: the model value of
 * one long contract at the snapshot, which the per-expiry mechanisms of Derive's presets read.
 */
export const RiskArraySchema = z.strictObject(
  {
    underlying: idField,
    pnl: instanceField(isFloat64Array, 'a Float64Array'),
    exact: instanceField(isArray, 'an array').optional(),
    delta: finiteNumberField,
    maxAbs: finiteNumberField.refine((x) => x >= 0, err),
    value: finiteNumberField.optional(),
  },
  err,
);

/** Bounds on exact entries (|x| in [1e-100, 1e100], or 0): any exact P&L of valid inputs is far inside them. */
const EXACT_MAX = new D('1e100');
const EXACT_MIN = new D('1e-100');

/** What the margin step reads from risk arrays, checked. Internal. */
export interface ArraysView {
  set: ScenarioSet;
  weights: CompiledWeights;
  /** The record of a held instrument, or undefined when there is none. */
  instrument(symbol: string): RiskArray | undefined;
  /** The record of an asset tied to an underlying, or undefined when there is none. */
  asset(asset: string): RiskArray | undefined;
}

/** A view of private arrays built by the library itself: nothing to check. Internal. */
export function trustedView(r: RiskArrays): ArraysView {
  return {
    set: r.scenarioSet,
    weights: { weights: r.weights, weightDecimals: r.weightDecimals, weightDivisors: r.weightDivisors },
    instrument: (s) => r.instruments.get(s),
    asset: (a) => r.assets.get(a),
  };
}

const fail = (issues: MarginIssue[]): never => {
  throw new MarginInputError(issues);
};
const at = (path: (string | number)[], message: string, code: MarginIssue['code'] = 'invalid_value'): MarginIssue => ({ code, path, message, argument: 'riskArrays' });

function sameFloats(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * One record of the caller's, checked: ours and unchanged -> the private record; otherwise
 * validated field by field and rebuilt from what was read (each field read once).
 */
function checkedArray(input: unknown, n: number, underlying: string | undefined, path: (string | number)[]): RiskArray {
  const own = input !== null && typeof input === 'object' ? privateOf.get(input) : undefined;
  if (own !== undefined && own.underlying === underlying && own.pnl.length === n && sameFloats((input as RiskArray).pnl, own.pnl)) return own;
  const r = RiskArraySchema.safeParse(input);
  if (!r.success) fail(toMarginIssues(r.error.issues, input, 'riskArrays').map((i) => ({ ...i, path: [...path, ...i.path] })));
  const { underlying: u, pnl, exact, delta, maxAbs, value } = r.data!;
  if (u !== underlying) fail([at([...path, 'underlying'], `expected underlying ${String(underlying)}, got ${u}`)]);
  if (pnl.length !== n) fail([at([...path, 'pnl'], `expected ${n} entries (one per scenario), got ${pnl.length}`)]);
  const f = pnl.slice();
  let m = 0;
  for (let s = 0; s < n; s++) {
    const x = f[s]!;
    if (!Number.isFinite(x)) fail([at([...path, 'pnl', s], 'risk array entries must be finite numbers')]);
    if (Math.abs(x) > m) m = Math.abs(x);
  }
  const out: RiskArray = { underlying: u, pnl: f, delta, maxAbs: Math.max(maxAbs, m) };
  if (value !== undefined) out.value = value;
  if (exact !== undefined) {
    if (exact.length !== n) fail([at([...path, 'exact'], `expected ${n} entries (one per scenario), got ${exact.length}`)]);
    if (ownExact.has(exact)) out.exact = exact as readonly Decimal[];
    else {
      const ex = new Array<Decimal>(n);
      for (let s = 0; s < n; s++) {
        const x: unknown = exact[s];
        if (!(x instanceof D) || !x.isFinite()) fail([at([...path, 'exact', s], "exact entries must be finite Decimals (the library's D)")]);
        const d = new D(x as Decimal); // a copy: what is used is what was checked
        if (d.abs().gt(EXACT_MAX) || d.sd() > 40 || (!d.isZero() && d.abs().lt(EXACT_MIN))) fail([at([...path, 'exact', s], 'exact entry out of range: |x| must be 0 or in [1e-100, 1e100], with at most 40 significant digits')]);
        ex[s] = d;
      }
      out.exact = ex;
    }
  }
  return out;
}

/**
 * Checks the `riskArrays` argument of `marginFromRiskArrays` against the market and the scenario
 * groups the parameters need, and returns a view whose records are checked on first use. Internal.
 *
 * @param needs group ids the parameters read (`'mm'`, `'im'`, `'joint:<id>'`).
 */
export function riskArraysArgument(input: unknown, m: MarketSnapshot, needs: readonly string[]): ArraysView {
  const r = RiskArraysSchema.safeParse(input);
  if (!r.success) fail(toMarginIssues(r.error.issues, input, 'riskArrays'));
  const ra = r.data!;
  const set = scenarioSetArgument(ra.scenarioSet, 'riskArrays', ['scenarioSet']);
  const n = set.scenarios.length;
  if (ra.settlementCurrency !== m.settlementCurrency) {
    fail([at(['settlementCurrency'], `risk arrays are in ${ra.settlementCurrency} but the market settles in ${m.settlementCurrency}`, 'settlement_currency_mismatch')]);
  }
  const groups = new Set(set.groups.map((g) => g.id));
  for (const id of needs) if (!groups.has(id)) fail([at(['scenarioSet', 'groups'], `the parameters scan the scenario group ${id}, which the set does not have`, 'missing_field')]);
  // The weights are the set's: a copy may be handed back, but never a different weight.
  const w = compiledWeights(compiledSet(set));
  for (const [key, arr] of [['weights', ra.weights], ['weightDecimals', ra.weightDecimals], ['weightDivisors', ra.weightDivisors]] as const) {
    if (arr.length !== n) fail([at([key], `expected ${n} entries (one per scenario), got ${arr.length}`)]);
  }
  for (let s = 0; s < n; s++) {
    const wd = ra.weightDecimals[s];
    const dv = ra.weightDivisors[s];
    const same =
      ra.weights[s] === w.weights[s] &&
      (wd === w.weightDecimals[s] || (wd instanceof D && wd.eq(w.weightDecimals[s]!))) &&
      (dv === w.weightDivisors[s] || (dv instanceof D && w.weightDivisors[s] !== undefined && dv.eq(w.weightDivisors[s]!)));
    if (!same) fail([at(['weights', s], `weight of scenario ${s} does not match scenarioSet.scenarios[${s}].weight (${set.scenarios[s]!.weight})`)]);
  }
  const seen = new Map<string, RiskArray | undefined>();
  const record = (kind: 'instruments' | 'assets', key: string, underlying: string | undefined): RiskArray | undefined => {
    const k = `${kind}\u0000${key}`;
    if (seen.has(k)) return seen.get(k);
    const map = kind === 'instruments' ? ra.instruments : ra.assets;
    const v = map.get(key);
    const out = v === undefined ? undefined : checkedArray(v, n, underlying, [kind, key]);
    seen.set(k, out);
    return out;
  };
  return {
    set,
    weights: w,
    instrument: (s) => record('instruments', s, m.instruments.get(s)?.underlying),
    asset: (a) => record('assets', a, m.assets.get(a)?.underlying),
  };
}
