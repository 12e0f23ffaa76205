import { ownValue } from '../schema/ownValue.js';
import { MarginInputError, type MarginIssue } from '../schema/MarginInputError.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket } from '../schema/parse.js';
import { scenarioWeights } from './buildRiskArrays.js';
import type { RiskArray, RiskArrays } from './RiskArrays.js';
import type { ScenarioSet } from './ScenarioSet.js';

/** Caller-supplied P&L per long contract (or per asset unit) per scenario, settlement currency, e.g. from a CME SPAN file. */
export interface SuppliedRiskArraysInput {
  instruments: Record<string, ArrayLike<number>>;
  assets?: Record<string, ArrayLike<number>>;
  /** Per-contract delta in units of underlying (for delta-based add-ons and credits); default 0. */
  deltas?: Record<string, number>;
}

/**
 * Wraps risk arrays that come from outside (a clearing house's published arrays) so the margin
 * step can use them exactly like ours. Each array must have one finite entry per scenario of
 * `scenarioSet`; instruments must exist in the market (their underlying groups them into risk units);
 * assets must be tied to an underlying. No exact Decimals are attached: every entry goes through
 * `fromFloat`, rounded against the account.
 *
 * @throws MarginInputError (argument `riskArrays`): `unknown_symbol`, `invalid_value` (wrong length,
 *   non-finite entry or delta), `missing_index` (asset not tied to an underlying).
 * @example
 * ```ts
 * const arrays = suppliedRiskArrays(market, spanSet, { instruments: { 'ES-MAR27': [0, 0, -1250, ...] } });
 * ```
 */
export function suppliedRiskArrays(market: MarketSnapshotInput | MarketSnapshot, scenarioSet: ScenarioSet, input: SuppliedRiskArraysInput): RiskArrays {
  const m = parseMarket(market);
  const n = scenarioSet.scenarios.length;
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
  // Own keys only (a symbol named 'constructor' must not find Object.prototype's), and finite: a NaN
  // delta would reach fromFloat in the delta-based add-ons and throw there, past the boundary.
  const deltaOf = (key: string): number => {
    const d = ownValue(input.deltas, key);
    if (d === undefined) return 0;
    if (typeof d !== 'number' || !Number.isFinite(d)) {
      issues.push({ code: 'invalid_value', path: ['deltas', key], message: 'a delta must be a finite number', argument: 'riskArrays' });
      return 0;
    }
    return d;
  };
  const wrap = (underlying: string, pnl: Float64Array, delta: number): RiskArray => {
    let mx = 0;
    for (let i = 0; i < n; i++) mx = Math.max(mx, Math.abs(pnl[i]!));
    return { underlying, pnl, delta, maxAbs: mx };
  };
  const instruments = new Map<string, RiskArray>();
  for (const key of Object.keys(input.instruments).sort()) {
    const inst = m.instruments.get(key);
    if (!inst) {
      issues.push({ code: 'unknown_symbol', path: ['instruments', key], message: `no instrument ${key} in the market`, argument: 'riskArrays' });
      continue;
    }
    const f = check('instruments', key, input.instruments[key]!);
    if (f) instruments.set(key, wrap(inst.underlying, f, deltaOf(key)));
  }
  const assets = new Map<string, RiskArray>();
  for (const key of Object.keys(input.assets ?? {}).sort()) {
    const u = m.assets.get(key)?.underlying;
    if (u === undefined) {
      issues.push({ code: 'missing_index', path: ['assets', key], message: `asset ${key} is not tied to an underlying in the market`, argument: 'riskArrays' });
      continue;
    }
    const f = check('assets', key, input.assets![key]!);
    if (f) assets.set(key, wrap(u, f, deltaOf(key)));
  }
  if (issues.length) throw new MarginInputError(issues);
  return { scenarioSet, settlementCurrency: m.settlementCurrency, ...scenarioWeights(scenarioSet), instruments, assets };
}
