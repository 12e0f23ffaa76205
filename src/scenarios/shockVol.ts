import type { TermScalingData, VolShock } from './ScenarioSet.js';

/**
 * The multiplier of a relative vol shock for an option `days` from expiry:
 * `(referenceDays / max(days, floorDays))^p`, `p = shortPower` below `switchDays`, else `longPower`.
 * 1 without term scaling.
 *
 * @param days calendar days to expiry (ACT/365 years * 365).
 * @example
 * ```ts
 * termScale(7.5, { referenceDays: 30, floorDays: 1, switchDays: 30, shortPower: 0.3, longPower: 0.13 }); // 4^0.3 = 1.5157
 * ```
 */
export function termScale(days: number, t: TermScalingData | undefined): number {
  if (!t) return 1;
  const p = days < t.switchDays ? t.shortPower : t.longPower;
  return Math.pow(t.referenceDays / Math.max(days, t.floorDays), p);
}

/**
 * Applies a vol state to an implied vol: `iv * (1 + size * scale)` (relative; `scale` from
 * {@link termScale} when `termScaled`), `iv + size` (absolute) or `iv` (none); then floored at
 * `minVol` when given and never below 0. Term scaling comes from `shock.termScaling`.
 *
 * @param iv annualised decimal vol (0.55 = 55%).
 * @param days calendar days to expiry.
 * @returns the shocked annualised vol.
 * @example
 * ```ts
 * shockVol(0.4, 30, { id: 'up', kind: 'relative', size: 0.5, termScaled: false, minVol: 0.5 }); // max(0.6, 0.5) = 0.6
 * ```
 */
export function shockVol(iv: number, days: number, shock: VolShock): number {
  let v = iv;
  if (shock.kind === 'relative') v = iv * (1 + shock.size * (shock.termScaled ? termScale(days, shock.termScaling) : 1));
  else if (shock.kind === 'absolute') v = iv + shock.size;
  if (shock.minVol !== undefined && v < shock.minVol) v = shock.minVol;
  return v > 0 ? v : 0;
}
