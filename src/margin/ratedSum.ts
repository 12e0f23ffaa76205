import type { Arithmetic } from '../numeric/Arithmetic.js';
import type { Holding } from './Holding.js';

/**
 * One underlying's share of a per-unit add-on: a quantity of underlying units (`units`) valued at the
 * unit price of the holding `at` (the rule picks which holding's price applies). The add-ons' inputs,
 * shared by both number layers.
 */
export interface AddOnPart<T> {
  underlying: string;
  units: T;
  at: Holding<T>;
}

/**
 * `sum of units * rate * price(at)` over the parts, in order: the amount of an add-on charged at `rate`
 * per unit of underlying at its price (settlement currency). Shared by both number layers. Internal.
 */
export function ratedSum<T>(A: Arithmetic<T>, parts: readonly AddOnPart<T>[], rate: T, price: (h: Holding<T>) => T): T {
  let amount = A.zero;
  for (const x of parts) amount = A.add(amount, A.mul(A.mul(x.units, rate), price(x.at)));
  return amount;
}

/** The sum of the parts' units (the add-on's reported input), in order. Internal. */
export function partUnits<T>(A: Arithmetic<T>, parts: readonly AddOnPart<T>[]): T {
  let total = A.zero;
  for (const x of parts) total = A.add(total, x.units);
  return total;
}
