/** Maps built by {@link frozenMap}: from then on `set`, `delete` and `clear` throw. */
const sealed = new WeakSet<object>();

/**
 * A Map that can no longer change once built (`set`, `delete` and `clear` throw a TypeError, as a
 * frozen object's assignment does in strict mode). Still a `Map` for every reader (`get`, `has`,
 * iteration, `instanceof Map`, `new Map(m)`, structuredClone).
 *
 * Parsed snapshots and the risk arrays handed to callers hold their tables in these: the library
 * memoises per parsed object (valuations, scenario sets, risk arrays), so an object a caller holds
 * must not change under a memo, in fact and not only by the `ReadonlyMap` type.
 */
class SealedMap<K, V> extends Map<K, V> {
  constructor(entries?: Iterable<readonly [K, V]>) {
    super(entries); // Map's constructor calls this.set, before the map is sealed
    sealed.add(this);
    Object.freeze(this);
  }

  override set(key: K, value: V): this {
    if (sealed.has(this)) throw new TypeError('portfolio-margin: this map is read-only (build a new snapshot instead)');
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    if (sealed.has(this)) throw new TypeError('portfolio-margin: this map is read-only (build a new snapshot instead)');
    return super.delete(key);
  }

  override clear(): void {
    if (sealed.has(this)) throw new TypeError('portfolio-margin: this map is read-only (build a new snapshot instead)');
    super.clear();
  }
}

/**
 * Whether `m` is a map {@link frozenMap} built (in this copy of the package): one that cannot change.
 * Internal.
 *
 * @example
 * ```ts
 * [isFrozenMap(frozenMap([['BTC', 1]])), isFrozenMap(new Map())]; // [true, false]
 * ```
 */
export function isFrozenMap(m: object): boolean {
  return sealed.has(m);
}

/**
 * A read-only Map of `entries`, in their order. Internal (not re-exported from the package).
 *
 * @example
 * ```ts
 * const m = frozenMap([['BTC', 1]]);
 * m.get('BTC'); // 1
 * try {
 *   (m as Map<string, number>).set('ETH', 2);
 * } catch (e) {
 *   (e as Error).name; // 'TypeError': the map is read-only
 * }
 * ```
 */
export function frozenMap<K, V>(entries?: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  return new SealedMap(entries);
}
