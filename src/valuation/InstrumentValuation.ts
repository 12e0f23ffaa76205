import type { Decimal } from '../numeric/decimal.js';
import type { Instrument } from '../schema/instrumentSchema.js';

/**
 * One instrument valued at one market snapshot: the shared, account-independent facts every later
 * step (exposure, scenarios, equity) starts from. Computed once per snapshot per instrument.
 *
 * Float fields come from the pricing models (float64); Decimal fields are exact or converted once
 * through `fromFloat`.
 */
export interface InstrumentValuation {
  instrument: Instrument;
  /** Time to expiry in years (ACT/365); 0 for a perpetual. */
  years: number;
  /** Underlying index, quote currency per unit. */
  index: Decimal;
  /**
   * The price that moves the instrument: a future's mark price, or an option's forward for its
   * expiry (quoted, or `index * e^(rate*years)`). Quote currency per unit of underlying.
   */
  forward: Decimal;
  /**
   * The part of an option's forward that no longer moves with the index (the market's
   * `expiries[...].fixedForward`); absent = the whole forward moves.
   */
  fixedForward?: Decimal;
  /** Continuously compounded rate used to discount option values (decimal): the expiry's rate when quoted, floored at the underlying's `rateFloor`. */
  rate: number;
  /** Option implied vol (annualised decimal) used by every scenario; undefined for futures. */
  vol?: number;
  /**
   * Mark value of one long contract in the instrument's settlement currency (coin for inverse):
   * option premium (the quoted price when given, else the model value rounded down at 12
   * significant digits, as an asset); 0 for futures, whose value is their P&L against entry.
   */
  markValue: Decimal;
  /**
   * The same mark rounded up instead of down (equal to `markValue` when quoted or exact): what a
   * short position owes, and what a requirement adds, so that both round against the account.
   */
  markValueUp: Decimal;
  /** Price of one unit of the instrument's settlement currency in the account's settlement currency. */
  settlementPrice: Decimal;
  /** The underlying the settlement coin is tied to (moves with it in scenarios), if any. */
  settlementTiedTo?: string;
  /**
   * Sensitivities of one long contract's value in the account's settlement currency, with every
   * forward of the underlying and any tied settlement coin moving with the index:
   * `delta` in units of the underlying per contract (dV/dS divided by nothing: value change per 1
   * quote unit of index move), `gamma` d2V/dS2, `vega` per 1 vol point (0.01), `theta` per calendar day.
   */
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
}
