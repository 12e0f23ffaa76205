/**
 * Freezes a value's plain objects and arrays, depth first, and returns it. Anything else is left
 * alone: Decimals (immutable already; told apart by their prototype, not by decimal.js, so that the
 * presets entry does not pull decimal.js into a bundle), typed arrays, and an object that is frozen
 * already (everything this function froze is frozen to the bottom). For shared state (presets, default parameters) and parsed parameter sets
 * that derived state is keyed by, so that one caller's edit cannot change another's numbers.
 * Internal (not re-exported from the package).
 */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v) && (Array.isArray(v) || isPlainObject(v))) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
