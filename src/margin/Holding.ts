import type { Decimal } from '../numeric/decimal.js';
import type { OptionRight } from '../pricing/black76.js';

/**
 * One netted position as the add-ons see it.
 *
 * - `units`: signed size in units of the underlying (`quantity * contractSize`; inverse futures
 *   `quantity * contractSize / F`).
 * - `unitPrice`: value of one unit of underlying in the account settlement currency (index price,
 *   converted from the quote currency).
 * - `delta`: the position's delta in units of underlying (float, from the valuation; 0 when unknown).
 * - `expiryMs`: epoch ms; absent for a perpetual.
 * - `confidence`: the lowest confidence (fraction in [0, 1]) of the prices its value rests on besides
 *   the index: a future's mark; an option's mark and its expiry's forward, rate and vol confidences.
 *   Absent = none given (certain). `indexConfidence`: the index's, when given.
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
  confidence?: Decimal;
  indexConfidence?: Decimal;
}

/** An add-on's outcome: amount in the settlement currency (exact, unrounded), how it applies, and its inputs. */
export interface AddOn {
  name: string;
  amount: Decimal;
  apply: 'add' | 'floor';
  inputs: Record<string, string | number | boolean>;
}
