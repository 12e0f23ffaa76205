import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import { decimalString } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import { unitPrice } from '../schema/unitPrice.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { marketSlot } from '../scenarios/marketCache.js';
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
// Decimals are immutable values: one shared zero serves every accumulator's start.
const ZERO = new D(0);
const zero = (): Acc => ({ delta: ZERO, gamma: ZERO, vega: ZERO, theta: ZERO, long: ZERO, short: ZERO });

// A zero prints as '0', and a value of at most SIG significant digits is its own rounding: skip the rounding then.
const str = (d: Decimal) => (d.isZero() ? '0' : d.sd() <= SIG ? d.toFixed() : d.toSignificantDigits(SIG, D.ROUND_HALF_EVEN).toFixed());

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

/**
 * The per-contract figures of one instrument at one snapshot, as exact decimals: delta (see
 * {@link contractDelta}), the model's gamma, vega and theta converted by `fromFloat`, and the
 * underlying units per contract. Account-independent, so memoised per parsed snapshot.
 */
interface ContractFigures {
  v: InstrumentValuation;
  delta: Decimal;
  gamma: Decimal;
  vega: Decimal;
  theta: Decimal;
  units: Decimal;
  /** One unit of underlying at the index, in the settlement currency (see `unitPrice`; undefined when the quote cannot be converted). */
  unitPrice: Decimal | undefined;
}

function contractFigures(m: MarketSnapshot, inst: Instrument): ContractFigures {
  const memo = marketSlot(m, 'exposure:figures', () => new Map<string, ContractFigures>());
  let f = memo.get(inst.symbol);
  if (f === undefined || f.v.instrument !== inst) {
    const v = valueInstrument(m, inst);
    f = {
      v,
      delta: contractDelta(v),
      gamma: fromFloat(v.gamma, 'nearest'),
      vega: fromFloat(v.vega, 'nearest'),
      theta: fromFloat(v.theta, 'nearest'),
      units: contractUnits(inst, v),
      unitPrice: unitPrice(m, inst),
    };
    memo.set(inst.symbol, f);
  }
  return f;
}

/** One netted position's contribution (q contracts): each product computed once, added to every accumulator it belongs to. */
interface Contribution {
  delta: Decimal;
  coinDelta: Decimal;
  gamma: Decimal;
  vega: Decimal;
  theta: Decimal;
  notional: Decimal;
  sign: number;
}

function contribution(q: Decimal, f: ContractFigures, coinDelta: Decimal): Contribution {
  return {
    delta: q.mul(f.delta),
    coinDelta,
    gamma: q.mul(f.gamma),
    vega: q.mul(f.vega),
    theta: q.mul(f.theta),
    // checkAccount has refused a held instrument whose quote currency cannot be converted.
    notional: q.abs().mul(f.units).mul(f.unitPrice!),
    sign: q.gt(0) ? 1 : q.lt(0) ? -1 : 0,
  };
}

/** One netted position: its contribution (absent when there is none) and its own summary row. */
interface PositionFigures {
  f: ContractFigures;
  c?: Contribution;
  row: GreeksSummary;
}

function positionFigures(q: Decimal, f: ContractFigures, cd: Decimal): PositionFigures {
  const one = zero();
  if (q.isZero() && cd.isZero()) return { f, row: summary(one, f.v.index) };
  const c = contribution(q, f, cd);
  // One position alone: 0 + x is x (every product here already has at most 40 significant
  // digits), up to the sign of a zero, which prints as '0' all the same.
  one.delta = c.coinDelta.isZero() ? c.delta : c.delta.plus(c.coinDelta);
  one.gamma = c.gamma;
  one.vega = c.vega;
  one.theta = c.theta;
  if (c.sign > 0) one.long = c.notional;
  else if (c.sign < 0) one.short = c.notional;
  return { f, c, row: summary(one, f.v.index) };
}

function add(acc: Acc, c: Contribution): void {
  // x + 0 is x itself (every Decimal here already has at most 40 significant digits): skip it.
  acc.delta = c.coinDelta.isZero() ? acc.delta.plus(c.delta) : acc.delta.plus(c.delta).plus(c.coinDelta);
  acc.gamma = acc.gamma.plus(c.gamma);
  acc.vega = acc.vega.plus(c.vega);
  acc.theta = acc.theta.plus(c.theta);
  if (c.sign > 0) acc.long = acc.long.plus(c.notional);
  else if (c.sign < 0) acc.short = acc.short.plus(c.notional);
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

/** The hedge instrument: a linear perpetual if any, else the nearest live dated future, else an inverse one (memoised per parsed snapshot). */
function hedgeInstrument(market: MarketSnapshot, underlying: string): Instrument | undefined {
  const memo = marketSlot(market, 'exposure:hedge', () => new Map<string, Instrument | null>());
  let h = memo.get(underlying);
  if (h === undefined) memo.set(underlying, (h = findHedgeInstrument(market, underlying) ?? null));
  return h ?? undefined;
}

function findHedgeInstrument(market: MarketSnapshot, underlying: string): Instrument | undefined {
  const candidates = [...market.instruments.values()].filter(
    (i) => i.kind === 'future' && i.underlying === underlying && market.marks.get(i.symbol)?.price !== undefined && (i.expiryMs === undefined || i.expiryMs > market.asOfMs),
  );
  const rank = (i: Instrument) => [i.settlement === 'linear' ? 0 : 1, i.expiryMs ?? 0] as const;
  candidates.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || compareKeys(a.symbol, b.symbol);
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
 * // 1.5 BTC-PERP (contract size 1) at index 100,000: delta 1.5 x 1 = 1.5 BTC, notional 1.5 x 100,000 = 150,000;
 * // the hedge sells them: -1.5 / 1 = -1.5 BTC-PERP.
 * const perp = { accountId: 'desk-1', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '1.5' }], collateral: [{ asset: 'USDC', balance: '60000' }] };
 * const report = netExposure(perp, perpMarket('100000'));
 * report.underlyings[0]; // { underlying: 'BTC', delta: '1.5', deltaNotional: '150000', ... }
 * report.underlyings[0].hedge; // { symbol: 'BTC-PERP', quantity: '-1.5' }
 * ```
 */
export function netExposure(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot): ExposureReport {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  checkAccount(p, m);

  const net = new Map<string, Decimal>();
  // An inverse future's realised-so-far coin P&L, q * size * (1/E - 1/F), is a coin balance: when the
  // coin is tied to the underlying it is delta too (C/S units per coin), like coin collateral.
  const coinDelta = new Map<string, Decimal>();
  for (const pos of p.positions) {
    net.set(pos.symbol, (net.get(pos.symbol) ?? ZERO).plus(pos.quantity));
    const inst = m.instruments.get(pos.symbol);
    if (!inst || inst.kind !== 'future' || inst.settlement !== 'inverse' || pos.entryPrice === undefined) continue;
    const coin = m.assets.get(inst.settlementCurrency);
    const mark = m.marks.get(inst.symbol)?.price;
    const index = m.underlyings.get(inst.underlying)?.index;
    if (coin?.underlying !== inst.underlying || !mark || !index) continue;
    const coins = pos.quantity.mul(inst.contractSize).mul(new D(1).div(pos.entryPrice).minus(new D(1).div(mark)));
    coinDelta.set(pos.symbol, (coinDelta.get(pos.symbol) ?? ZERO).plus(coins.mul(coin.price).div(index)));
  }
  const symbols = [...net.keys()].sort(compareKeys);

  const perUnderlying = new Map<string, { total: Acc; buckets: Map<string, Acc> }>();
  const instruments: InstrumentExposure[] = [];
  for (const symbol of symbols) {
    const q = net.get(symbol)!;
    const inst = m.instruments.get(symbol)!;
    const f = contractFigures(m, inst);
    const expiry = inst.expiry ?? 'perpetual';
    let u = perUnderlying.get(inst.underlying);
    if (!u) perUnderlying.set(inst.underlying, (u = { total: zero(), buckets: new Map() }));
    let bucket = u.buckets.get(expiry);
    if (!bucket) u.buckets.set(expiry, (bucket = zero()));
    const cd = coinDelta.get(symbol) ?? ZERO;
    const netQuantity = decimalString(q);
    const pf = positionFigures(q, f, cd);
    if (pf.c) {
      add(u.total, pf.c);
      add(bucket, pf.c);
    }
    instruments.push({ symbol, underlying: inst.underlying, expiry, netQuantity, ...pf.row });
  }

  // Collateral tied to an underlying is delta too: a BTC balance is long BTC.
  const collateralDelta = new Map<string, Decimal>();
  for (const c of p.collateral) {
    const a = m.assets.get(c.asset);
    if (!a?.underlying || c.balance.isZero()) continue;
    const idx = m.underlyings.get(a.underlying)!.index;
    collateralDelta.set(a.underlying, (collateralDelta.get(a.underlying) ?? ZERO).plus(c.balance.mul(a.price).div(idx)));
    if (!perUnderlying.has(a.underlying)) perUnderlying.set(a.underlying, { total: zero(), buckets: new Map() });
  }

  const underlyings: UnderlyingExposure[] = [];
  for (const name of [...perUnderlying.keys()].sort(compareKeys)) {
    const u = perUnderlying.get(name)!;
    const index = m.underlyings.get(name)!.index;
    const cd = collateralDelta.get(name) ?? ZERO;
    const total = u.total.delta.plus(cd);
    const bucketKeys = [...u.buckets.keys()].sort((a, b) => (a === 'perpetual' ? -1 : b === 'perpetual' ? 1 : compareKeys(a, b)));
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
      const per = contractFigures(m, hedge).delta;
      if (!per.isZero()) out.hedge = { symbol: hedge.symbol, quantity: decimalString(total.neg().div(per).toDecimalPlaces(8, D.ROUND_HALF_EVEN)) };
    }
    underlyings.push(out);
  }
  return { accountId: p.accountId, asOf: m.asOf, settlementCurrency: p.settlementCurrency, underlyings, instruments };
}
