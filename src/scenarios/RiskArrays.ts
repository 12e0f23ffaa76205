import type { Decimal } from '../numeric/decimal.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import type { ScenarioSet } from './ScenarioSet.js';

/**
 * The P&L of one long contract (or one unit of a collateral asset) in every scenario of a set, in
 * the account settlement currency.
 *
 * - `pnl[s]`: float64 P&L in scenario `s` (index into `scenarioSet.scenarios`).
 * - `exact[s]`: the same P&L as an exact Decimal, present for instruments linear in the moves
 *   (linear futures: `size * F * move`; inverse futures; tied assets: `price * move`). The margin
 *   step uses it so that a futures-only book equals the decimal hand calculation.
 * - `delta`: value change per contract per 1 quote-currency move of the index, in the settlement
 *   currency: units of underlying where the unit price is the index (a linear contract quoted in the
 *   settlement currency); otherwise the add-ons read it as `delta x index / unitPrice` units
 *   (`holdingDelta`). `suppliedRiskArrays` takes deltas in units of underlying and stores them in this
 *   unit. Used by delta-based add-ons and inter-unit credits (0 when unknown).
 * - `maxAbs`: max |pnl[s]|, for the float tolerance of the worst-scenario search (the scan uses the
 *   larger of it and the actual maximum).
 * - `value`: options only, the model value of one long contract at the snapshot (float, settlement
 *   currency), so that `value + pnl[s]` is its value in scenario `s`: per-expiry mechanisms (static
 *   discounts, skew states, the basis floor) work on expiry values, not on P&L alone.
 *
 * Where `exact` is present, the exact recheck uses it and `pnl` only finds the scenarios to recheck:
 * keep `pnl` the float of `exact` (edit both, or leave `exact` out).
 *
 * Inside the library a linear exposure's array built by our pricing makes its `exact` Decimals on
 * first read (a getter: the one-shot's kernel reads about one scenario per array, by integer digits).
 * Copy such an array field by field, reading `exact` (as the hand-out does), never by spread or
 * `JSON`: what the library hands out is always a plain copy.
 */
export interface RiskArray {
  underlying: string;
  pnl: Float64Array;
  exact?: readonly Decimal[];
  delta: number;
  maxAbs: number;
  value?: number;
}

/**
 * Risk arrays for one market snapshot and scenario set, shared by every account: per instrument
 * symbol and per tied asset. Built by `buildRiskArrays` (our pricing) or `suppliedRiskArrays` (a
 * clearing house's files); the margin step does not care which. What the library hands out is a
 * copy (fresh `Float64Array`s, frozen records, read-only maps); `marginFromRiskArrays` checks what it
 * is given (`RiskArraysSchema`, argument `riskArrays`): records only when the account uses them, the
 * weights against the set's own.
 *
 * `weights` are the scenarios' float weights; the exact weight is `weightDecimals[s] / weightDivisors[s]`
 * (divisor absent = 1), so a damped tail's `c / |move|` is applied without rounding.
 * `valuations` (when built by us) holds each instrument's valuation for the standard-mode rules.
 */
export interface RiskArrays {
  scenarioSet: ScenarioSet;
  settlementCurrency: string;
  weights: Float64Array;
  weightDecimals: readonly Decimal[];
  weightDivisors: readonly (Decimal | undefined)[];
  instruments: ReadonlyMap<string, RiskArray>;
  assets: ReadonlyMap<string, RiskArray>;
  valuations?: ReadonlyMap<string, InstrumentValuation>;
}
