/*
 * Internal (not re-exported): per parsed market snapshot memos of account-independent facts, so that
 * one-shot calls on the same parsed market (exposure, risk arrays) value each instrument once.
 *
 * Keyed by the parsed snapshot object in a WeakMap: a parsed snapshot is immutable (the parse
 * functions hand out new objects, `withPrices` builds a new snapshot), so a memo can never go
 * stale, and it is collected with its snapshot. Pure: no global configuration, no I/O. Only
 * successful valuations are kept; a failing one throws again on every call, as before.
 */
import type { MarketSnapshot } from '../schema/marketSchema.js';

/** Per parsed snapshot: any memo a module keys by name (valuations are memoised by valueInstrument itself). */
interface MarketMemo {
  slots: Map<string, unknown>;
}

const memos = new WeakMap<MarketSnapshot, MarketMemo>();

function memoOf(market: MarketSnapshot): MarketMemo {
  let m = memos.get(market);
  if (!m) memos.set(market, (m = { slots: new Map() }));
  return m;
}

/** A memo slot of one snapshot, created by `init` on first use (e.g. a Map a module fills). */
export function marketSlot<T>(market: MarketSnapshot, key: string, init: () => T): T {
  const slots = memoOf(market).slots;
  let v = slots.get(key) as T | undefined;
  if (v === undefined) slots.set(key, (v = init()));
  return v;
}
