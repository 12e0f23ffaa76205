import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';

// 200 digits hold every generated value exactly, so the canonical text comes from decimal.js, not from the
// library under test.
const D200 = DecimalJs.clone({ precision: 200, toExpNeg: -9e15, toExpPos: 9e15 });

/**
 * Random decimals in the library's canonical text form (plain notation, no exponent, no trailing zeros,
 * `0` for zero): a signed integer of up to `maxDigits` digits divided by 10^0..10^`maxScale`.
 */
export function canonicalDecimals(maxDigits: number, maxScale: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** BigInt(maxDigits) }), fc.integer({ min: 0, max: maxScale }))
    .map(([neg, digits, scale]) => new D200(`${neg ? '-' : ''}${digits}e-${scale}`))
    .map((x) => (x.isZero() ? '0' : x.toFixed()));
}
