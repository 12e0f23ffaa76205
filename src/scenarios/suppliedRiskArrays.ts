import * as z from 'zod';
import { err, finiteNumberField, idField, LIMITS, recordField } from '../schema/fields.js';
import { ownValue } from '../schema/ownValue.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import { unitPrice } from '../schema/unitPrice.js';
import { deltaConversion } from '../margin/holdingUnitPrice.js';
import { MarginInputError, type MarginIssue } from '../schema/MarginInputError.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket } from '../schema/parse.js';
import { parseArguments } from '../schema/parseArguments.js';
import { compiledSet, compiledWeights } from './compiledSet.js';
import type { RiskArray, RiskArrays } from './RiskArrays.js';
import { ownRiskArray } from './RiskArraysSchema.js';
import { frozenMap } from '../schema/frozenMap.js';
import type { ScenarioSet } from './ScenarioSet.js';
import { scenarioSetArgument } from './ScenarioSetSchema.js';

/** Caller-supplied P&L per long contract (or per asset unit) per scenario, settlement currency, e.g. from a CME SPAN file. */
export interface SuppliedRiskArraysInput {
  instruments: Record<string, ArrayLike<number>>;
  assets?: Record<string, ArrayLike<number>>;
  /** Per-contract delta in units of underlying (for delta-based add-ons and credits); default 0. */
  deltas?: Record<string, number>;
}

/**
 * An array of numbers or a typed array of numbers (a string '5' would become 5 silently in a
 * Float64Array, so strings are refused here). Length and finiteness are checked entry by entry after
 * the schema, so a bad entry is named by its index.
 */
const entriesField = z.custom<ArrayLike<number>>(
  (v) => (ArrayBuffer.isView(v) ? v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array : Array.isArray(v) && v.length <= LIMITS.maxScenarios && v.every((x) => typeof x === 'number')),
  { error: () => 'expected an array of numbers (one entry per scenario)', params: { marginCode: 'invalid_type' } },
);

/** Schema of {@link SuppliedRiskArraysInput} (argument `riskArrays`): strict, numbers finite. */
export const SuppliedRiskArraysSchema = z.strictObject(
  {
    instruments: recordField(idField, entriesField),
    assets: recordField(idField, entriesField).optional(),
    deltas: recordField(idField, finiteNumberField).optional(),
  },
  err,
);

/**
 * Wraps risk arrays that come from outside (a clearing house's published arrays) so the margin
 * step can use them exactly like ours. Each array must have one finite entry per scenario of
 * `scenarioSet`; instruments must exist in the market (their underlying groups them into risk units);
 * assets must be tied to an underlying. No exact Decimals are attached: every entry goes through
 * `fromFloat`, rounded against the account. The entries are copied: the result's arrays are yours,
 * in frozen records and read-only maps.
 *
 * @param scenarioSet from `buildScenarioSet` or `parseScenarioSet`, or hand-written (validated: argument `scenarioSet`).
 * @param riskArrays arrays as plain arrays of numbers or Float64Arrays.
 * @throws MarginInputError (argument `riskArrays`): `unknown_symbol`, `invalid_value` (wrong length,
 *   non-finite entry or delta), `invalid_type`, `unrecognized_key`, `missing_index` (asset not tied to
 *   an underlying); argument `scenarioSet` for a malformed set.
 * @example
 * ```ts
 * // one P&L per contract for each of spanSet's 16 scenarios, e.g. from a clearing house's file
 * const pnl = [0, 0, -1250, 1250, -2500, 2500, -3750, 3750, 0, 0, -1250, 1250, -2500, 2500, -4000, 4000];
 * const arrays = suppliedRiskArrays(market, spanSet, { instruments: { 'BTC-25DEC26': pnl } });
 * arrays.instruments.get('BTC-25DEC26')?.pnl[2]; // -1250
 * ```
 */
export function suppliedRiskArrays(market: MarketSnapshotInput | MarketSnapshot, scenarioSet: ScenarioSet, riskArrays: SuppliedRiskArraysInput): RiskArrays {
  const m = parseMarket(market);
  const set = scenarioSetArgument(scenarioSet, 'scenarioSet');
  const raw = parseArguments(SuppliedRiskArraysSchema, riskArrays, 'riskArrays');
  const n = set.scenarios.length;
  const issues: MarginIssue[] = [];
  const check = (kind: 'instruments' | 'assets', key: string, a: ArrayLike<number>): Float64Array | undefined => {
    if (a.length !== n) {
      issues.push({ code: 'invalid_value', path: [kind, key], message: `expected ${n} entries (one per scenario), got ${a.length}`, argument: 'riskArrays' });
      return undefined;
    }
    const f = Float64Array.from(a);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(f[i]!)) {
        issues.push({ code: 'invalid_value', path: [kind, key, i], message: 'risk array entries must be finite numbers', argument: 'riskArrays' });
        return undefined;
      }
    }
    return f;
  };
  // A supplied delta is in units of underlying per contract; a risk array's delta is in settlement
  // currency per quote unit of index move, which differs by unitPrice / index where the unit price is
  // not the index itself (an inverse contract, a converted quote currency): stored in the arrays' unit,
  // so that the one rule that reads it (holdingDelta) gives the supplied units back.
  const deltaOf = (key: string, inst?: Instrument): number => {
    const d = ownValue(raw.deltas, key) ?? 0;
    const index = inst ? m.underlyings.get(inst.underlying)?.index : undefined;
    const price = inst ? unitPrice(m, inst) : undefined;
    const conversion = index !== undefined && price !== undefined ? deltaConversion(index, price) : undefined;
    return conversion ? (d * conversion[1]) / conversion[0] : d;
  };
  const wrap = (underlying: string, pnl: Float64Array, delta: number): RiskArray => {
    let mx = 0;
    for (let i = 0; i < n; i++) mx = Math.max(mx, Math.abs(pnl[i]!));
    return ownRiskArray({ underlying, pnl, delta, maxAbs: mx });
  };
  const instruments = new Map<string, RiskArray>();
  for (const key of Object.keys(raw.instruments).sort()) {
    const inst = m.instruments.get(key);
    if (!inst) {
      issues.push({ code: 'unknown_symbol', path: ['instruments', key], message: `no instrument ${key} in the market`, argument: 'riskArrays' });
      continue;
    }
    const f = check('instruments', key, raw.instruments[key]!);
    if (f) instruments.set(key, wrap(inst.underlying, f, deltaOf(key, inst)));
  }
  const assets = new Map<string, RiskArray>();
  for (const key of Object.keys(raw.assets ?? {}).sort()) {
    const u = m.assets.get(key)?.underlying;
    if (u === undefined) {
      issues.push({ code: 'missing_index', path: ['assets', key], message: `asset ${key} is not tied to an underlying in the market`, argument: 'riskArrays' });
      continue;
    }
    const f = check('assets', key, raw.assets![key]!);
    if (f) assets.set(key, wrap(u, f, deltaOf(key)));
  }
  if (issues.length) throw new MarginInputError(issues);
  const w = compiledWeights(compiledSet(set));
  // The caller's arrays were copied; the records are frozen, the maps read-only.
  return Object.freeze({ scenarioSet: set, settlementCurrency: m.settlementCurrency, weights: w.weights.slice(), weightDecimals: w.weightDecimals, weightDivisors: w.weightDivisors, instruments: frozenMap(instruments), assets: frozenMap(assets) });
}
