/*
 * Internal (not re-exported): per parsed market snapshot memos of account-independent facts, so that
 * one-shot calls on the same parsed market (exposure, risk arrays) value each instrument once.
 *
 * Keyed by the parsed snapshot object in a WeakMap: a parsed snapshot is immutable (the parse
 * functions hand out new objects, `withPrices` builds a new snapshot), so a memo can never go
 * stale, and it is collected with its snapshot. Pure: no global configuration, no I/O. Only
 * successful valuations are kept; a failing one throws again on every call, as before.
 */
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { valueInstrument } from '../valuation/valueInstrument.js';

/** Per parsed snapshot: valuations by symbol, and any other memo a module keys by name. */
interface MarketMemo {
  valuations: Map<string, InstrumentValuation>;
  slots: Map<string, unknown>;
}

const memos = new WeakMap<MarketSnapshot, MarketMemo>();

function memoOf(market: MarketSnapshot): MarketMemo {
  let m = memos.get(market);
  if (!m) memos.set(market, (m = { valuations: new Map(), slots: new Map() }));
  return m;
}

/**
 * `valueInstrument(market, instrument)`, computed once per parsed snapshot and symbol. `instrument`
 * must be the snapshot's own (`market.instruments.get(symbol)`). The result is shared: read it, never
 * mutate it (hand out a copy where a caller could).
 */
export function cachedValuation(market: MarketSnapshot, instrument: Instrument): InstrumentValuation {
  const memo = memoOf(market).valuations;
  let v = memo.get(instrument.symbol);
  if (v === undefined || v.instrument !== instrument) {
    v = valueInstrument(market, instrument);
    memo.set(instrument.symbol, v);
  }
  return v;
}

/** A memo slot of one snapshot, created by `init` on first use (e.g. a Map a module fills). */
export function marketSlot<T>(market: MarketSnapshot, key: string, init: () => T): T {
  const slots = memoOf(market).slots;
  let v = slots.get(key) as T | undefined;
  if (v === undefined) slots.set(key, (v = init()));
  return v;
}
