import { MarginInputError } from '../schema/MarginInputError.js';

/** The largest epoch milliseconds a JavaScript Date holds (year 275760). */
const MAX_MS = 8.64e15;

/** Milliseconds in one ACT/365 year: 365 days of 86,400,000 ms (no leap-year adjustment). */
export const MS_PER_YEAR = 365 * 86_400_000;

/**
 * ACT/365 (Fixed) year fraction between two instants given as epoch milliseconds (UTC), the time
 * unit of every pricer here: (to - from) / (365 * 86,400,000).
 *
 * Actual elapsed time counts, with no day rounding, so an expiry at 08:00 UTC seen from 20:00 UTC the
 * day before is 0.5 / 365 years. Negative when `toMs` is before `fromMs` (the pricers treat
 * `years <= 0` as expired).
 *
 * @param fromMs - valuation instant, milliseconds since 1970-01-01T00:00:00Z.
 * @param toMs - expiry instant, milliseconds since 1970-01-01T00:00:00Z.
 * @returns the year fraction (years, ACT/365).
 *
 * @example
 * ```ts
 * yearFraction(Date.parse('2026-01-01T08:00:00Z'), Date.parse('2026-01-31T08:00:00Z')); // 0.0821917808219178 = 30 / 365
 * ```
 */
export function yearFraction(fromMs: number, toMs: number): number {
  if (!(Math.abs(fromMs) <= MAX_MS && Math.abs(toMs) <= MAX_MS)) {
    throw new MarginInputError([{ code: 'invalid_timestamp', path: [], message: `timestamps must be finite epoch milliseconds, got ${String(fromMs)} and ${String(toMs)}`, argument: Math.abs(fromMs) <= MAX_MS ? 'toMs' : 'fromMs' }]);
  }
  return (toMs - fromMs) / MS_PER_YEAR;
}
