/*
 * Internal (not re-exported): per parsed market snapshot memos of account-independent facts, so that
 * calls on the same parsed market (valuations, risk arrays, exposure) compute each of them once.
 *
 * A parsed snapshot is immutable (the parse functions hand out new objects, `withPrices` builds a new
 * snapshot), so a memo can never go stale. A snapshot this copy of the package parsed carries its
 * memo itself (see `ownMemo`) and the memo dies with it, young if the snapshot was; any other
 * snapshot object is keyed in a WeakMap. Pure: no global configuration, no I/O. Only successful
 * valuations are kept; a failing one throws again on every call, as before.
 */
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { ownMemo } from '../schema/parsedBrand.js';

/** Memos of snapshots that carry none of their own (not parsed by this copy of the package). */
const memos = new WeakMap<MarketSnapshot, Map<string, unknown>>();

function memoOf(market: MarketSnapshot): Map<string, unknown> {
  const own = ownMemo(market);
  if (own !== undefined) return own;
  let m = memos.get(market);
  if (!m) memos.set(market, (m = new Map()));
  return m;
}

/** A memo slot of one snapshot, created by `init` on first use (e.g. a Map a module fills). */
export function marketSlot<T>(market: MarketSnapshot, key: string, init: () => T): T {
  const slots = memoOf(market);
  let v = slots.get(key) as T | undefined;
  if (v === undefined) slots.set(key, (v = init()));
  return v;
}
