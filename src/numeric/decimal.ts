// The named export, not the default one: decimal.js ships one `decimal.d.ts` for both module systems,
// which TypeScript reads as CommonJS, so under `"type": "module"` + NodeNext a default import resolves to
// the whole module object (`D('0.1')` not callable, `Decimal` any-like, TS2709 with skipLibCheck off).
// The named `Decimal` is the same constructor in decimal.mjs, decimal.js and every type resolution mode.
import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The library's private Decimal constructor.
 *
 * A clone, so that a host changing the global decimal.js constructor's settings (`Decimal.set`) changes
 * neither our precision nor our rounding. 40 significant digits cover any realistic notional
 * (1e15 quote units) to 1e-24 without loss; exponent notation is switched off so that
 * `toString()` never prints `1e-7`.
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
