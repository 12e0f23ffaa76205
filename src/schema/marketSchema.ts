import { compareKeys } from '../numeric/compareKeys.js';
import * as z from 'zod';
import type { Decimal } from '../numeric/decimal.js';
import { customIssue, decimalField, err, idField, LIMITS, timestampField, recordField } from './fields.js';
import { frozenMap } from './frozenMap.js';
import { InstrumentSchema, type Instrument } from './instrumentSchema.js';

/** Optional data-quality tags a price may carry. `confidence` is a fraction in [0, 1] (1 = certain). */
export interface Quality {
  timestamp?: string;
  timestampMs?: number;
  confidence?: Decimal;
}

/**
 * Market data for one underlying. `index` in the quote currency per unit; `rate` continuously
 * compounded (decimal, default 0), used to derive a forward `index * e^(rate*T)` for an expiry that has
 * no quoted forward and to discount option values. `forwards` maps expiry (epoch ms) to forward price.
 */
export interface UnderlyingQuote extends Quality {
  index: Decimal;
  rate: Decimal;
  forwards: ReadonlyMap<number, Decimal>;
}

/**
 * The mark of one instrument. Futures: `price` (quote currency per unit of underlying). Options:
 * `iv` (annualised decimal, 0.65 = 65%) and/or `price` (quote currency per unit of underlying for
 * linear options, coin per unit for inverse options as Deribit quotes them); with only a price the
 * vol is implied from it.
 */
export interface InstrumentMark extends Quality {
  price?: Decimal;
  iv?: Decimal;
}

/**
 * The price of one unit of an asset in the settlement currency. `underlying`, when set, ties the
 * asset to an underlying's index, so that it moves with it in every scenario (BTC held against BTC
 * options).
 */
export interface AssetQuote extends Quality {
  price: Decimal;
  underlying?: string;
}

/** Prices, vols and rates at one instant: everything in a snapshot except the instrument table. */
export interface MarketPrices {
  asOf: string;
  asOfMs: number;
  /** Currency the asset prices are stated in; must equal each portfolio's settlement currency. */
  settlementCurrency: string;
  underlyings: ReadonlyMap<string, UnderlyingQuote>;
  marks: ReadonlyMap<string, InstrumentMark>;
  assets: ReadonlyMap<string, AssetQuote>;
}

/** A validated market snapshot: prices plus the instrument table, keyed by symbol. */
export interface MarketSnapshot extends MarketPrices {
  instruments: ReadonlyMap<string, Instrument>;
}

const qualityShape = {
  timestamp: timestampField.optional(),
  confidence: decimalField('fraction').optional(),
};

function quality(q: { timestamp?: { iso: string; ms: number } | undefined; confidence?: Decimal | undefined }): Quality {
  const out: Quality = {};
  if (q.timestamp) {
    out.timestamp = q.timestamp.iso;
    out.timestampMs = q.timestamp.ms;
  }
  if (q.confidence !== undefined) out.confidence = q.confidence;
  return out;
}

const ivField = decimalField().transform((v, ctx) => {
  if (v.lt(0)) {
    customIssue(ctx, 'negative_vol', `implied volatility must be >= 0, got ${v.toFixed()}`, v.toFixed());
    return z.NEVER;
  }
  // A hard bound, far above any traded vol (the plausibility flag, HealthParameters.marketData.maxVol,
  // warns much earlier): it keeps every shocked vol of the float64 models finite.
  if (v.gt(LIMITS.maxVol)) {
    customIssue(ctx, 'invalid_value', `implied volatility ${v.toFixed()} is above ${LIMITS.maxVol.toFixed()} (10,000%, LIMITS.maxVol): vols are annualised decimals (0.68 = 68%)`, v.toFixed());
    return z.NEVER;
  }
  return v;
});

const UnderlyingSchema = z.strictObject(
  {
    index: decimalField('price'),
    rate: decimalField().optional(),
    forwards: recordField(z.string(err), decimalField('price')).optional(),
    ...qualityShape,
  },
  err,
);

const MarkSchema = z.strictObject({ price: decimalField('priceOrZero').optional(), iv: ivField.optional(), ...qualityShape }, err);
const AssetSchema = z.strictObject({ price: decimalField('price'), underlying: idField.optional(), ...qualityShape }, err);

const pricesShape = {
  asOf: timestampField,
  settlementCurrency: idField,
  underlyings: recordField(idField, UnderlyingSchema),
  marks: recordField(idField, MarkSchema),
  assets: recordField(idField, AssetSchema),
};

type RawPrices = z.output<z.ZodObject<typeof pricesShape>>;

const ISO_KEY = timestampField;

function buildPrices(raw: RawPrices, ctx: Parameters<typeof customIssue>[0]): MarketPrices {
  const sorted = <T>(rec: Record<string, T>): [string, T][] => Object.entries(rec).sort(([a], [b]) => compareKeys(a, b));
  const underlyings = new Map<string, UnderlyingQuote>();
  for (const [name, u] of sorted(raw.underlyings)) {
    const forwards = new Map<number, Decimal>();
    const keyOf = new Map<number, string>();
    for (const [key, f] of sorted(u.forwards ?? {})) {
      const parsed = ISO_KEY.safeParse(key);
      if (!parsed.success) {
        customIssue(ctx, 'invalid_timestamp', `forward key ${JSON.stringify(key.slice(0, 40))} is not an ISO-8601 UTC expiry`, key, ['underlyings', name, 'forwards', key]);
        continue;
      }
      // '...08:00:00Z', '...08:00:00.000Z', '...+00:00' and '...T08:00Z' name one instant: two such
      // keys are two forwards for one expiry, and neither may silently win.
      const first = keyOf.get(parsed.data.ms);
      if (first !== undefined) {
        customIssue(ctx, 'duplicate_key', `forward keys ${JSON.stringify(first)} and ${JSON.stringify(key.slice(0, 40))} name the same expiry ${parsed.data.iso}`, key, ['underlyings', name, 'forwards', key]);
        continue;
      }
      keyOf.set(parsed.data.ms, key);
      forwards.set(parsed.data.ms, f);
    }
    underlyings.set(name, Object.freeze({ index: u.index, rate: u.rate ?? u.index.mul(0), forwards: frozenMap(forwards), ...quality(u) }));
  }
  const marks = new Map<string, InstrumentMark>();
  for (const [sym, m] of sorted(raw.marks)) {
    const mark: InstrumentMark = quality(m);
    if (m.price !== undefined) mark.price = m.price;
    if (m.iv !== undefined) mark.iv = m.iv;
    marks.set(sym, Object.freeze(mark));
  }
  const assets = new Map<string, AssetQuote>();
  for (const [asset, a] of sorted(raw.assets)) {
    const q: AssetQuote = { price: a.price, ...quality(a) };
    if (a.underlying !== undefined) q.underlying = a.underlying;
    assets.set(asset, Object.freeze(q));
  }
  if (assets.has(raw.settlementCurrency) && !assets.get(raw.settlementCurrency)!.price.eq(1)) {
    customIssue(ctx, 'settlement_currency_mismatch', `the settlement currency ${raw.settlementCurrency} must be priced at 1 in itself`, raw.settlementCurrency, ['assets', raw.settlementCurrency, 'price']);
  }
  // Read-only in fact: memos (valuations, scenario sets, risk arrays) are keyed by the parsed snapshot.
  return { asOf: raw.asOf.iso, asOfMs: raw.asOf.ms, settlementCurrency: raw.settlementCurrency, underlyings: frozenMap(underlyings), marks: frozenMap(marks), assets: frozenMap(assets) };
}

/**
 * Schema of market prices without the instrument table (what changes every tick). Asset prices are
 * in `settlementCurrency`; the settlement currency itself is implicitly priced at 1.
 */
export const MarketPricesSchema = z.strictObject(pricesShape, err).transform((raw, ctx) => buildPrices(raw, ctx));

/** Schema of a full market snapshot: prices plus `instruments` (at most 100,000; symbols unique: `duplicate_symbol`). */
export const MarketSnapshotSchema = z
  .strictObject({ ...pricesShape, instruments: z.array(InstrumentSchema, err).max(LIMITS.maxInstruments, err) }, err)
  .transform((raw, ctx): MarketSnapshot => {
    const { instruments: list, ...rest } = raw;
    const prices = buildPrices(rest, ctx);
    const instruments = new Map<string, Instrument>();
    list.forEach((inst, i) => {
      if (instruments.has(inst.symbol)) customIssue(ctx, 'duplicate_symbol', `instrument symbol ${inst.symbol} appears twice`, inst.symbol, ['instruments', i, 'symbol']);
      else instruments.set(inst.symbol, Object.freeze(inst));
    });
    return { ...prices, instruments: frozenMap([...instruments].sort(([a], [b]) => compareKeys(a, b))) };
  });

/** Market prices as the caller writes them. */
export type MarketPricesInput = z.input<typeof MarketPricesSchema>;
/** A market snapshot as the caller writes it. */
export type MarketSnapshotInput = z.input<typeof MarketSnapshotSchema>;
