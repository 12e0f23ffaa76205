/**
 * Epoch milliseconds (UTC) to an ISO-8601 string `YYYY-MM-DDTHH:MM:SS.mmmZ`, without `Date`: the
 * library keeps clock-like objects out of its code, and this is pure arithmetic (H. Hinnant's
 * civil-from-days). Internal helper for rebuilding market JSON.
 *
 * @param ms epoch milliseconds, within years 0000-9999.
 * @returns the ISO-8601 UTC timestamp.
 * @example
 * ```ts
 * isoFromMs(1798185600000); // '2026-12-25T08:00:00.000Z'
 * ```
 */
export function isoFromMs(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(rest / 3_600_000);
  rest -= hh * 3_600_000;
  const mm = Math.floor(rest / 60_000);
  rest -= mm * 60_000;
  const ss = Math.floor(rest / 1000);
  const mss = rest - ss * 1000;
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `${p(y, 4)}-${p(m, 2)}-${p(d, 2)}T${p(hh, 2)}:${p(mm, 2)}:${p(ss, 2)}.${p(mss, 3)}Z`;
}
