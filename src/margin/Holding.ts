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
 */
export interface Holding {
  symbol: string;
  kind: 'future' | 'option';
  underlying: string;
  units: Decimal;
  unitPrice: Decimal;
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
