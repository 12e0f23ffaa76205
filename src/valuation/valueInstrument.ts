import { black76Greeks } from '../pricing/black76.js';
import { inverseOptionGreeks } from '../pricing/inverseOption.js';
import { impliedVolatility } from '../pricing/impliedVol.js';
import { yearFraction } from '../pricing/yearFraction.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalToFloat } from '../numeric/decimalToFloat.js';
import { fromFloatBounds } from '../numeric/fromFloat.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot, UnderlyingQuote } from '../schema/marketSchema.js';
import { sviVol } from '../pricing/svi.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import { LIMITS } from '../schema/fields.js';
import type { InstrumentValuation } from './InstrumentValuation.js';
import { marketSlot } from '../scenarios/marketCache.js';
import { VALUED } from './valuedFloats.js';

/**
 * The forward for an underlying at an expiry: the quoted forward when the market has one for exactly
 * that expiry, else `index * e^(rate * years)` (exact Decimal exponential).
 *
 * @param market validated snapshot.
 * @param underlying underlying name, e.g. `'BTC'`.
 * @param expiryMs expiry in epoch milliseconds UTC.
 * @returns forward price in the quote currency per unit of underlying.
 * @throws MarginInputError (argument `market`, at `['underlyings', underlying, 'rate']`, `invalid_value`)
 *   when `|rate x years|` exceeds 100 or the derived forward leaves [LIMITS.minPrice, LIMITS.maxAbsAmount].
 * @example
 * ```ts
 * forwardPrice(market, 'BTC', Date.parse('2026-12-25T08:00:00Z')).toString(); // '100600': the sample market's quoted forward for that expiry
 * ```
 */
export function forwardPrice(market: MarketSnapshot, underlying: string, expiryMs: number): Decimal {
  const u = market.underlyings.get(underlying);
  if (!u) throw new MarginInputError([{ code: 'missing_index', path: ['underlyings', underlying], message: `no index price for underlying ${underlying}`, argument: 'market' }]);
  return forwardOf(market, u, underlying, expiryMs);
}

/** {@link forwardPrice} of an underlying's quote already found (a valuation has it: one lookup fewer per option). */
function forwardOf(market: MarketSnapshot, u: UnderlyingQuote, underlying: string, expiryMs: number): Decimal {
  const quoted = u.forwards.get(expiryMs);
  if (quoted) return quoted;
  const rate = expiryRate(u, expiryMs);
  if (rate.isZero()) return u.index;
  const years = yearFraction(market.asOfMs, expiryMs);
  const rt = checkedRateYears(rate, years, ratePath(u, expiryMs, underlying));
  const f = u.index.mul(rt.exp());
  // A derived forward is a price like any other: inside the bounds the float64 models are safe in.
  if (f.lt(LIMITS.minPrice) || f.gt(LIMITS.maxAbsAmount)) {
    throw rateError(ratePath(u, expiryMs, underlying), `the forward index x e^(rate x years) = ${f.toSignificantDigits(6).toExponential()} for the expiry ${new Date(expiryMs).toISOString()} is outside the accepted price range [${LIMITS.minPrice.toFixed()}, ${LIMITS.maxAbsAmount.toFixed()}]`);
  }
  return f;
}

/** The largest |rate x years| accepted: e^100 is about 2.7e43, far beyond any real carry, and safe for float64 discount factors. */
const MAX_RATE_YEARS = 100;

function rateError(path: (string | number)[], message: string): MarginInputError {
  return new MarginInputError([{ code: 'invalid_value', path, message, argument: 'market' }]);
}

/**
 * Where the rate {@link expiryRate} uses comes from: the expiry's own `rate` (keyed by the expiry as
 * an ISO string), the underlying's `rateFloor` when it raised the rate, else the underlying's `rate`.
 */
function ratePath(u: UnderlyingQuote, expiryMs: number | undefined, underlying: string): (string | number)[] {
  const own = expiryMs === undefined ? undefined : u.expiries?.get(expiryMs)?.rate;
  const r = own ?? u.rate;
  if (u.rateFloor !== undefined && r.lt(u.rateFloor)) return ['underlyings', underlying, 'rateFloor'];
  return own !== undefined ? ['underlyings', underlying, 'expiries', new Date(expiryMs!).toISOString(), 'rate'] : ['underlyings', underlying, 'rate'];
}

/** `rate * years`, refused (at `path`, argument `market`) beyond +/-{@link MAX_RATE_YEARS}. */
function checkedRateYears(rate: Decimal, years: number, path: (string | number)[]): Decimal {
  const rt = rate.mul(years);
  if (rt.abs().gt(MAX_RATE_YEARS)) throw rateError(path, `rate x years = ${rt.toSignificantDigits(6).toFixed()} is beyond +/-${MAX_RATE_YEARS}: the rate is a continuously compounded decimal (0.05 = 5%)`);
  return rt;
}

/**
 * The continuously compounded rate of an underlying at an expiry: the expiry's own `rate` when the
 * market quotes one, else the underlying's `rate`, raised to `rateFloor` when that is set.
 *
 * @param u the underlying's quote.
 * @param expiryMs expiry in epoch ms (undefined for a perpetual: the underlying's rate).
 * @returns the rate (decimal, 0.05 = 5% a year).
 * @example
 * ```ts
 * expiryRate(market.underlyings.get('ETH')!, Date.parse('2026-12-25T08:00:00Z')).toString(); // '0': the sample market's ETH rate, 0.0
 * ```
 */
export function expiryRate(u: UnderlyingQuote, expiryMs: number | undefined): Decimal {
  const own = expiryMs === undefined ? undefined : u.expiries?.get(expiryMs)?.rate;
  const r = own ?? u.rate;
  return u.rateFloor !== undefined && r.lt(u.rateFloor) ? u.rateFloor : r;
}

/**
 * Values one instrument at a snapshot: forward, time, vol, mark value and per-contract greeks in the
 * account's settlement currency. Assumes {@link checkAccount} has passed for the instrument (mark,
 * index and settlement asset present, not expired); otherwise throws MarginInputError.
 *
 * Greeks (per long contract, account settlement currency): delta in underlying units, gamma per
 * unit^2, vega per vol point (0.01), theta per calendar day. For an inverse instrument the coin value
 * is converted at the coin's price; when the coin is tied to the underlying, its move enters delta and gamma.
 *
 * @example
 * ```ts
 * const v = valueInstrument(market, market.instruments.get('BTC-26MAR27-100000-C')!);
 * // F 102,100, K 100,000, iv 0.57, T = 117/365 = 0.32055 (market.json): d1 = (ln 1.021 + 0.5 x 0.57^2 x T)
 * // / (0.57 x sqrt T) = (0.020783 + 0.052073) / 0.322716 = 0.2258, N(d1) = 0.5893; x F/S = 1.021: 0.6017.
 * v.delta; // 0.6017 (BTC per contract)
 * ```
 */
export function valueInstrument(market: MarketSnapshot, instrument: Instrument): InstrumentValuation {
  return valueIn(valuationMemo(market), market, instrument);
}

/**
 * {@link valueInstrument} with the snapshot's memo found by the caller ({@link valuationMemo}): a caller
 * valuing a whole book finds it once, not once per instrument. Internal.
 */
export function valueIn(byInstrument: WeakMap<Instrument, InstrumentValuation>, market: MarketSnapshot, instrument: Instrument): InstrumentValuation {
  let v = byInstrument.get(instrument);
  if (v === undefined) byInstrument.set(instrument, (v = Object.freeze(computeValuation(market, instrument))));
  return v;
}

/**
 * Valuations already computed, per snapshot object (in the snapshot's own memo, see `marketSlot`) and
 * instrument object. A valuation depends on nothing but the (immutable, `ReadonlyMap`-typed) snapshot
 * and the instrument, so computing it once per pair is pure: the batch engine's valuations, the
 * exposure report, the margin step, equity and the liquidation search's shifted markets all share one
 * per snapshot. The cache goes with the snapshot; weak instrument keys, as an instrument valued
 * against a snapshot need not be one of its own. Failures are not cached (each call throws afresh).
 * Valuations are frozen, as they are shared.
 */
function newValuationMemo(): WeakMap<Instrument, InstrumentValuation> {
  return new WeakMap();
}

/** The snapshot's valuation memo (see {@link valueIn}). Internal. */
export function valuationMemo(market: MarketSnapshot): WeakMap<Instrument, InstrumentValuation> {
  return marketSlot(market, 'valuations', newValuationMemo);
}

/**
 * The settlement price of an instrument settled in the account's own currency: one value shared by
 * every valuation, frozen so that no caller can change it for the others (decimal.js never writes to
 * an operand; a write would throw in strict mode).
 */
const ONE = Object.freeze(new D(1));
/** A future's mark value (a fresh position: entry at the mark), one shared value, frozen as {@link ONE}. */
const ZERO = Object.freeze(new D(0));

/**
 * The first fields of a valuation (a plain object: prototype Object.prototype, the keys of the object
 * literal it replaces, in order), made by `new` rather than written as a literal. Why (the one place
 * this is explained; the risk arrays' option records and the kernel's tick records follow it): V8 keeps
 * a survival count per object literal and, once most of a literal's objects outlive a young-generation
 * collection, allocates all later ones directly in the old generation. An engine's valuations, risk
 * arrays and tick records live as long as it does; a one-shot decision's are garbage when its call
 * ends. As literals, after an engine had run in the process, every one-shot record went to the old
 * generation and kept its young data (Decimals, P&L rows and their buffers) alive through each young
 * collection (measured on a 50-option one-shot after the bench's sections 2-3: about 5 MB promoted per
 * young collection instead of 0.1-0.4). Objects made by `new` carry no such count.
 */
const ValuationStart = function (this: InstrumentValuation, instrument: Instrument, years: number, index: Decimal, rate: number, settlementPrice: Decimal) {
  this.instrument = instrument;
  this.years = years;
  this.index = index;
  this.rate = rate;
  this.settlementPrice = settlementPrice;
} as unknown as new (instrument: Instrument, years: number, index: Decimal, rate: number, settlementPrice: Decimal) => InstrumentValuation;
ValuationStart.prototype = Object.prototype;

let lastIndex: Decimal | undefined;
let lastIndexFloat = 0;

function computeValuation(market: MarketSnapshot, instrument: Instrument): InstrumentValuation {
  const fail = (code: 'missing_index' | 'missing_mark' | 'missing_asset_price' | 'no_implied_vol' | 'invalid_value', path: (string | number)[], message: string): never => {
    throw new MarginInputError([{ code, path, message, argument: 'market' }]);
  };
  const u = market.underlyings.get(instrument.underlying) ?? fail('missing_index', ['underlyings', instrument.underlying], `no index price for underlying ${instrument.underlying}`);
  const mark = market.marks.get(instrument.symbol);
  let settlementPrice = ONE;
  let settlementTiedTo: string | undefined;
  if (instrument.settlementCurrency !== market.settlementCurrency) {
    const a = market.assets.get(instrument.settlementCurrency) ?? fail('missing_asset_price', ['assets', instrument.settlementCurrency], `no price for settlement asset ${instrument.settlementCurrency}`);
    settlementPrice = a.price;
    settlementTiedTo = a.underlying;
  }
  const C = settlementPrice === ONE ? 1 : decimalToFloat(settlementPrice);
  // A book's instruments share a few underlyings, valued one after another: the last index's float is kept (Decimals are immutable).
  if (u.index !== lastIndex) (lastIndexFloat = decimalToFloat(u.index)), (lastIndex = u.index);
  const S = lastIndexFloat;
  const tied = settlementTiedTo === instrument.underlying;
  // dC/dS: the coin price moves with the index in proportion when tied.
  const dCdS = tied ? C / S : 0;
  const years = instrument.expiryMs === undefined ? 0 : yearFraction(market.asOfMs, instrument.expiryMs);
  const rate = decimalToFloat(expiryRate(u, instrument.expiryMs));
  const size = decimalToFloat(instrument.contractSize);
  // Built field by field in the public key order (no object spread: a spread of conditional parts
  // builds a slow object, which the one-shot decision paid for on every held instrument), started by
  // `new` rather than as a literal (see ValuationStart).
  const base = new ValuationStart(instrument, years, u.index, rate, settlementPrice);
  if (settlementTiedTo) base.settlementTiedTo = settlementTiedTo;

  if (instrument.kind === 'future') {
    const forward = mark?.price ?? fail('missing_mark', ['marks', instrument.symbol, 'price'], `no mark price for future ${instrument.symbol}`);
    const F = decimalToFloat(forward);
    const k = F / S;
    // Linear: V = size*(F - E); inverse: V = size*(1/E - 1/F) coin, valued at E = F (fresh position) for greeks.
    const dVdF = instrument.settlement === 'linear' ? size : size / (F * F);
    const d2VdF2 = instrument.settlement === 'linear' ? 0 : (-2 * size) / (F * F * F);
    base.forward = forward;
    base.markValue = ZERO;
    base.markValueUp = ZERO;
    base.delta = dVdF * k * C;
    base.gamma = d2VdF2 * k * k * C + 2 * dVdF * k * dCdS;
    base.vega = 0;
    base.theta = 0;
    return base;
  }

  const forward = forwardOf(market, u, instrument.underlying, instrument.expiryMs!);
  // The rate also discounts option values (e^(-rate x years) in float64), quoted forward or not. The
  // float product screens it: |rate x years| <= 99 in floats (each operand within 1e-16 relative of
  // the exact one) is far inside the bound, and only a product near it or beyond takes the exact check.
  if (!(Math.abs(rate * years) <= MAX_RATE_YEARS - 1)) checkedRateYears(expiryRate(u, instrument.expiryMs), years, ratePath(u, instrument.expiryMs, instrument.underlying));
  // Most often the index itself (no carry): its float is the one just read.
  const F = forward === u.index ? S : decimalToFloat(forward);
  const K = decimalToFloat(instrument.strike!);
  const right = instrument.right!;
  const terms = u.expiries?.get(instrument.expiryMs!);
  const fixed = terms?.fixedForward;
  if (fixed !== undefined && fixed.gt(forward)) fail('invalid_value', ['underlyings', instrument.underlying, 'expiries', instrument.expiry!, 'fixedForward'], `fixedForward ${fixed.toFixed()} exceeds the forward ${forward.toFixed()} of ${instrument.symbol}`);
  // Only the variable part of the forward moves with the index.
  const k = (fixed === undefined ? F : F - fixed.toNumber()) / S;
  let vol: number;
  if (mark?.iv !== undefined) vol = decimalToFloat(mark.iv);
  else if (mark?.price !== undefined) {
    // Inverse options are quoted in coin per unit: the Black-76 price in quote currency is price * F.
    const quotePrice = instrument.settlement === 'inverse' ? mark.price.toNumber() * F : mark.price.toNumber();
    try {
      vol = impliedVolatility(right, quotePrice, F, K, years, rate);
    } catch (e) {
      if (e instanceof MarginInputError) fail('no_implied_vol', ['marks', instrument.symbol, 'price'], `no volatility reproduces the mark price of ${instrument.symbol}`);
      throw e;
    }
    // The bound a quoted iv has (LIMITS.maxVol): a price implying more is no usable mark either.
    if (vol > LIMITS.maxVol.toNumber()) fail('no_implied_vol', ['marks', instrument.symbol, 'price'], `the mark price of ${instrument.symbol} implies a volatility of ${vol}, above ${LIMITS.maxVol.toFixed()} (LIMITS.maxVol)`);
  } else if (terms?.svi !== undefined) {
    const q = terms.svi;
    const sviPath = ['underlyings', instrument.underlying, 'expiries', instrument.expiry!, 'svi'];
    try {
      vol = sviVol(K, { a: q.a.toNumber(), b: q.b.toNumber(), rho: q.rho.toNumber(), m: q.m.toNumber(), sigma: q.sigma.toNumber(), forward: q.forward.toNumber(), years: q.years.toNumber() });
    } catch (e) {
      if (e instanceof MarginInputError) fail('no_implied_vol', sviPath, `the SVI smile of ${instrument.expiry} gives no vol at strike ${K}: ${e.issues[0]?.message ?? ''}`);
      throw e;
    }
    // No LIMITS.maxVol bound here: a venue's smile gives wing vols above it (one of Derive's own cases
    // reaches 347 far from the money), and the venue's numbers must be reproduced.
  } else return fail('missing_mark', ['marks', instrument.symbol], `option ${instrument.symbol} has neither an iv nor a price (nor an SVI smile for its expiry)`);
  const g = instrument.settlement === 'linear' ? black76Greeks(right, F, K, years, vol, rate) : inverseOptionGreeks(right, F, K, years, vol, rate);
  const quoted = mark?.price !== undefined ? mark.price.mul(instrument.contractSize) : undefined;
  const V = g.price * size;
  // Both directions from one reading of the float's digits (read by index: no iterator).
  const marks = quoted ? [quoted, quoted] : fromFloatBounds(V);
  const dVdF = g.delta * size;
  base.forward = forward;
  if (fixed !== undefined) base.fixedForward = fixed;
  base.vol = vol;
  base.markValue = marks[0]!;
  base.markValueUp = marks[1]!;
  base.delta = dVdF * k * C + V * dCdS;
  base.gamma = g.gamma * size * k * k * C + 2 * dVdF * k * dCdS;
  base.vega = (g.vega * size * C) / 100;
  base.theta = (g.theta * size * C) / 365;
  const kept = VALUED.floats;
  kept[0] = F;
  kept[1] = K;
  kept[2] = size;
  kept[3] = C;
  // The object valueInstrument freezes and keeps (freezing returns it).
  VALUED.valuation = base;
  return base;
}
