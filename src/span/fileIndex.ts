import type { SpanCombinedCommodity, SpanFile, SpanProductFamily } from './SpanFile.js';

/** Key of a product family: exchange, product type, product code. */
export const familyKey = (exchange: string, type: string, code: string): string => `${exchange}|${type}|${code}`;

// Per frozen file: product families and their combined commodity by key, built once for many accounts.
const indexes = new WeakMap<SpanFile, { families: Map<string, SpanProductFamily>; ccOf: Map<string, SpanCombinedCommodity> }>();

/** The product families of a file and the combined commodity of each, by {@link familyKey} (internal; memoised per file). */
export function fileIndex(file: SpanFile): { families: Map<string, SpanProductFamily>; ccOf: Map<string, SpanCombinedCommodity> } {
  let x = indexes.get(file);
  if (x === undefined) {
    const families = new Map<string, SpanProductFamily>();
    for (const f of file.products) families.set(familyKey(f.exchange, f.type, f.code), f);
    const ccOf = new Map<string, SpanCombinedCommodity>();
    for (const cc of file.combinedCommodities) for (const p of cc.products) ccOf.set(familyKey(p.exchange, p.type, p.code), cc);
    indexes.set(file, (x = { families, ccOf }));
  }
  return x;
}
