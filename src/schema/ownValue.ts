/**
 * The value `record` holds under `key` as its own property, or `undefined`: never one inherited from
 * `Object.prototype`. Every lookup keyed by a caller's name (an underlying, symbol, asset, risk unit,
 * vol shock, scenario id ...) in a plain-object record goes through here or through a Map, so that a
 * name spelled like a prototype member (`constructor`, `toString`, `valueOf`, `hasOwnProperty`,
 * `__defineGetter__` ...) is just a name. Internal (not re-exported from the package).
 *
 * @example
 * ```ts
 * ownValue({ BTC: 1 }, 'constructor'); // undefined (plain `rec['constructor']` is Object)
 * ```
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
