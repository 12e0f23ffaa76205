import type { Holding } from './Holding.js';

/**
 * A unit's holdings as an add-on's amount step reads them, by index into the list its plan was made
 * from (see `rollShockPlan`), in one number layer: the Decimal layer reads a `Holding[]`
 * ({@link holdingValues}), the kernel its compiled account and tick, without a Holding per position.
 * Internal.
 */
export interface HoldingValues<T> {
  /** Signed size in units of underlying (see `Holding`). */
  units(i: number): T;
  /** Settlement currency per unit of underlying. */
  unitPrice(i: number): T;
  /** Delta in units of underlying (float). */
  delta(i: number): number;
}

/**
 * {@link HoldingValues} of a list of holdings. Internal.
 *
 * @example
 * ```ts
 * holdingValues(holdings).unitPrice(4).toString(); // '3500' (ETH-PERP)
 * ```
 */
export function holdingValues<T>(holdings: readonly Holding<T>[]): HoldingValues<T> {
  return { units: (i) => holdings[i]!.units, unitPrice: (i) => holdings[i]!.unitPrice, delta: (i) => holdings[i]!.delta };
}
