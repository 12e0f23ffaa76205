import { DECIMAL_ARITHMETIC, type Arithmetic } from '../numeric/Arithmetic.js';
import type { Decimal } from '../numeric/decimal.js';
import type { Instrument } from '../schema/instrumentSchema.js';

/**
 * The cash that closing `quantity` contracts of a position realises, in the instrument's settlement
 * currency (the quote currency of a linear instrument, the coin of an inverse one). The one rule
 * behind every closing trade: `simulate` and `reductionPlan` (through `portfolioAfterTrades`) and
 * `settleExpired` all book a closed position with it, so that a closed position's value is the same
 * cash in the same currency whichever tool closes it.
 *
 * - future: linear `q * size * (price - entry)`; inverse `q * size * (1/entry - 1/price)` coins.
 *   `entry` and `price` in the quote currency per unit of underlying, both > 0.
 * - option: `q * price`, where `price` is the premium of one contract in the settlement currency
 *   (coin for an inverse option); `entry` is not used (an option's premium was paid when it opened).
 *
 * Closing at the mark (price = mark, premium = the mark value equity gives the position) realises
 * exactly the position's contribution to equity, so equity moves by nothing but fees.
 *
 * @param instrument the instrument's terms.
 * @param quantity contracts closed, signed as the position (a long closes with q > 0).
 * @param entry entry price of the closed contracts (futures; the mark when the position has none).
 * @param price closing price (futures) or premium per contract (options).
 * @returns cash received (+) or paid (-), units of `instrument.settlementCurrency`, exact.
 * @example
 * ```ts
 * // 2 contracts of a 10 USD inverse perp bought at 100,000, closed at 125,000:
 * // 2 x 10 x (1/100,000 - 1/125,000) = 0.00004 BTC
 * const inversePerp = market.instruments.get('BTC-USD-PERP-INV')!; // 10 USD contracts, settled in BTC
closingValue(inversePerp, D(2), D(100000), D(125000)).toString(); // '0.00004'
 * ```
 */
export function closingValue(instrument: Instrument, quantity: Decimal, entry: Decimal, price: Decimal): Decimal {
  return closingValueIn(DECIMAL_ARITHMETIC, instrument, instrument.contractSize, quantity, entry, price);
}

/**
 * {@link closingValue} over a number layer (the rule written once: the Decimal layer and the kernel's
 * pre-trade check run it; `size` is the instrument's contract size in A's numbers). Internal.
 *
 * @example
 * ```ts
 * // 2 BTC-PERP (linear, size 1) entered at 95,000, closed at 100,000: 2 x (100,000 - 95,000)
 * closingValueIn(DECIMAL_ARITHMETIC, market.instruments.get('BTC-PERP')!, D(1), D(2), D(95000), D(100000)).toString(); // '10000'
 * // An inverse future pays units x (1/entry - 1/price) in its coin instead.
 * ```
 */
export function closingValueIn<T>(A: Arithmetic<T>, instrument: Instrument, size: T, quantity: T, entry: T, price: T): T {
  if (instrument.kind !== 'future') return A.mul(quantity, price);
  const units = A.mul(quantity, size);
  return instrument.settlement === 'linear' ? A.mul(units, A.sub(price, entry)) : A.mul(units, A.sub(A.div(A.one, entry), A.div(A.one, price)));
}
