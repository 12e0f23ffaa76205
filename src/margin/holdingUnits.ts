import type { Arithmetic } from '../numeric/Arithmetic.js';
import type { Instrument } from '../schema/instrumentSchema.js';

/**
 * A holding's units of underlying, the quantity add-ons charge on: `quantity x contractSize`, and for an
 * inverse future (whose contract is worth a fixed amount of quote currency) divided by its forward.
 * Written once for every number layer. Internal.
 *
 * @param quantity net contracts.
 * @param contractSize units of underlying per contract (inverse: quote currency per contract).
 * @param forward the instrument's forward (quote currency per unit of underlying); read only for an inverse future.
 * @returns units of underlying.
 * @example
 * ```ts
 * // 1,000 inverse contracts of 10 USD at a forward of 50,000: 10,000 / 50,000 = 0.2 BTC
 * const inverseFuture = { kind: 'future', settlement: 'inverse' } as Parameters<typeof holdingUnits>[3]; // the fields it reads
 * holdingUnits(DECIMAL_ARITHMETIC, D(1000), D(10), inverseFuture, () => D(50000)).toString(); // '0.2'
 * ```
 */
export function holdingUnits<T>(A: Arithmetic<T>, quantity: T, contractSize: T, inst: Instrument, forward: () => T): T {
  const units = A.mul(quantity, contractSize);
  return inst.kind === 'future' && inst.settlement === 'inverse' ? A.div(units, forward()) : units;
}
