import { D } from '../numeric/decimal.js';

/**
 * Freezes a value's plain objects and arrays, depth first, and returns it. Decimals are left alone
 * (immutable already), and so is an object that is frozen already (everything this function froze is
 * frozen to the bottom). For shared state (presets, default parameters) and parsed parameter sets
 * that derived state is keyed by, so that one caller's edit cannot change another's numbers.
 * Internal (not re-exported from the package).
 */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !D.isDecimal(v) && !Object.isFrozen(v)) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}
