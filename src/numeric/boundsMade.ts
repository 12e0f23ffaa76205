import type { Decimal } from './decimal.js';

/**
 * The last two Decimals `fromFloatBounds` made and their digits: `down` is `downM * 10^-downE`, `up`
 * is `upM * 10^-upE` (each `m` signed, below 1e12 in magnitude, without trailing zeros: the parts
 * `decimalOfParts` built it from; `up` is `down` when the float had at most 12 digits). A caller that
 * holds one of those very objects (an option valuation's mark value, just made) reads its digits here
 * instead of from its limbs again. Decimals never change, so the digits stay the object's. Internal:
 * in a module no barrel re-exports (a caller writing here would give other values' digits).
 */
export const BOUNDS_MADE: { down: Decimal | undefined; up: Decimal | undefined; downM: number; downE: number; upM: number; upE: number } = { down: undefined, up: undefined, downM: 0, downE: 0, upM: 0, upE: 0 };
