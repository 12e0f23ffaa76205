import { ownValue } from '../schema/ownValue.js';
import { compareKeys } from '../numeric/compareKeys.js';
import * as z from 'zod';
import { D, type Decimal } from '../numeric/decimal.js';
import { checkPlaces, decimalString, roundValue } from '../numeric/rounding.js';
import { decimalField, err, idField, recordField } from '../schema/fields.js';
import { MarginInputError, type MarginIssue } from '../schema/MarginInputError.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { parseArguments } from '../schema/parseArguments.js';
import { positionInput } from '../schema/positionInput.js';
import { collateralWithCash } from '../schema/collateralWithCash.js';
import { closingValue } from './closingValue.js';
import { DEFAULT_DECIMALS } from './valueCollateral.js';
import type { InputOf } from '../schema/InputOf.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';

/** One expired position turned into cash. */
export interface SettlementCashFlow {
  symbol: string;
  /** Contracts settled (signed). */
  quantity: string;
  /** Settlement price used, quote currency per unit of underlying. */
  settlementPrice: string;
  /** Asset the cash is paid in: the instrument's settlement currency (quote for linear, coin for inverse). */
  asset: string;
  /** Cash received (+) or paid (-), units of `asset`, rounded down to `decimals`; includes the position's accrued funding when that is in the same asset. */
  amount: string;
}

/** Result of {@link settleExpired}: the portfolio without its expired positions, and the cash that replaced them. */
export interface SettlementResult {
  /** The new portfolio, in input form (decimal strings): live positions in their order, collateral with the cash added (new assets appended, sorted). */
  portfolio: PortfolioInput;
  /** One line per expired position, sorted by symbol then input order. */
  cashFlows: SettlementCashFlow[];
  /** Net cash per asset, sorted by asset. */
  totals: { asset: string; amount: string }[];
}

const PricesSchema = recordField(idField, decimalField('positive'));

/** Settlement prices as the caller writes them: `{ [symbol or underlying]: price }`, quote currency per unit (> 0). */
export type SettlementPricesInput = InputOf<typeof PricesSchema>;

/**
 * Settles every position whose instrument has expired (`expiry <= market.asOf`) at the given
 * settlement prices (looked up by symbol first, then by underlying). The position leaves the
 * portfolio and its value becomes cash in the instrument's settlement currency:
 *
 * - linear future `q * size * (S - E)`; inverse future `q * size * (1/E - 1/S)` coins. Without an entry
 *   price the P&L up to the snapshot's mark is taken as already settled, so `E` = that mark.
 * - linear option `q * size * max(0, S - K)` (call) / `max(0, K - S)` (put); inverse option the same
 *   divided by `S`, in coins (Deribit's cash settlement).
 * - the position's accrued funding is paid into the account's settlement currency.
 *
 * Nothing is lost or counted twice: equity before (positions valued at the settlement price) equals
 * equity after (cash), up to the rounding of each amount down to `decimals`.
 *
 * @param portfolio raw or parsed portfolio.
 * @param market raw or parsed market (its `asOf` decides what has expired; its instrument table gives the terms).
 * @param settlementPrices `{ [symbol or underlying]: price }`, quote currency per unit.
 * @param decimals decimal places of the cash amounts (default 8).
 * @throws MarginInputError `missing_mark` (argument `'settlementPrices'`) when an expired position has no settlement price.
 * @example
 * ```ts
 * // 2 BTC-25DEC26 long entered at 100,000, settled at 101,000: +2,000 USDC
 * settleExpired(book, marketAtExpiry, { BTC: '101000' }).cashFlows[0].amount; // '2000'
 * ```
 */
export function settleExpired(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot, settlementPrices: SettlementPricesInput, decimals: number = DEFAULT_DECIMALS): SettlementResult {
  checkPlaces(decimals);
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const prices = parseArguments(PricesSchema, settlementPrices, 'settlementPrices');
  const cash = new Map<string, Decimal>();
  const flows: { order: [string, number]; flow: SettlementCashFlow }[] = [];
  const live: PortfolioInput['positions'][number][] = [];
  const issues: MarginIssue[] = [];
  const credit = (asset: string, amount: Decimal) => cash.set(asset, (cash.get(asset) ?? new D(0)).plus(amount));
  p.positions.forEach((pos, i) => {
    const inst = m.instruments.get(pos.symbol);
    if (!inst || inst.expiryMs === undefined || inst.expiryMs > m.asOfMs) {
      live.push(positionInput(pos));
      return;
    }
    const S = ownValue(prices, inst.symbol) ?? ownValue(prices, inst.underlying);
    if (!S) {
      issues.push({ code: 'missing_mark', path: [inst.underlying], message: `no settlement price for expired ${inst.symbol} (give one for the symbol or its underlying ${inst.underlying})`, argument: 'settlementPrices' });
      return;
    }
    const amount = roundValue(settlementValue(inst, pos.quantity, pos.entryPrice ?? m.marks.get(inst.symbol)?.price ?? S, S), decimals);
    credit(inst.settlementCurrency, amount);
    const funding = pos.accruedFunding ?? new D(0);
    if (!funding.isZero()) credit(p.settlementCurrency, funding);
    const total = inst.settlementCurrency === p.settlementCurrency ? amount.plus(funding) : amount;
    flows.push({ order: [inst.symbol, i], flow: { symbol: inst.symbol, quantity: decimalString(pos.quantity), settlementPrice: decimalString(S), asset: inst.settlementCurrency, amount: decimalString(total) } });
    if (!funding.isZero() && inst.settlementCurrency !== p.settlementCurrency) {
      flows.push({ order: [inst.symbol, i], flow: { symbol: inst.symbol, quantity: '0', settlementPrice: decimalString(S), asset: p.settlementCurrency, amount: decimalString(funding) } });
    }
  });
  if (issues.length) throw new MarginInputError(issues);
  const collateral = collateralWithCash(p.collateral, cash);
  const assets = [...cash.keys()].sort();
  flows.sort((a, b) => compareKeys(a.order[0], b.order[0]) || a.order[1] - b.order[1]);
  return {
    portfolio: { accountId: p.accountId, settlementCurrency: p.settlementCurrency, positions: live, collateral },
    cashFlows: flows.map((f) => f.flow),
    totals: assets.map((a) => ({ asset: a, amount: decimalString(cash.get(a)!) })),
  };
}

/**
 * Cash one expired position is worth at settlement price `S`, in the instrument's settlement currency:
 * settling is closing at `S` ({@link closingValue}, the rule every closing trade uses), an option at its
 * intrinsic value per contract (divided by `S` for an inverse option, in coin).
 */
function settlementValue(inst: Instrument, q: Decimal, entry: Decimal, S: Decimal): Decimal {
  if (inst.kind === 'future') return closingValue(inst, q, entry, S);
  const K = inst.strike!;
  const intrinsic = D.max(0, inst.right === 'call' ? S.minus(K) : K.minus(S));
  return closingValue(inst, q, entry, inst.contractSize.mul(inst.settlement === 'linear' ? intrinsic : intrinsic.div(S)));
}
