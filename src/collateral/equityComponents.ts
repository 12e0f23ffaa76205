import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { times } from '../numeric/times.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import type { CollateralParameters } from './CollateralParameters.js';
import { collateralComponents, type CollateralTotals } from './collateralComponents.js';
import { closingValue } from './closingValue.js';
import { tradeNotional } from './tradeNotional.js';

/** One position's contribution to equity, exact, in the account's settlement currency. */
export interface PositionEquityComponent {
  /** Index of the position in the portfolio's `positions`. */
  position: number;
  symbol: string;
  quantity: Decimal;
  instrument: Instrument;
  /** Futures: unrealised P&L against entry (0 without an entry price: P&L already settled to the mark). */
  pnl: Decimal;
  /** Options: signed mark value (long adds, short subtracts); 0 for futures. */
  optionValue: Decimal;
  /** Accrued, unpaid funding (+ receivable). */
  funding: Decimal;
  /** The position's notional at its mark (futures) or the index (options), settlement currency ({@link tradeNotional}): what staleness charges scale with. */
  notional: Decimal;
  /** The position's isolated allocation, when it is isolated. */
  isolatedMargin?: Decimal;
}

/** Everything equity is made of, exact; {@link accountEquity} is the rounded JSON form. */
export interface EquityComponents {
  collateral: CollateralTotals;
  positions: PositionEquityComponent[];
  /** Sums over cross (non-isolated) positions. */
  futuresPnl: Decimal;
  optionValue: Decimal;
  funding: Decimal;
  /** Sum of isolated allocations, carved out of the cross collateral (see {@link accountEquity}). */
  isolatedAllocations: Decimal;
  /** Cross equity at market value: collateral - isolated allocations + P&L + option value + funding. */
  equity: Decimal;
  /** Cross equity with collateral after initial haircuts. */
  initialEquity: Decimal;
  /** Cross equity with collateral after maintenance haircuts. */
  maintenanceEquity: Decimal;
}

const ZERO = new D(0);

/** Equity contribution of `quantity` contracts valued at `v`. Exported for the liquidation tools, which revalue shocked markets. */
export function positionEquity(quantity: Decimal, entryPrice: Decimal | undefined, v: InstrumentValuation): { pnl: Decimal; optionValue: Decimal; notional: Decimal } {
  const inst = v.instrument;
  const C = v.settlementPrice;
  const zero = ZERO;
  if (inst.kind === 'future') {
    const F = v.forward;
    const E = entryPrice ?? F;
    // Unrealised P&L is what closing at the mark would realise (one rule with the closing trades).
    const pnl = times(closingValue(inst, quantity, E, F), C);
    return { pnl: pnl.isZero() ? zero : pnl, optionValue: zero, notional: tradeNotional(v, quantity, F) };
  }
  // A short option is a liability: its model value rounds up (markValueUp), a long's down.
  const per = quantity.gt(0) ? v.markValue : v.markValueUp;
  const optionValue = times(quantity.mul(per), C);
  return { pnl: zero, optionValue: optionValue.isZero() ? zero : optionValue, notional: tradeNotional(v, quantity, v.forward) };
}

/**
 * Collateral, unrealised futures P&L, option value and accrued funding of one account, exact and in
 * a canonical order. Assumes `checkAccount` has passed. Isolated positions are listed but left out of
 * the cross sums; their allocations are subtracted from the cross collateral.
 */
export function equityComponents(portfolio: Portfolio, market: MarketSnapshot, params: CollateralParameters): EquityComponents {
  const collateral = collateralComponents(portfolio, market, params);
  const positions: PositionEquityComponent[] = [];
  let futuresPnl = new D(0);
  let optionValue = new D(0);
  let funding = new D(0);
  let isolatedAllocations = new D(0);
  // Canonical order (symbol, then the position's own figures), so that output never depends on input order.
  const key = (x?: Decimal) => (x === undefined ? '' : x.toFixed());
  const cmpPos = (a: (typeof portfolio.positions)[number], b: (typeof portfolio.positions)[number]) =>
    compareKeys(a.symbol, b.symbol) ||
    a.quantity.comparedTo(b.quantity) ||
    compareKeys(key(a.entryPrice), key(b.entryPrice)) ||
    compareKeys(key(a.isolatedMargin), key(b.isolatedMargin)) ||
    compareKeys(key(a.accruedFunding), key(b.accruedFunding));
  const order = portfolio.positions.map((p, i) => ({ p, i })).sort((a, b) => cmpPos(a.p, b.p) || a.i - b.i);
  for (const { p, i } of order) {
    const inst = market.instruments.get(p.symbol)!;
    const v = valueInstrument(market, inst); // memoised per snapshot and instrument
    const e = p.quantity.isZero() ? { pnl: ZERO, optionValue: ZERO, notional: ZERO } : positionEquity(p.quantity, p.entryPrice, v);
    const f = p.accruedFunding ?? ZERO;
    const line: PositionEquityComponent = { position: i, symbol: p.symbol, quantity: p.quantity, instrument: inst, pnl: e.pnl, optionValue: e.optionValue, funding: f, notional: e.notional };
    if (p.isolatedMargin !== undefined) {
      line.isolatedMargin = p.isolatedMargin;
      isolatedAllocations = isolatedAllocations.plus(p.isolatedMargin);
    } else {
      futuresPnl = futuresPnl.plus(e.pnl);
      optionValue = optionValue.plus(e.optionValue);
      funding = funding.plus(f);
    }
    positions.push(line);
  }
  const rest = futuresPnl.plus(optionValue).plus(funding).minus(isolatedAllocations);
  return {
    collateral,
    positions,
    futuresPnl,
    optionValue,
    funding,
    isolatedAllocations,
    equity: collateral.value.plus(rest),
    initialEquity: collateral.initialValue.plus(rest),
    maintenanceEquity: collateral.maintenanceValue.plus(rest),
  };
}
