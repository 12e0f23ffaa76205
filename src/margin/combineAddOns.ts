import type { Arithmetic } from '../numeric/Arithmetic.js';

/**
 * A risk unit's requirement from its scan risk and add-ons: `max(scan + every additive add-on, every
 * floor add-on)` (a floor never below 0). Shared by both number layers. Internal.
 */
export function combineAddOns<T>(A: Arithmetic<T>, scan: T, addOns: readonly { apply: 'add' | 'floor'; amount: T }[]): T {
  let add = scan;
  let floor = A.zero;
  for (const a of addOns) {
    if (a.apply === 'add') add = A.add(add, a.amount);
    else if (A.cmp(a.amount, floor) > 0) floor = a.amount;
  }
  return A.max(add, floor);
}
