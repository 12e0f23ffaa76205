import type { Arithmetic } from '../numeric/Arithmetic.js';

/**
 * Maintenance margin from initial margin (Deribit's 2024 model: MM = `mm_factor` x IM): `factor * im`,
 * for a risk unit and for the account alike. Written once for every number layer. Internal.
 *
 * @example
 * ```ts
 * maintenanceFromInitial(DECIMAL_ARITHMETIC, D('0.06284313098'), D('0.8')).toString(); // '0.050274504784' (0.8 x 0.06284313098: Deribit's published IM and MM of its portfolio margin example)
 * ```
 */
export function maintenanceFromInitial<T>(A: Arithmetic<T>, im: T, factor: T): T {
  return A.mul(im, factor);
}
