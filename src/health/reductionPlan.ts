import { compareKeys } from '../numeric/compareKeys.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import type { AccountStatus } from './accountStatus.js';
import { evaluateAccount, type AccountSnapshot } from './evaluateAccount.js';
import type { HealthParameters } from './HealthParameters.js';
import { resolveParameters } from './resolveParameters.js';

/** One closing trade of a reduction plan. */
export interface ReductionTrade {
  symbol: string;
  /** Signed contracts to trade (sell a long: -, buy back a short: +), rounded up in size to 8 decimal places. */
  quantity: string;
  /** Cost charged: |notional| x (fee + slippage), settlement currency, rounded up. */
  cost: string;
  /** MM released by this trade, settlement currency. */
  maintenanceRelief: string;
}

/** Result of {@link reductionPlan}. */
export interface ReductionPlan {
  accountId: string;
  /** The liquidation-end target: maintenance equity >= MM x (1 + endBuffer). */
  endBuffer: string;
  before: { maintenanceEquity: string; maintenanceMargin: string; target: string; shortage: string; status: AccountStatus };
  trades: ReductionTrade[];
  after: { maintenanceEquity: string; maintenanceMargin: string; target: string; shortage: string; status: AccountStatus };
  /** False when closing everything that helps still leaves a shortage. */
  reachesTarget: boolean;
}

const QTY_DP = 8;

/**
 * Closes `qty` (same sign as the net position) of `symbol` at mark: the lines of that symbol shrink
 * pro rata, their share of P&L, option value and funding is paid into the settlement currency, and the
 * cost is charged there. Equity moves by -cost only. Internal.
 */
function closeAtMark(p: Portfolio, snap: AccountSnapshot, symbol: string, net: Decimal, qty: Decimal, costRate: Decimal): { portfolio: Portfolio; cost: Decimal } {
  const f = qty.div(net);
  let realised = new D(0);
  let notional = new D(0);
  for (const c of snap.components.positions) {
    if (c.symbol !== symbol || c.isolatedMargin !== undefined) continue;
    realised = realised.plus(c.pnl.plus(c.optionValue).plus(c.funding).mul(f));
    notional = notional.plus(c.notional.mul(f));
  }
  const cost = notional.abs().mul(costRate);
  const positions = p.positions.map((x) => {
    if (x.symbol !== symbol || x.isolatedMargin !== undefined) return x;
    const out = { ...x, quantity: x.quantity.mul(new D(1).minus(f)) };
    if (x.accruedFunding !== undefined) out.accruedFunding = x.accruedFunding.mul(new D(1).minus(f));
    return out;
  });
  const cash = realised.minus(cost);
  const ccy = p.settlementCurrency;
  const collateral = p.collateral.some((c) => c.asset === ccy) ? p.collateral.map((c) => (c.asset === ccy ? { ...c, balance: c.balance.plus(cash) } : c)) : [...p.collateral, { asset: ccy, balance: cash }];
  return { portfolio: parsePortfolio({ ...p, positions, collateral }), cost };
}

/** Shortage against the liquidation end: MM x (1 + buffer) - maintenance equity (exact equity, rounded MM). */
const shortageOf = (s: AccountSnapshot, b: Decimal) => s.mm.mul(new D(1).plus(b)).minus(s.components.maintenanceEquity);

/** The plan on parsed inputs (the body of {@link reductionPlan}). */
function planReduction(portfolio: Portfolio, market: MarketSnapshot, margin: MarginParameters, health: HealthParameters): { trades: ReductionTrade[]; before: AccountSnapshot; after: AccountSnapshot } {
  const b = health.liquidation.endBuffer;
  const costRate = health.liquidation.fee.plus(health.liquidation.slippage);
  let p = portfolio;
  const before = evaluateAccount(p, market, margin, health);
  let snap = before;
  const trades: ReductionTrade[] = [];
  const closed = new Set<string>();
  for (let round = 0; round < 10_000 && shortageOf(snap, b).gt(0); round++) {
    const nets = new Map<string, Decimal>();
    for (const x of p.positions) if (x.isolatedMargin === undefined) nets.set(x.symbol, (nets.get(x.symbol) ?? new D(0)).plus(x.quantity));
    const shortage = shortageOf(snap, b);
    let best: { symbol: string; net: Decimal; score: Decimal; free: boolean; future: boolean; next: { portfolio: Portfolio; cost: Decimal }; snap: AccountSnapshot; relief: Decimal } | undefined;
    for (const [symbol, net] of [...nets].sort(([a], [c]) => compareKeys(a, c))) {
      if (net.isZero() || closed.has(symbol)) continue;
      const next = closeAtMark(p, snap, symbol, net, net, costRate);
      const s2 = evaluateAccount(next.portfolio, market, margin, health);
      const relief = shortage.minus(shortageOf(s2, b));
      if (!relief.gt(0)) continue;
      // Relief per unit of cost; a free close ranks by relief alone, ahead of any costly one.
      const free = next.cost.isZero();
      const score = free ? relief : relief.div(next.cost);
      const future = market.instruments.get(symbol)!.kind === 'future';
      const better =
        !best ||
        (free && !best.free) ||
        (free === best.free && (score.gt(best.score) || (score.eq(best.score) && future && !best.future)));
      if (better) best = { symbol, net, score, free, future, next, snap: s2, relief };
    }
    if (!best) break;
    let chosen = { qty: best.net, next: best.next, snap: best.snap };
    if (!shortageOf(best.snap, b).gt(0)) {
      // Full close overshoots: bisect the smallest size (8 dp, rounded up in size) that still meets the target.
      let lo = new D(0);
      let hi = best.net.abs();
      const sign = best.net.gt(0) ? 1 : -1;
      for (let k = 0; k < 80 && hi.minus(lo).gt(new D(10).pow(-QTY_DP)); k++) {
        const mid = lo.plus(hi).div(2).toDecimalPlaces(QTY_DP, D.ROUND_CEIL);
        if (mid.eq(hi)) break;
        const next = closeAtMark(p, snap, best.symbol, best.net, mid.mul(sign), costRate);
        const s2 = evaluateAccount(next.portfolio, market, margin, health);
        if (shortageOf(s2, b).gt(0)) lo = mid;
        else {
          hi = mid;
          chosen = { qty: mid.mul(sign), next, snap: s2 };
        }
      }
    }
    trades.push({
      symbol: best.symbol,
      quantity: decimalString(chosen.qty.neg()),
      cost: decimalString(chosen.next.cost.toDecimalPlaces(margin.settlementPrecision, D.ROUND_CEIL)),
      maintenanceRelief: decimalString(snap.mm.minus(chosen.snap.mm)),
    });
    closed.add(best.symbol);
    p = chosen.next.portfolio;
    snap = chosen.snap;
  }
  return { trades, before, after: snap };
}

/**
 * A reduction plan: the closing trades (at mark, each charged `fee + slippage` of its notional) that
 * bring the account back to the liquidation end, maintenance equity >= MM x (1 + endBuffer) (not IM,
 * which would over-liquidate). Greedy: at each step the position whose full close gives the most
 * shortage relief per unit of cost goes first (futures before options on a tie); the last one is
 * closed only as far as needed (bisection to 8 decimal places). For a single linear perpetual this is
 * the closed form `shortage / (P x ((1 + buffer) x MMR - fee))`. Isolated positions are left alone.
 * Closing realises P&L into the settlement currency at mark.
 *
 * Greedy is not guaranteed minimal for every book; it is what exchanges' liquidation engines do, and
 * each step is the best single trade.
 *
 * @param portfolio raw or parsed portfolio.
 * @param market raw or parsed market snapshot.
 * @param params raw or parsed margin parameters (with optional `health`).
 * @throws MarginInputError for invalid input.
 * @example
 * ```ts
 * const plan = reductionPlan(book, market, params);
 * plan.trades; // [{ symbol: 'BTC-PERP', quantity: '-1.11111112', cost: '1.12', maintenanceRelief: '11.12' }]
 * ```
 */
export function reductionPlan(portfolio: unknown, market: unknown, params: unknown): ReductionPlan {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const r = resolveParameters(params);
  checkAccount(p, m);
  const { trades, before, after } = planReduction(p, m, r.margin, r.health);
  const b = r.health.liquidation.endBuffer;
  const dp = r.margin.settlementPrecision;
  const side = (s: AccountSnapshot) => ({
    maintenanceEquity: decimalString(s.maintenanceEquity),
    maintenanceMargin: decimalString(s.mm),
    target: decimalString(s.mm.mul(new D(1).plus(b)).toDecimalPlaces(dp, D.ROUND_CEIL)),
    shortage: decimalString(D.max(0, shortageOf(s, b)).toDecimalPlaces(dp, D.ROUND_CEIL)),
    status: s.status,
  });
  return { accountId: p.accountId, endBuffer: decimalString(b), before: side(before), trades, after: side(after), reachesTarget: !shortageOf(after, b).gt(0) };
}
