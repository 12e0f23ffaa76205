/** The harness's comparisons, on exact decimals (tolerances from the methodology text, sections 7 and 9). */
import { D, type Decimal } from '../../src/index';

/**
 * Whether `got` passes against `expected`:
 * - `rel`: forge's assertApproxEqRel, `|got - expected| <= tol * |expected|` (exact when expected is 0);
 * - `abs`: `|got - expected| <= tol`;
 * - `pnl`: `rel`, or `abs` when either side is below 1e-10 in magnitude.
 */
export function passes(kind: 'rel' | 'abs' | 'pnl', got: Decimal, expected: Decimal, tol: Decimal): boolean {
  const diff = got.minus(expected).abs();
  if (kind === 'abs') return diff.lte(tol);
  if (kind === 'pnl' && (got.abs().lt('1e-10') || expected.abs().lt('1e-10'))) return diff.lte(tol);
  if (expected.isZero()) return got.isZero();
  return diff.lte(tol.mul(expected.abs()));
}

/** A short readable form of a decimal for FAIL lines. */
export const show = (x: Decimal): string => (x.isZero() ? '0' : x.toSignificantDigits(16).toFixed());

export const TOL_PMRM2 = new D('1e-8');
export const TOL_SRM = new D('0.001');
