/**
 * Exact powers of ten as float64, `P10[k] = 10^k` for k = 0..22 (10^22 is the last one a float64 holds
 * exactly): the scale factors of the exact arithmetic (the kernel's values and packed ints, the float
 * readings of Decimals), where `10 ** k` would be a call and a larger `k` no longer exact. Internal.
 *
 * @example
 * ```ts
 * P10[3] * 1.5; // 1500 (exact)
 * ```
 */
export const P10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
