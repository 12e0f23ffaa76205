import * as z from 'zod';
import type { ReadonlyInput } from '../schema/InputOf.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { err } from '../schema/fields.js';
import type { ScenarioSet } from '../scenarios/ScenarioSet.js';
import { ScenarioSetSchema } from '../scenarios/ScenarioSetSchema.js';
import { SuppliedRiskArraysSchema, type SuppliedRiskArraysInput } from '../scenarios/suppliedRiskArrays.js';

/**
 * Risk arrays from outside (a clearing house's file, e.g. a SPAN file through `spanMarginInputs`) for
 * a {@link MarginEngineOptions}: the engine scans these instead of revaluing the instruments itself.
 *
 * - `scenarioSet`: the scenarios the arrays are per (one array entry per scenario, in order; weights
 *   are decimal fractions of the loss that count).
 * - `riskArrays`: at the engine's market, P&L of one long contract (or one unit of a tied asset) per
 *   scenario, in the market's settlement currency (loss negative); deltas in units of underlying per
 *   contract. Checked as `suppliedRiskArrays` checks them.
 * - `riskArraysAt` (optional): the arrays at another market of the same instrument table and the same
 *   scenario set: a tick (`engine.withPrices`) or a liquidation search's moved index
 *   (`engine.liquidationPrices`). Without it those two refuse (`missing_risk_array`), since arrays
 *   published for one snapshot say nothing about another. For a SPAN futures book,
 *   `() => inputs.riskArrays` is SPAN's own assumption (scan ranges are money per contract and hold
 *   until the next file); option arrays do move with the price.
 */
export interface SuppliedRiskArraysOption {
  /** The scenarios the arrays are per (one array entry per scenario, in order). */
  readonly scenarioSet: ReadonlyInput<ScenarioSet>;
  /** The arrays at the engine's market: P&L per long contract per scenario, settlement currency; deltas in units of underlying per contract. */
  readonly riskArrays: ReadonlyInput<SuppliedRiskArraysInput>;
  /** The arrays at another market of the same table and set (a tick, a moved index); without it `withPrices` and `liquidationPrices` refuse. */
  readonly riskArraysAt?: (market: MarketSnapshot) => ReadonlyInput<SuppliedRiskArraysInput>;
}

/** Options of `createMarginEngine`. `supplied`: scan risk arrays given from outside (see {@link SuppliedRiskArraysOption}). */
export interface MarginEngineOptions {
  readonly supplied?: SuppliedRiskArraysOption;
}

const callback = z.custom<(market: MarketSnapshot) => unknown>((v) => typeof v === 'function', { error: () => 'expected a function (market) => risk arrays', params: { marginCode: 'invalid_type' } });

/** Checks `createMarginEngine`'s options (argument `options`); unknown keys are rejected. Internal. */
export const MarginEngineOptionsSchema = z.strictObject(
  {
    supplied: z
      .strictObject({ scenarioSet: ScenarioSetSchema, riskArrays: SuppliedRiskArraysSchema, riskArraysAt: callback.optional() }, err)
      .optional(),
  },
  err,
);
