// The named export, not the default one: decimal.js ships one `decimal.d.ts` for both module systems,
// which TypeScript reads as CommonJS, so under `"type": "module"` + NodeNext a default import resolves to
// the whole module object (`D('0.1')` not callable, `Decimal` any-like, TS2709 with skipLibCheck off).
// The named `Decimal` is the same constructor in decimal.mjs, decimal.js and every type resolution mode.
import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The library's private Decimal constructor.
 *
 * A clone, so that a host changing the global decimal.js constructor's settings (`Decimal.set`) changes
 * neither our precision nor our rounding. Exponent notation is switched off so that `toString()`
 * never prints `1e-7`.
 *
 * Precision, and what it makes exact. Every operation rounds its result half-even
 * to 40 significant digits; a result that fits in 40 digits is exact. So:
 *
 * - Inputs are held exactly: the boundary refuses an amount with more than 40 significant digits
 *   (`LIMITS.maxSignificantDigits`, `invalid_decimal`) instead of letting its first operation round
 *   it half-even before a requirement is rounded up (a 46-digit quantity once gave MM 1 for 1.01).
 * - A sum, difference or product is exact when its exact result has at most 40 significant digits:
 *   digits of a product add up (quantity 10 + contract size 2 + price 10 + coin price 10 = 32), a
 *   sum spans from its largest to its smallest digit (1e9 + 1e-8 needs 18). Realistic books stay far
 *   inside: the exact computations the library does (futures P&L and notional, balance x price x
 *   (1 - haircut), scenario P&L of linear futures, the standard futures rule `q size F (rate + q size
 *   perUnit) C` with its seven factors) are short products and sums of inputs, and
 *   the library's property tests check them digit for digit against an 80-digit computation.
 * - No per-input bound can make every such chain exact at 40 digits without refusing ordinary
 *   inputs (seven factors would leave 5 digits each; a BTC balance with satoshis needs 16), and
 *   raising the precision would change the printed bytes of every result that comes from a
 *   non-terminating division (damped tail weights 0.16/0.66, inverse P&L 1/F, the scan amounts built
 *   on them: 216 changed lines in the sample book's outputs at 100 digits). So the bound on inputs is
 *   what 40 digits hold, and a chain longer than 40 digits is rounded half-even at its 40th digit:
 *   a relative error below 5e-40, which moves a final against-the-account rounding only when the
 *   exact result lies within that distance of a rounding boundary. Divisions, roots and
 *   exponentials are rounded at 40 digits in any case (they rarely terminate).
 *
 * @example
 * ```ts
 * import { D } from 'portfolio-margin';
 * D('0.1').plus('0.2').toString(); // '0.3'
 * ```
 */
export const D: DecimalJs.Constructor = /* @__PURE__ */ DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
  minE: -9e15,
  maxE: 9e15,
  modulo: DecimalJs.ROUND_DOWN,
  crypto: false,
});

/** An instance of the library's Decimal (exact base-10 arithmetic). */
export type Decimal = DecimalJs;

/** Anything the library accepts where it wants a decimal amount. */
export type DecimalLike = Decimal | string | number;
