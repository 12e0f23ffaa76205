import type { SkewData, TermScalingData, VolShock } from './ScenarioSet.js';

/**
 * The multiplier of a relative vol shock for an option `days` from expiry:
 * `(referenceDays / max(days, floorDays))^p`, `p = shortPower` below `switchDays` (at or below it
 * when `switchInclusive`), else `longPower`. 1 without term scaling.
 *
 * @param days calendar days to expiry (ACT/365 years * 365).
 * @example
 * ```ts
 * termScale(7.5, { referenceDays: 30, floorDays: 1, switchDays: 30, shortPower: 0.3, longPower: 0.13 }); // 1.5157 = (30 / 7.5)^0.3 = 4^0.3
 * ```
 */
export function termScale(days: number, t: TermScalingData | undefined): number {
  if (!t) return 1;
  // Inclusive: within 1e-9 days (86 microseconds, below the 1 ms resolution of expiries) counts as
  // equal, so that float days like 29.000000000000004 still switch at 29.
  const p = days < t.switchDays || (t.switchInclusive === true && days <= t.switchDays + 1e-9) ? t.shortPower : t.longPower;
  const x = t.referenceDays / Math.max(days, t.floorDays);
  // Every option of an expiry asks the same power, for both of its relative vol states (a risk array
  // per held option): the last one is kept. A zero base is not (pow(-0, p) and pow(+0, p) differ).
  const last = LAST_POW;
  if (x === last.x && p === last.p && x !== 0) return last.v;
  const v = Math.pow(x, p);
  last.x = x;
  last.p = p;
  last.v = v;
  return v;
}
// termScale's last power: base, exponent and value (NaN: none yet; NaN never equals a base).
const LAST_POW = { x: NaN, p: NaN, v: NaN };

/**
 * The vol multiplier of a skew (smile tilt) state for one option (see `SkewSpec` in ScenarioSpec):
 * `max(0, 1 + min(cap, k * cap / kStar))` for `k >= 0`, `max(0, 1 + max(-cap, k * cap / kStar))` for
 * `k < 0`, with `k = ln(strike / forward)` (`|k|` for the `abs` shape), `cap = capBase +
 * capPerRootYear * sqrt(years)` and `kStar = max(kStarMin, sqrt(years) * kStarWidth * (kStarStatic +
 * sqrt(years) * kStarPerRootYear))`.
 *
 * @param strike strike, quote currency per unit (> 0).
 * @param forward the expiry's unshocked forward, same unit.
 * @param years time to expiry in years (ACT/365).
 * @example
 * ```ts
 * // k = ln(1.1), years 0.25: cap = 0.15 - 0.05 * 0.5 = 0.125, kStar = max(0.01, 0.5 * 4 * (0.6 - 0.05)) = 1.1
 * const m = skewMultiplier(110, 100, 0.25, { shape: 'linear', capBase: 0.15, capPerRootYear: -0.05, kStarMin: 0.01,
 *   kStarWidth: 4, kStarStatic: 0.6, kStarPerRootYear: -0.1 });
 * m; // 1.01083 = 1 + 0.0953 * 0.125 / 1.1
 * ```
 */
export function skewMultiplier(strike: number, forward: number, years: number, s: SkewData): number {
  const rt = Math.sqrt(years > 0 ? years : 0);
  const cap = s.capBase + s.capPerRootYear * rt;
  const kStar = Math.max(s.kStarMin, rt * s.kStarWidth * (s.kStarStatic + rt * s.kStarPerRootYear));
  let k = Math.log(strike / forward);
  if (s.shape === 'abs') k = Math.abs(k);
  // kStar can reach 0 (minimum 0 and a non-positive width term): the tilt is then the whole cap.
  const tilt = kStar > 0 ? (k * cap) / kStar : k > 0 ? Infinity : k < 0 ? -Infinity : 0;
  const g = 1 + (k >= 0 ? Math.min(cap, tilt) : Math.max(-cap, tilt));
  return g > 0 ? g : 0;
}

/** Where an option sits, for strike-dependent (skew) vol states: strike, the expiry's unshocked forward, years to expiry. */
export interface OptionPoint {
  strike: number;
  forward: number;
  years: number;
}

/**
 * Applies a vol state to an implied vol: `iv * (1 + size * scale)` (relative; `scale` from
 * {@link termScale} when `termScaled`), `iv + size` (absolute), `iv * skewMultiplier(...)` (skew, at
 * `at`) or `iv` (none); then floored at `minVol` when given and never below 0. Term scaling comes
 * from `shock.termScaling`.
 *
 * @param iv annualised decimal vol (0.55 = 55%).
 * @param days calendar days to expiry.
 * @param at the option's strike, forward and years (needed by skew states; others ignore it).
 * @returns the shocked annualised vol.
 * @example
 * ```ts
 * shockVol(0.4, 30, { id: 'up', kind: 'relative', size: 0.5, termScaled: false, minVol: 0.5 }); // max(0.6, 0.5) = 0.6
 * ```
 */
export function shockVol(iv: number, days: number, shock: VolShock, at?: OptionPoint): number {
  let v = iv;
  if (shock.kind === 'relative') v = iv * (1 + shock.size * (shock.termScaled ? termScale(days, shock.termScaling) : 1));
  else if (shock.kind === 'absolute') v = iv + shock.size;
  else if (shock.kind === 'skew' && shock.skew && at) v = iv * skewMultiplier(at.strike, at.forward, at.years, shock.skew);
  if (shock.minVol !== undefined && v < shock.minVol) v = shock.minVol;
  return v > 0 ? v : 0;
}
