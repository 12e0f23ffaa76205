import type { Decimal } from './decimal.js';

/**
 * The digits of the two Decimals `fromFloatBounds` made last: `down` (that call's first, the object
 * itself) is `m * 10^-e`, the second (`up`: `down` itself when the float had at most 12 digits)
 * `um * 10^-ue` (each mantissa signed, below 1e12 in magnitude, without trailing zeros: the parts
 * `decimalOfParts` built it from). A fresh object each call, so a caller that holds `down` (an option
 * valuation's mark value, just made; its mark value up is the same call's second) reads both values'
 * digits here instead of from their limbs again. Decimals never change, so the digits stay theirs.
 * Internal: in a module no barrel re-exports (a caller writing here would give other values' digits).
 */
export const BOUNDS_MADE: { down?: Decimal; m: number; e: number; um: number; ue: number } = { m: 0, e: 0, um: 0, ue: 0 };
