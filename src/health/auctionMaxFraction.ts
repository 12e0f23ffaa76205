import { DEFAULT_DECIMALS } from '../collateral/valueCollateral.js';
import * as z from 'zod';
import { parseArguments } from '../schema/parseArguments.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString, roundRequirement, roundValue } from '../numeric/rounding.js';
import { decimalField, err } from '../schema/fields.js';
import type { InputOf } from '../schema/InputOf.js';

const Schema = z.strictObject(
  {
    equity: decimalField(),
    maintenanceMargin: decimalField('nonNegative'),
    markToMarket: decimalField().optional(),
    cash: decimalField().optional(),
    bufferScale: decimalField('nonNegative'),
    discountFactor: decimalField('fraction'),
    decimals: z.number(err).int(err).min(0, err).max(18, err).optional(),
  },
  err,
);

/** Arguments of {@link auctionMaxFraction} as the caller writes them. */
export type AuctionMaxFractionInput = InputOf<typeof Schema>;

/** Result of {@link auctionMaxFraction}. */
export interface AuctionMaxFraction {
  /** Buffer margin `BM = equity - (1 + bufferScale) x MM`, settlement currency (negative while under the liquidation end). Rounded down. */
  bufferMargin: string;
  /** Largest fraction of the portfolio a bidder may take, in [0, 1], rounded up to 18 dp; 0 when BM >= 0 (nothing to sell), 1 when no fraction is enough. */
  fraction: string;
  /** What the bidder pays for that fraction: `f * (MtM*d + R*(1-d))`, settlement currency, rounded down. */
  price: string;
}

/**
 * Derive-style solvent liquidation auction: the largest fraction `f` of a flagged portfolio a bidder
 * may buy, so that the account's buffer margin returns exactly to zero and no more is sold:
 * `f = BM / (BM - MtM*d - R*(1-d))`.
 *
 * Derivation (so the inputs are unambiguous): the bidder takes `f` of every position and balance and
 * pays `d` times the mark-to-market of the risky part plus par for the cash `R` it takes over, i.e.
 * `f * (MtM*d + R*(1-d))`; buffer margin is linear in the holdings, so after the sale
 * `BM' = (1 - f) * BM + f * (MtM*d + R*(1-d))`, and `BM' = 0` gives the formula. With `R = 0` it is
 * the contract's `BM / (BM - MtM * discount)` (derivexyz/v2-core, DutchAuction._getMaxProportion), where
 * `BM = MtM + BUFFER_SCALE x (MM_margin - MtM)` in Derive's signed-margin convention equals our
 * `equity - (1 + bufferScale) x MM`.
 *
 * @param input `{ equity, maintenanceMargin (requirement, >= 0), markToMarket? (value of the portfolio
 *   sold, default = equity), cash? (R, the part of it that is cash, default 0), bufferScale (0.15),
 *   discountFactor d (0.95 = bidder pays 95% of mark), decimals? }`; amounts in the settlement currency.
 * @throws MarginInputError (argument `'auction'`) for a bad field.
 * @example
 * ```ts
 * // equity 10,000, MM 10,500, buffer 15%: BM = 10,000 - 1.15 x 10,500 = -2,075;
 * // d = 0.95, R = 0: f = -2,075 / (-2,075 - 9,500) = 0.17926565874...
 * auctionMaxFraction({ equity: '10000', maintenanceMargin: '10500', bufferScale: '0.15', discountFactor: '0.95' });
 * ```
 */
export function auctionMaxFraction(input: AuctionMaxFractionInput): AuctionMaxFraction {
  const a = parseArguments(Schema, input, 'auction');
  const dp = a.decimals ?? DEFAULT_DECIMALS;
  const mtm = a.markToMarket ?? a.equity;
  const R = a.cash ?? new D(0);
  const d = a.discountFactor;
  const bm = a.equity.minus(new D(1).plus(a.bufferScale).mul(a.maintenanceMargin));
  const proceeds = mtm.mul(d).plus(R.mul(new D(1).minus(d)));
  let f: Decimal;
  if (!bm.lt(0)) f = new D(0);
  else {
    const den = bm.minus(proceeds);
    // den >= 0 means the sale cannot lift BM (worthless or negative portfolio): sell it all.
    f = den.lt(0) ? D.min(1, bm.div(den)) : new D(1);
  }
  f = roundRequirement(f, 18);
  return { bufferMargin: decimalString(roundValue(bm, dp)), fraction: decimalString(f), price: decimalString(roundValue(f.mul(proceeds), dp)) };
}
