import type { Decimal } from '../numeric/decimal.js';
type OptionRight = 'call' | 'put';

/**
 * One netted position as the add-ons see it.
 *
 * - `units`: signed size in units of the underlying (`quantity * contractSize`; inverse futures
 *   `quantity * contractSize / F`).
 * - `unitPrice`: value of one unit of underlying in the account settlement currency (index price,
 *   converted from the quote currency).
 * - `delta`: the position's delta in units of underlying (float, from the valuation; 0 when unknown).
 * - `expiryMs`: epoch ms; absent for a perpetual.
 *
 * `T` is the number layer (Decimal here; the exact kernel runs the same add-on rules on its own numbers).
 */
export interface Holding<T = Decimal> {
  symbol: string;
  kind: 'future' | 'option';
  underlying: string;
  units: T;
  unitPrice: T;
  delta: number;
  right?: OptionRight;
  strike?: Decimal;
  expiryMs?: number;
}

/** An add-on's outcome: amount in the settlement currency (exact, unrounded), how it applies, and its inputs. */
export interface AddOn {
  name: string;
  amount: Decimal;
  apply: 'add' | 'floor';
  inputs: Record<string, string | number | boolean>;
}
