import { compareKeys } from '../numeric/compareKeys.js';
import * as z from 'zod';
import type { Decimal } from '../numeric/decimal.js';
import { customIssue, decimalField, err, idField, LIMITS, timestampField, recordField } from './fields.js';
import { InstrumentSchema, type Instrument } from './instrumentSchema.js';
import type { InputOf } from './InputOf.js';

/** Optional data-quality tags a price may carry. `confidence` is a fraction in [0, 1] (1 = certain). */
export interface Quality {
  timestamp?: string;
  timestampMs?: number;
  confidence?: Decimal;
}

/**
 * Raw-SVI smile of one expiry (see `sviVol` in src/pricing): `a`, `b`, `rho`, `m`, `sigma` as the
 * parametrisation defines them, `forward` the forward the smile's moneyness is measured against
 * (quote currency per unit), `years` the smile's own year fraction (total variance / years = vol^2).
 */
export interface SviQuote {
  a: Decimal;
  b: Decimal;
  rho: Decimal;
  m: Decimal;
  sigma: Decimal;
  forward: Decimal;
  years: Decimal;
}

/**
 * Per-expiry market data of one underlying (all optional):
 * - `rate`: continuously compounded rate (decimal) for that expiry, replacing the underlying's `rate`
 *   there (discounting, and the forward when none is quoted);
 * - `fixedForward`: the part of the forward that no longer moves with the index (quote currency per
 *   unit, between 0 and the forward): in scenarios only `forward - fixedForward` moves (Derive fixes
 *   the settlement average over the last 30 minutes);
 * - `svi`: the smile, from which options of that expiry without an `iv` or `price` mark take their vol
 *   (sticky strike: it does not move in scenarios);
 * - `forwardConfidence`, `rateConfidence`, `volConfidence`: fractions in [0, 1], read by confidence charges.
 */
export interface ExpiryQuote {
  rate?: Decimal;
  fixedForward?: Decimal;
  svi?: SviQuote;
  forwardConfidence?: Decimal;
  rateConfidence?: Decimal;
  volConfidence?: Decimal;
}

/**
 * Market data for one underlying. `index` in the quote currency per unit; `rate` continuously
 * compounded (decimal, default 0), used to derive a forward `index * e^(rate*T)` for an expiry that has
 * no quoted forward and to discount option values. `forwards` maps expiry (epoch ms) to forward price.
 * `expiries` maps expiry (epoch ms) to per-expiry data ({@link ExpiryQuote}). `rateFloor`, when set,
 * raises every rate of the underlying below it to it (Derive floors its rate feeds at 0).
 */
export interface UnderlyingQuote extends Quality {
  index: Decimal;
  rate: Decimal;
  forwards: ReadonlyMap<number, Decimal>;
  expiries?: ReadonlyMap<number, ExpiryQuote>;
  rateFloor?: Decimal;
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
  /**
   * The settlement currency's price in the unit it tracks (USDC in USD; decimal, > 0), read by de-peg
   * charges; absent = 1 (on peg). It does not convert any other price.
   */
  peg?: AssetQuote;
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
  return v;
});

const SviSchema = z.strictObject(
  {
    a: decimalField(),
    b: decimalField('nonNegative'),
    rho: decimalField(),
    m: decimalField(),
    sigma: decimalField('nonNegative'),
    forward: decimalField('positive'),
    years: decimalField('positive'),
  },
  err,
);

const ExpirySchema = z.strictObject(
  {
    rate: decimalField().optional(),
    fixedForward: decimalField('nonNegative').optional(),
    svi: SviSchema.optional(),
    forwardConfidence: decimalField('fraction').optional(),
    rateConfidence: decimalField('fraction').optional(),
    volConfidence: decimalField('fraction').optional(),
  },
  err,
);

const UnderlyingSchema = z.strictObject(
  {
    index: decimalField('positive'),
    rate: decimalField().optional(),
    forwards: recordField(z.string(err), decimalField('positive')).optional(),
    expiries: recordField(z.string(err), ExpirySchema).optional(),
    rateFloor: decimalField().optional(),
    ...qualityShape,
  },
  err,
);

const MarkSchema = z.strictObject({ price: decimalField('nonNegative').optional(), iv: ivField.optional(), ...qualityShape }, err);
const AssetSchema = z.strictObject({ price: decimalField('positive'), underlying: idField.optional(), ...qualityShape }, err);

const pricesShape = {
  asOf: timestampField,
  settlementCurrency: idField,
  peg: z.strictObject({ price: decimalField('positive'), ...qualityShape }, err).optional(),
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
    for (const [key, f] of sorted(u.forwards ?? {})) {
      const parsed = ISO_KEY.safeParse(key);
      if (!parsed.success) {
        customIssue(ctx, 'invalid_timestamp', `forward key ${JSON.stringify(key.slice(0, 40))} is not an ISO-8601 UTC expiry`, key, ['underlyings', name, 'forwards', key]);
        continue;
      }
      forwards.set(parsed.data.ms, f);
    }
    const quote: UnderlyingQuote = { index: u.index, rate: u.rate ?? u.index.mul(0), forwards, ...quality(u) };
    if (u.expiries) {
      const expiries = new Map<number, ExpiryQuote>();
      for (const [key, e] of sorted(u.expiries)) {
        const parsed = ISO_KEY.safeParse(key);
        if (!parsed.success) {
          customIssue(ctx, 'invalid_timestamp', `expiry key ${JSON.stringify(key.slice(0, 40))} is not an ISO-8601 UTC expiry`, key, ['underlyings', name, 'expiries', key]);
          continue;
        }
        const fwd = forwards.get(parsed.data.ms);
        if (e.fixedForward !== undefined && fwd !== undefined && e.fixedForward.gt(fwd)) {
          customIssue(ctx, 'invalid_value', `fixedForward ${e.fixedForward.toFixed()} exceeds the forward ${fwd.toFixed()}`, e.fixedForward.toFixed(), ['underlyings', name, 'expiries', key, 'fixedForward']);
        }
        const q: ExpiryQuote = {};
        for (const k of ['rate', 'fixedForward', 'svi', 'forwardConfidence', 'rateConfidence', 'volConfidence'] as const) if (e[k] !== undefined) (q as Record<string, unknown>)[k] = e[k];
        expiries.set(parsed.data.ms, q);
      }
      quote.expiries = expiries;
    }
    if (u.rateFloor !== undefined) quote.rateFloor = u.rateFloor;
    underlyings.set(name, quote);
  }
  const marks = new Map<string, InstrumentMark>();
  for (const [sym, m] of sorted(raw.marks)) {
    const mark: InstrumentMark = quality(m);
    if (m.price !== undefined) mark.price = m.price;
    if (m.iv !== undefined) mark.iv = m.iv;
    marks.set(sym, mark);
  }
  const assets = new Map<string, AssetQuote>();
  for (const [asset, a] of sorted(raw.assets)) {
    const q: AssetQuote = { price: a.price, ...quality(a) };
    if (a.underlying !== undefined) q.underlying = a.underlying;
    assets.set(asset, q);
  }
  if (assets.has(raw.settlementCurrency) && !assets.get(raw.settlementCurrency)!.price.eq(1)) {
    customIssue(ctx, 'settlement_currency_mismatch', `the settlement currency ${raw.settlementCurrency} must be priced at 1 in itself`, raw.settlementCurrency, ['assets', raw.settlementCurrency, 'price']);
  }
  const out: MarketPrices = { asOf: raw.asOf.iso, asOfMs: raw.asOf.ms, settlementCurrency: raw.settlementCurrency, underlyings, marks, assets };
  if (raw.peg) out.peg = { price: raw.peg.price, ...quality(raw.peg) };
  return out;
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
      else instruments.set(inst.symbol, inst);
    });
    return { ...prices, instruments: new Map([...instruments].sort(([a], [b]) => compareKeys(a, b))) };
  });

/** Market prices as the caller writes them. */
export type MarketPricesInput = InputOf<typeof MarketPricesSchema>;
/** A market snapshot as the caller writes it. */
export type MarketSnapshotInput = InputOf<typeof MarketSnapshotSchema>;
