import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { Portfolio, PortfolioInput, Position } from '../schema/portfolioSchema.js';
import { positionInput } from '../schema/positionInput.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import { closingValue } from './closingValue.js';

/** A validated trade: signed contracts, optional price (futures: quote per unit; options: premium per unit in the settlement currency) and fee (account settlement currency). */
export interface ParsedTrade {
  symbol: string;
  quantity: Decimal;
  price?: Decimal;
  fee?: Decimal;
}

const ZERO = new D(0);
const key = (x?: Decimal) => (x === undefined ? '' : x.toFixed());
/** Canonical order of a symbol's lines (never the input order, so that a pro-rata remainder lands on the same line whatever the order). */
const cmpLine = (a: Position, b: Position) => a.quantity.comparedTo(b.quantity) || compareKeys(key(a.entryPrice), key(b.entryPrice)) || compareKeys(key(a.accruedFunding), key(b.accruedFunding));

/**
 * The one model of trading a position, shared by `simulate` and `reductionPlan` (and, through
 * {@link closingValue}, by `settleExpired`). Trades apply in order; each one, against the account's
 * cross (non-isolated) lines of its symbol:
 *
 * - **closes** first, as far as it opposes their net quantity: every line shrinks pro rata (average
 *   cost: the remaining lines keep their entry prices), the closed part's value is paid in cash in the
 *   instrument's settlement currency ({@link closingValue}: a future's P&L against its entry at the
 *   trade price, an option's premium; coin for an inverse instrument), and its share of accrued
 *   funding in the account's settlement currency; a line closed to zero leaves the portfolio;
 * - **opens** the rest: a future as a new line entered at the trade price, so its P&L against the mark
 *   enters equity; an option as a new line whose premium is paid in its settlement currency;
 * - charges its `fee` in the account's settlement currency.
 *
 * Default prices are the mark: a future's mark price; for an option the mark value equity gives the
 * side concerned (a closed long at the value rounded down, a closed short at the value rounded up, an
 * opened line at the side against the account), so that closing at the mark moves equity by exactly
 * the fee. Isolated lines are never touched (a trade opens a cross line next to them). Internal.
 *
 * @param p parsed portfolio (not mutated).
 * @param m parsed market; every traded symbol must be in its instrument table and valuable.
 * @param trades validated trades (a future's price, when given, > 0).
 * @returns the new portfolio in input form (decimal strings): untouched lines in their order, shrunk
 *   lines in place, opened lines appended; collateral with each trade's cash added in turn (new assets
 *   appended, sorted), so that applying the trades in several calls gives the same balances as one call.
 * @example
 * ```ts
 * // 10 BTC-PERP long entered at 95,000, mark 100,000: sell 4 at the mark -> 6 left at 95,000, +20,000 USDC
 * portfolioAfterTrades(book, market, [{ symbol: 'BTC-PERP', quantity: D(-4) }]).collateral; // [{ asset: 'USDC', balance: '...' }]
 * ```
 */
export function portfolioAfterTrades(p: Portfolio, m: MarketSnapshot, trades: readonly ParsedTrade[]): PortfolioInput {
  const lines: Position[] = p.positions.map((x) => ({ ...x }));
  const balances = new Map(p.collateral.map((c) => [c.asset, c.balance]));
  const added: string[] = [];
  let cash = new Map<string, Decimal>();
  const pay = (asset: string, amount: Decimal) => {
    if (!amount.isZero()) cash.set(asset, (cash.get(asset) ?? ZERO).plus(amount));
  };
  const removed = new Set<Position>();
  for (const t of trades) {
    cash = new Map();
    const inst = m.instruments.get(t.symbol)!;
    const v = valueInstrument(m, inst);
    const size = inst.contractSize;
    const cross = lines.filter((x) => x.symbol === t.symbol && x.isolatedMargin === undefined && !x.quantity.isZero() && !removed.has(x));
    let net = ZERO;
    for (const x of cross) net = net.plus(x.quantity);
    // Closed part, signed as the position: the trade opposes the net quantity up to its size.
    const closing = !net.isZero() && t.quantity.s === -net.s ? D.min(t.quantity.abs(), net.abs()).mul(net.s) : ZERO;
    if (!closing.isZero()) {
      const full = closing.eq(net);
      const order = [...cross].sort(cmpLine);
      let left = closing;
      order.forEach((x, i) => {
        const share = full ? x.quantity : i === order.length - 1 ? left : closing.mul(x.quantity).div(net);
        left = left.minus(share);
        if (share.isZero()) return;
        const price =
          inst.kind === 'future' ? (t.price ?? v.forward) : t.price !== undefined ? t.price.mul(size) : share.gt(0) ? v.markValue : v.markValueUp;
        pay(inst.settlementCurrency, closingValue(inst, share, x.entryPrice ?? v.forward, price));
        const rest = x.quantity.minus(share);
        if (x.accruedFunding !== undefined) {
          const paid = rest.isZero() ? x.accruedFunding : x.accruedFunding.mul(share).div(x.quantity);
          pay(p.settlementCurrency, paid);
          x.accruedFunding = x.accruedFunding.minus(paid);
        }
        x.quantity = rest;
        if (rest.isZero()) removed.add(x);
      });
    }
    const opening = t.quantity.plus(closing);
    if (!opening.isZero()) {
      if (inst.kind === 'future') lines.push({ symbol: t.symbol, quantity: opening, entryPrice: t.price ?? v.forward });
      else {
        const premium = t.price !== undefined ? t.price.mul(size) : opening.gt(0) ? v.markValueUp : v.markValue;
        pay(inst.settlementCurrency, opening.mul(premium).neg());
        lines.push({ symbol: t.symbol, quantity: opening });
      }
    }
    if (t.fee) pay(p.settlementCurrency, t.fee.neg());
    // Booked trade by trade, so that applying trades one call at a time gives these very balances.
    for (const a of [...cash.keys()].sort(compareKeys)) {
      const held = balances.get(a);
      if (held === undefined) added.push(a);
      balances.set(a, held === undefined ? cash.get(a)! : held.plus(cash.get(a)!));
    }
  }
  return {
    accountId: p.accountId,
    settlementCurrency: p.settlementCurrency,
    positions: lines.filter((x) => !removed.has(x)).map(positionInput),
    collateral: [...p.collateral.map((c) => c.asset), ...added.sort(compareKeys)].map((asset) => ({ asset, balance: decimalString(balances.get(asset)!) })),
  };
}
