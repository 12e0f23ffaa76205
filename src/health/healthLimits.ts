import { MarginInputError } from '../schema/MarginInputError.js';

/**
 * Bounds on the work of one call of the health tools that evaluate an account many times
 * (`liquidationPrices`, `reductionPlan`). Work is counted in **item-evaluations**: one evaluation of
 * an account counts its items plus 1 (positions and collateral balances; a liquidation-search
 * evaluation also re-prices the market, so it counts the market's listed underlyings and assets and
 * 48 more), times `ceil(scenarios / 64)` (at least 1) for a scenario set larger than 64 scenarios.
 * Each tool computes its worst case from the inputs before any evaluation and refuses a call above
 * `maxWork` with `too_many` (see the tools' TSDoc for the count). `maxWork` is a few seconds of one core.
 *
 * @example
 * ```ts
 * HEALTH_LIMITS.maxWork; // 500000
 * ```
 */
export const HEALTH_LIMITS = Object.freeze({ maxWork: 500_000 });

/** The weight of one item-evaluation over a set of `scenarios` scenarios: `ceil(scenarios / 64)`, at least 1 (see {@link HEALTH_LIMITS}). Internal. */
export function scenarioFactor(scenarios: number): number {
  return Math.max(1, Math.ceil(scenarios / 64));
}

/** Throws `too_many` when `work` is above {@link HEALTH_LIMITS}`.maxWork`, before the work starts. Internal. */
export function checkWork(work: number, what: string, argument: string, path: (string | number)[]): void {
  if (work <= HEALTH_LIMITS.maxWork) return;
  throw new MarginInputError([
    { code: 'too_many', path, argument, message: `${what}: at most ${work} item-evaluations, above the limit of ${HEALTH_LIMITS.maxWork} (HEALTH_LIMITS.maxWork); refused before any work` },
  ]);
}
