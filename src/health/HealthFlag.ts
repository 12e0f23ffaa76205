/**
 * Why an account or a price deserves attention. Codes are stable; `values` carries the numbers behind
 * the flag (decimal strings for money, numbers for ages in ms).
 *
 * - `margin_call`, `reduce_only`, `liquidatable`, `bankrupt`: the account's status and why.
 * - `isolated_margin_call`, `isolated_reduce_only`, `isolated_liquidatable`, `isolated_bankrupt`: the same
 *   for one isolated position (its `path` is `['positions', symbol]`).
 * - `stale_price`: a price older than `maxPriceAgeMs`; `low_confidence`: a confidence below `minConfidence`;
 *   `future_price`: a price timestamped more than `maxFutureSkewMs` after `asOf`
 *   (`path` into the market: `['marks', symbol]`, `['underlyings', name]`, `['assets', asset]`).
 * - `implausible_vol`: an option vol (quoted or implied) above `maxVol` (`path`: `['marks', symbol]`).
 */
export type HealthFlagCode =
  | 'margin_call'
  | 'reduce_only'
  | 'liquidatable'
  | 'bankrupt'
  | 'isolated_margin_call'
  | 'isolated_reduce_only'
  | 'isolated_liquidatable'
  | 'isolated_bankrupt'
  | 'stale_price'
  | 'low_confidence'
  | 'future_price'
  | 'implausible_vol';

/** One flag: stable code, readable message, where it points, and the numbers behind it. */
export interface HealthFlag {
  code: HealthFlagCode;
  message: string;
  path?: (string | number)[];
  values: Record<string, string | number>;
}
