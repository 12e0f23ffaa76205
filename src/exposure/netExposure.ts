import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import { decimalString } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import type { ExposureReport, GreeksSummary, InstrumentExposure, UnderlyingExposure } from './ExposureReport.js';

/**
 * Display precision of exposure figures: 15 significant digits, half-even. Futures' deltas are exact
 * to that point; option greeks carry 12 significant digits from the model, so the last ones are zeros.
 */
const SIG = 15;

interface Acc {
  delta: Decimal;
  gamma: Decimal;
  vega: Decimal;
  theta: Decimal;
  long: Decimal;
  short: Decimal;
}
const zero = (): Acc => ({ delta: new D(0), gamma: new D(0), vega: new D(0), theta: new D(0), long: new D(0), short: new D(0) });

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const str = (d: Decimal) => decimalString(d.toSignificantDigits(SIG, D.ROUND_HALF_EVEN));

/**
 * Per-contract delta in underlying units, exact for futures. A linear future is `size * F / S`; an
 * inverse future `size * C / (F * S)` where C is the coin's price in the settlement currency
 * (so `size / F` coins of exposure when the coin is priced at the index). Options come from the model.
 */
function contractDelta(v: InstrumentValuation): Decimal {
  const inst = v.instrument;
  if (inst.kind === 'future') {
    return inst.settlement === 'linear'
      ? inst.contractSize.mul(v.forward).div(v.index).mul(v.settlementPrice)
      : inst.contractSize.mul(v.settlementPrice).div(v.forward.mul(v.index));
  }
  return fromFloat(v.delta, 'nearest');
}

/** Underlying units one contract refers to: contract size, or size / F for an inverse future. */
function contractUnits(inst: Instrument, v: InstrumentValuation): Decimal {
  return inst.kind === 'future' && inst.settlement === 'inverse' ? inst.contractSize.div(v.forward) : inst.contractSize;
}

function add(acc: Acc, q: Decimal, v: InstrumentValuation, delta: Decimal, coinDelta: Decimal): void {
  acc.delta = acc.delta.plus(q.mul(delta)).plus(coinDelta);
  acc.gamma = acc.gamma.plus(q.mul(fromFloat(v.gamma, 'nearest')));
  acc.vega = acc.vega.plus(q.mul(fromFloat(v.vega, 'nearest')));
  acc.theta = acc.theta.plus(q.mul(fromFloat(v.theta, 'nearest')));
  const notional = q.abs().mul(contractUnits(v.instrument, v)).mul(v.index);
  if (q.gt(0)) acc.long = acc.long.plus(notional);
  else if (q.lt(0)) acc.short = acc.short.plus(notional);
}

function summary(acc: Acc, index: Decimal): GreeksSummary {
  return {
    delta: str(acc.delta),
    deltaNotional: str(acc.delta.mul(index)),
    gamma: str(acc.gamma),
    vega: str(acc.vega),
    theta: str(acc.theta),
    grossLongNotional: str(acc.long),
    grossShortNotional: str(acc.short),
  };
}

/** The hedge instrument: a linear perpetual if any, else the nearest live dated future, else an inverse one. */
function hedgeInstrument(market: MarketSnapshot, underlying: string): Instrument | undefined {
  const candidates = [...market.instruments.values()].filter(
    (i) => i.kind === 'future' && i.underlying === underlying && market.marks.get(i.symbol)?.price !== undefined && (i.expiryMs === undefined || i.expiryMs > market.asOfMs),
  );
  const rank = (i: Instrument) => [i.settlement === 'linear' ? 0 : 1, i.expiryMs ?? 0] as const;
  candidates.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || byKey(a.symbol, b.symbol);
  });
  return candidates.find((i) => i.settlement === 'linear' || market.assets.has(i.settlementCurrency) || i.settlementCurrency === market.settlementCurrency);
}

/**
 * Netted exposure of one account: positions in the same instrument net, then per underlying the net
 * delta (underlying units and settlement-currency notional), gamma, vega (per vol point), theta (per
 * calendar day), gross long and short notional, the same per expiry bucket, collateral tied to the
 * underlying, and the futures trade that would neutralise the total delta.
 *
 * Futures' deltas are exact decimals; option greeks come from Black-76 (float64) and are converted
 * at 12 significant digits; every figure is shown half-even to 15 significant digits.
 *
 * @param portfolio raw JSON or a parsed {@link Portfolio}.
 * @param market raw JSON or a parsed {@link MarketSnapshot}.
 * @throws MarginInputError on invalid input or an account the market cannot value.
 * @example
 * ```ts
 * const report = netExposure(book, market);
 * report.underlyings[0]; // { underlying: 'BTC', delta: '1.5', deltaNotional: '150000', ... }
 * ```
 */
export function netExposure(portfolio: Portfolio | unknown, market: MarketSnapshot | unknown): ExposureReport {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  checkAccount(p, m);

  const net = new Map<string, Decimal>();
  // An inverse future's realised-so-far coin P&L, q * size * (1/E - 1/F), is a coin balance: when the
  // coin is tied to the underlying it is delta too (C/S units per coin), like coin collateral.
  const coinDelta = new Map<string, Decimal>();
  for (const pos of p.positions) {
    net.set(pos.symbol, (net.get(pos.symbol) ?? new D(0)).plus(pos.quantity));
    const inst = m.instruments.get(pos.symbol);
    if (!inst || inst.kind !== 'future' || inst.settlement !== 'inverse' || pos.entryPrice === undefined) continue;
    const coin = m.assets.get(inst.settlementCurrency);
    const mark = m.marks.get(inst.symbol)?.price;
    const index = m.underlyings.get(inst.underlying)?.index;
    if (coin?.underlying !== inst.underlying || !mark || !index) continue;
    const coins = pos.quantity.mul(inst.contractSize).mul(new D(1).div(pos.entryPrice).minus(new D(1).div(mark)));
    coinDelta.set(pos.symbol, (coinDelta.get(pos.symbol) ?? new D(0)).plus(coins.mul(coin.price).div(index)));
  }
  const symbols = [...net.keys()].sort(byKey);

  const perUnderlying = new Map<string, { total: Acc; buckets: Map<string, Acc> }>();
  const instruments: InstrumentExposure[] = [];
  for (const symbol of symbols) {
    const q = net.get(symbol)!;
    const inst = m.instruments.get(symbol)!;
    const v = valueInstrument(m, inst);
    const delta = contractDelta(v);
    const expiry = inst.expiry ?? 'perpetual';
    let u = perUnderlying.get(inst.underlying);
    if (!u) perUnderlying.set(inst.underlying, (u = { total: zero(), buckets: new Map() }));
    let bucket = u.buckets.get(expiry);
    if (!bucket) u.buckets.set(expiry, (bucket = zero()));
    const one = zero();
    const cd = coinDelta.get(symbol) ?? new D(0);
    if (!q.isZero() || !cd.isZero()) {
      add(u.total, q, v, delta, cd);
      add(bucket, q, v, delta, cd);
      add(one, q, v, delta, cd);
    }
    instruments.push({ symbol, underlying: inst.underlying, expiry, netQuantity: decimalString(q), ...summary(one, v.index) });
  }

  // Collateral tied to an underlying is delta too: a BTC balance is long BTC.
  const collateralDelta = new Map<string, Decimal>();
  for (const c of p.collateral) {
    const a = m.assets.get(c.asset);
    if (!a?.underlying || c.balance.isZero()) continue;
    const idx = m.underlyings.get(a.underlying)!.index;
    collateralDelta.set(a.underlying, (collateralDelta.get(a.underlying) ?? new D(0)).plus(c.balance.mul(a.price).div(idx)));
    if (!perUnderlying.has(a.underlying)) perUnderlying.set(a.underlying, { total: zero(), buckets: new Map() });
  }

  const underlyings: UnderlyingExposure[] = [];
  for (const name of [...perUnderlying.keys()].sort(byKey)) {
    const u = perUnderlying.get(name)!;
    const index = m.underlyings.get(name)!.index;
    const cd = collateralDelta.get(name) ?? new D(0);
    const total = u.total.delta.plus(cd);
    const bucketKeys = [...u.buckets.keys()].sort((a, b) => (a === 'perpetual' ? -1 : b === 'perpetual' ? 1 : byKey(a, b)));
    const out: UnderlyingExposure = {
      underlying: name,
      index: decimalString(index),
      ...summary(u.total, index),
      collateralDelta: str(cd),
      totalDelta: str(total),
      buckets: bucketKeys.map((expiry) => ({ expiry, ...summary(u.buckets.get(expiry)!, index) })),
    };
    const hedge = hedgeInstrument(m, name);
    if (hedge && !total.isZero()) {
      const hv = valueInstrument(m, hedge);
      const per = contractDelta(hv);
      if (!per.isZero()) out.hedge = { symbol: hedge.symbol, quantity: decimalString(total.neg().div(per).toDecimalPlaces(8, D.ROUND_HALF_EVEN)) };
    }
    underlyings.push(out);
  }
  return { accountId: p.accountId, asOf: m.asOf, settlementCurrency: p.settlementCurrency, underlyings, instruments };
}
