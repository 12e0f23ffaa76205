/** The kinds of value the parse functions produce, each passed through by the API without a second parse. */
export type ParsedKind = 'portfolio' | 'market' | 'prices' | 'margin-parameters' | 'health-parameters' | 'collateral-parameters';

/** What each kind is, for messages: `a portfolio`, `a market snapshot` ... */
export const PARSED_KIND_DESCRIPTION: Readonly<Record<ParsedKind, string>> = {
  portfolio: 'a portfolio',
  market: 'a market snapshot',
  prices: 'market prices',
  'margin-parameters': 'a margin parameter set',
  'health-parameters': 'a health parameter set',
  'collateral-parameters': 'a collateral parameter set',
};

/**
 * The brand of a parsed value: a non-enumerable, read-only property keyed by a registered symbol
 * (`Symbol.for`), holding the value's kind. Registered, so that the CommonJS and the ES module copy
 * of the package (the dual-package hazard: a bundler or a mixed `require` / `import` app loads both)
 * recognise each other's parsed values without a shared registry; non-enumerable and symbol-keyed,
 * so JSON, spreads (`{ ...parsed }` is raw again) and equality checks never see it. JSON cannot carry
 * a symbol, so no parsed JSON input can claim a brand. Internal (not re-exported from the package).
 */
const BRAND = Symbol.for('portfolio-margin/parsed');

/**
 * A parsed market snapshot's own memo (see `marketSlot` in scenarios/marketCache.ts): what is computed
 * from the snapshot alone (valuations, risk arrays, exposure figures), held by the snapshot in a
 * private field added before the freeze, so that it dies with the snapshot. Not a WeakMap keyed by the
 * snapshot: V8's minor collections keep the value of a WeakMap entry whose key is young (node 20:
 * measured), so a snapshot made per call (a price tick, the one-shot decision on each one) had all its
 * memos copied and promoted to the old generation, to wait there for a full collection. A private
 * field rather than a symbol-keyed property: it is added and read as a plain field (a symbol property
 * defined non-enumerable is a runtime call per snapshot, its `hasOwnProperty` test one per read), it
 * is the object's own (an object made on a parsed snapshot as its prototype, `Object.create(parsed,
 * ...)`, which may override its prices, is not that snapshot and does not have it), invisible to
 * JSON, spreads and reflection, and a Proxy's traps never run to read it. Per copy of the package
 * (another copy keeps its own memo for a snapshot this copy parsed).
 */
class FieldHost {
  constructor(value: object) {
    // A constructor's object returned: the subclass's field goes on `value` itself.
    return value as FieldHost;
  }
}
class SnapshotMemo extends FieldHost {
  #memo = new Map<string, unknown>();
  static of(value: object): Map<string, unknown> | undefined {
    return #memo in value ? (value as SnapshotMemo).#memo : undefined;
  }
}

/** Marks `value` (just built by a parse) as a parsed value of `kind`, and returns it; a market snapshot gets its own memo. Before any freeze. */
export function brand<T extends object>(value: T, kind: ParsedKind): T {
  Object.defineProperty(value, BRAND, { value: kind, enumerable: false, writable: false, configurable: false });
  if (kind === 'market') new SnapshotMemo(value);
  return value;
}

/**
 * The memo a market snapshot parsed by this copy of the package carries (see {@link SnapshotMemo}); undefined for
 * any other object. Its own only: an object made on a parsed snapshot as its prototype
 * (`Object.create(parsed, ...)`, which may override its prices) is not that snapshot and must not read
 * its valuations.
 */
export function ownMemo(value: object): Map<string, unknown> | undefined {
  return SnapshotMemo.of(value);
}

/** The kind a value was parsed as (by this copy of the library or another), or undefined for a raw value. Reads an own data property only: no getter or Proxy trap runs to completion unchecked. */
export function parsedKind(value: unknown): ParsedKind | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    const d = Object.getOwnPropertyDescriptor(value, BRAND);
    const k: unknown = d !== undefined && 'value' in d ? d.value : undefined;
    return typeof k === 'string' && Object.prototype.hasOwnProperty.call(PARSED_KIND_DESCRIPTION, k) ? (k as ParsedKind) : undefined;
  } catch {
    return undefined;
  }
}
