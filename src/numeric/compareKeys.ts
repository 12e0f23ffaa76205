/**
 * Orders strings by UTF-16 code units (what `Array.prototype.sort()` does by default), never by
 * locale: the canonical order of symbols, assets, underlyings and other keys before any float
 * accumulation or output listing, the same on every host. Internal (not re-exported from the package).
 *
 * @returns negative, zero or positive, for `Array.prototype.sort`.
 */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
