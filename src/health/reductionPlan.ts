import { parseAfterTrades, portfolioAfterTrades, type ParsedTrade } from '../collateral/portfolioAfterTrades.js';
import { tradeNotional } from '../collateral/tradeNotional.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginResult } from '../margin/MarginResult.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString, roundRequirement } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput, Position } from '../schema/portfolioSchema.js';
import { positionInput } from '../schema/positionInput.js';
import type { AccountStatus } from './accountStatus.js';
import type { EvaluationContext } from './EvaluationContext.js';
import { evaluateAccount, type AccountSnapshot } from './evaluateAccount.js';
import type { HealthParameters } from './HealthParameters.js';
import { checkWork, scenarioFactor, type HEALTH_LIMITS } from './healthLimits.js';
import { marginOver } from './marginOver.js';
import { buildScenarioSet } from '../scenarios/buildScenarioSet.js';
import { resolveParameters, type ResolvedParameters } from './resolveParameters.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

/** One closing trade of a reduction plan. */
export interface ReductionTrade {
  symbol: string;
  /** Signed contracts to trade (sell a long: -, buy back a short: +), rounded up in size to 8 decimal places. */
  quantity: string;
  /** Cost charged: notional at the mark (futures; the index for options) x (fee + slippage), settlement currency, rounded up; `simulate` takes it as the trade's `fee`. */
  cost: string;
  /** MM released by this trade, settlement currency. */
  maintenanceRelief: string;
}

/** Result of {@link reductionPlan}. */
export interface ReductionPlan {
  accountId: string;
  /**
   * The buffer of the plan's end, `max(liquidation.endBuffer, status.marginCallBand)`: the target is
   * maintenance equity >= MM x (1 + endBuffer), on the printed figures (equity rounded down, MM up).
   */
  endBuffer: string;
  /** `target` = MM x (1 + endBuffer) rounded up; `shortage` = max(0, target - maintenance equity); settlement currency. */
  before: { maintenanceEquity: string; maintenanceMargin: string; target: string; shortage: string; status: AccountStatus };
  trades: ReductionTrade[];
  after: { maintenanceEquity: string; maintenanceMargin: string; target: string; shortage: string; status: AccountStatus };
  /**
   * True when the account after the trades meets the target; then its status is `reduce_only` or
   * `healthy` (never `margin_call` or worse: the target is at or above the margin-call level). False
   * when closing everything that helps still leaves a shortage.
   */
  reachesTarget: boolean;
}

const QTY_DP = 8;
/** Bisection steps on the last trade's size: enough to resolve any size up to the 1e24 input bound to 8 decimal places (log2(1e32) < 107). */
const MAX_BISECTION = 107;

/** Verified candidates per round at most: a candidate whose local relief does not survive the full evaluation (a rounding edge) gives way to the next one. */
const MAX_VERIFY = 2;

/** Everything one plan evaluates against: the account as given, the market, the parameters and the margin over prebuilt arrays. */
interface PlanContext {
  p0: Portfolio;
  market: MarketSnapshot;
  margin: MarginParameters;
  health: HealthParameters;
  context: EvaluationContext;
  /** Target multiplier on MM: 1 + max(endBuffer, marginCallBand). */
  k: Decimal;
  costRate: Decimal;
  /** Risk units a symbol's close can change (its underlying's, its settlement coin's); undefined when units are coupled (joint sets, inter-unit credits): then every candidate is scored on the whole account. */
  units?: Map<string, string[]>;
  /** Risk units each cross position puts an entry into. */
  touches: (x: Position) => string[];
}

/**
 * `p` after one more trade (applied the way `simulate` applies trades; trade by trade gives the same
 * account as all at once). The trade is the plan's own: an after-portfolio the boundary refuses (a
 * pro-rata share past LIMITS.maxDecimalChars) is refused on `portfolio` naming that trade, not on a
 * field of the caller's portfolio, which was valid.
 */
const afterTrade = (c: PlanContext, p: Portfolio, trade: ParsedTrade): Portfolio =>
  parseAfterTrades(portfolioAfterTrades(p, c.market, [trade]), 'portfolio', `reductionPlan cannot book its candidate trade of ${trade.quantity.toFixed()} ${trade.symbol}: after it`);

/**
 * Shortage against the plan's end on the printed figures: MM (rounded up) x k - maintenance equity
 * (rounded down). The status function compares the same figures, so a shortage <= 0 is a status no
 * worse than `reduce_only`.
 */
const shortageOf = (s: AccountSnapshot, k: Decimal) => s.mm.mul(k).minus(s.maintenanceEquity);

/** The closing trade of `qty` contracts (signed as the trade) at the mark, charged `fee + slippage` of its notional at the mark, rounded up. */
function closingTrade(c: PlanContext, symbol: string, qty: Decimal): ParsedTrade {
  const v = valueInstrument(c.market, c.market.instruments.get(symbol)!);
  const fee = roundRequirement(tradeNotional(v, qty, v.forward).mul(c.costRate), c.margin.settlementPrecision);
  return { symbol, quantity: qty, fee };
}

/**
 * The part of `p` a close of a symbol in `units` can change: its cross positions with an entry in
 * one of those units, and all collateral (the fee and the realised cash land there). Everything left
 * out adds the same amounts before and after the close, so the shortage relief measured on this part
 * is the account's, up to the rounding of the totals. `p` itself when that is all of it.
 */
function neighbourhood(c: PlanContext, p: Portfolio, units: readonly string[]): Portfolio {
  const positions = p.positions.filter((x) => x.isolatedMargin === undefined && c.touches(x).some((u) => units.includes(u)));
  if (positions.length === p.positions.length) return p;
  return parsePortfolio({ accountId: p.accountId, settlementCurrency: p.settlementCurrency, positions: positions.map(positionInput), collateral: p.collateral.map((x) => ({ asset: x.asset, balance: decimalString(x.balance) })) });
}

interface Candidate {
  symbol: string;
  net: Decimal;
  trade: ParsedTrade;
  score: Decimal;
  free: boolean;
  future: boolean;
  /** The whole account after the close, when the score was measured on it. */
  snap?: AccountSnapshot;
}

/**
 * The risk units (ids as the margin step groups them: `riskUnits` groups, else the underlying) each
 * cross position puts an entry into: its underlying's, and its settlement coin's when that coin is tied
 * to an underlying (an inverse future's coin P&L, the cash a close realises). `units` per symbol is
 * undefined when the parameters couple units (joint scenario sets, inter-unit credits).
 */
function riskUnitsOf(p: Portfolio, m: MarketSnapshot, margin: MarginParameters): { units?: Map<string, string[]>; touches: (x: Position) => string[] } {
  const groupOf = new Map<string, string>();
  for (const g of margin.riskUnits) for (const u of g.underlyings) groupOf.set(u, g.id);
  const unitOf = (u: string) => groupOf.get(u) ?? u;
  const bySymbol = new Map<string, string[]>();
  const touches = (x: Position): string[] => {
    let out = bySymbol.get(x.symbol);
    if (out === undefined) {
      const inst = m.instruments.get(x.symbol)!;
      out = [unitOf(inst.underlying)];
      const coin = inst.settlementCurrency === m.settlementCurrency ? undefined : m.assets.get(inst.settlementCurrency)?.underlying;
      if (coin !== undefined && unitOf(coin) !== out[0]) out.push(unitOf(coin));
      bySymbol.set(x.symbol, out.sort(compareKeys));
    }
    return out;
  };
  if (margin.joint.length || margin.interUnitCredits.length) return { touches };
  const units = new Map<string, string[]>();
  for (const x of p.positions) if (!units.has(x.symbol)) units.set(x.symbol, touches(x));
  return { units, touches };
}

/**
 * The most work a plan on `p` can do (see {@link HEALTH_LIMITS}): at most one round per open symbol;
 * per round each candidate's close and each neighbourhood evaluated once, and at most
 * {@link MAX_VERIFY} closes verified on the whole account; then at most {@link MAX_BISECTION} + 1
 * whole-account evaluations (the start and the bisection of the last trade).
 */
function planWork(p: Portfolio, m: MarketSnapshot, margin: MarginParameters, units: Map<string, string[]> | undefined, touches: (x: Position) => string[], scenarioCount?: number): number {
  const cross = p.positions.filter((x) => x.isolatedMargin === undefined);
  const nets = new Map<string, Decimal>();
  for (const x of cross) nets.set(x.symbol, (nets.get(x.symbol) ?? new D(0)).plus(x.quantity));
  const open = [...nets].filter(([, q]) => !q.isZero()).map(([sym]) => sym);
  // Realised cash can add one balance per settlement currency the account trades in.
  const balances = p.collateral.length + new Set(open.map((sym) => m.instruments.get(sym)!.settlementCurrency)).size;
  const whole = p.positions.length + balances;
  const sizeOf = (us: readonly string[] | undefined) => (us ? cross.filter((x) => touches(x).some((u) => us.includes(u))).length + balances : whole);
  const hoods = new Map<string, number>();
  let perRound = 0;
  for (const sym of open) {
    const us = units?.get(sym);
    const size = sizeOf(us);
    hoods.set(us ? us.join('\u0000') : '', size);
    perRound += size + 1;
  }
  for (const size of hoods.values()) perRound += size + 1;
  perRound += MAX_VERIFY * (whole + 1);
  const needsSet = margin.mode === 'portfolio' || margin.isolated.mode === 'portfolio';
  const scenarios = scenarioCount ?? (needsSet ? buildScenarioSet(margin, m).scenarios.length : 0);
  return (open.length * perRound + (MAX_BISECTION + 1) * (whole + 1)) * scenarioFactor(scenarios);
}

/** Candidate order: free closes first, then relief per unit of cost, futures before options on a tie, then symbol. */
const byScore = (a: Candidate, b: Candidate) =>
  (a.free === b.free ? 0 : a.free ? -1 : 1) || b.score.comparedTo(a.score) || (a.future === b.future ? 0 : a.future ? -1 : 1) || compareKeys(a.symbol, b.symbol);

/** The plan on parsed inputs (the body of {@link reductionPlan}). */
function planReduction(c: PlanContext): { trades: ParsedTrade[]; reliefs: Decimal[]; before: AccountSnapshot; after: AccountSnapshot } {
  const { k } = c;
  const evaluate = (p: Portfolio) => evaluateAccount(p, c.market, c.margin, c.health, c.context);
  const before = evaluate(c.p0);
  let snap = before;
  let current = c.p0;
  const trades: ParsedTrade[] = [];
  const reliefs: Decimal[] = [];
  // Net cross quantity per symbol, as the trades leave it (each symbol is traded at most once).
  const nets = new Map<string, Decimal>();
  for (const x of c.p0.positions) if (x.isolatedMargin === undefined) nets.set(x.symbol, (nets.get(x.symbol) ?? new D(0)).plus(x.quantity));
  const symbols = [...nets.keys()].sort(compareKeys);
  while (shortageOf(snap, k).gt(0)) {
    const shortage = shortageOf(snap, k);
    // Score every open symbol's full close on the part of the account it can change.
    const parts = new Map<string, { part: Portfolio; shortage: Decimal }>();
    const candidates: Candidate[] = [];
    for (const symbol of symbols) {
      const net = nets.get(symbol)!;
      if (net.isZero()) continue;
      const trade = closingTrade(c, symbol, net.neg());
      const units = c.units?.get(symbol);
      const key = units ? units.join('\u0000') : '';
      let base = parts.get(key);
      if (!base) {
        const part = units ? neighbourhood(c, current, units) : current;
        parts.set(key, (base = { part, shortage: part === current ? shortage : shortageOf(evaluate(part), k) }));
      }
      const s2 = evaluate(afterTrade(c, base.part, trade));
      const relief = base.shortage.minus(shortageOf(s2, k));
      if (!relief.gt(0)) continue;
      // Relief per unit of cost; a free close ranks by relief alone, ahead of any costly one.
      const free = trade.fee!.isZero();
      const cand: Candidate = { symbol, net, trade, score: free ? relief : relief.div(trade.fee!), free, future: c.market.instruments.get(symbol)!.kind === 'future' };
      // Scored on the whole account already: no second evaluation to verify it.
      if (base.part === current) cand.snap = s2;
      candidates.push(cand);
    }
    candidates.sort(byScore);
    // The best candidate whose relief holds on the whole account (evaluated the way simulate evaluates the trades).
    let best: { candidate: Candidate; snap: AccountSnapshot } | undefined;
    for (const cand of candidates.slice(0, MAX_VERIFY)) {
      const s2 = cand.snap ?? evaluate(afterTrade(c, current, cand.trade));
      if (shortage.minus(shortageOf(s2, k)).gt(0)) {
        best = { candidate: cand, snap: s2 };
        break;
      }
    }
    if (!best) break;
    const { symbol, net } = best.candidate;
    let chosen = { trade: best.candidate.trade, snap: best.snap };
    if (!shortageOf(best.snap, k).gt(0)) {
      // Full close overshoots: bisect the smallest size (8 dp, rounded up in size) that still meets the target.
      let lo = new D(0);
      let hi = net.abs();
      const sign = net.gt(0) ? -1 : 1;
      for (let i = 0; i < MAX_BISECTION && hi.minus(lo).gt(new D(10).pow(-QTY_DP)); i++) {
        const mid = lo.plus(hi).div(2).toDecimalPlaces(QTY_DP, D.ROUND_CEIL);
        if (mid.eq(hi)) break;
        const trade = closingTrade(c, symbol, mid.mul(sign));
        const s2 = evaluate(afterTrade(c, current, trade));
        if (shortageOf(s2, k).gt(0)) lo = mid;
        else {
          hi = mid;
          chosen = { trade, snap: s2 };
        }
      }
    }
    reliefs.push(snap.mm.minus(chosen.snap.mm));
    trades.push(chosen.trade);
    current = afterTrade(c, current, chosen.trade);
    snap = chosen.snap;
    // Each symbol is traded once: closed in full, or partly as the last trade (the target is then met).
    nets.set(symbol, new D(0));
  }
  return { trades, reliefs, before, after: snap };
}

/**
 * A reduction plan: the closing trades at the mark that bring the account to the liquidation end,
 * maintenance equity >= MM x (1 + b) with `b = max(liquidation.endBuffer, status.marginCallBand)`:
 * never inside the margin-call band (a liquidation that stopped there would leave the account in
 * `margin_call`, one tick from the next liquidation), and not up to IM, which would over-liquidate. So
 * a plan that reaches its target leaves the account `reduce_only` or `healthy`. The comparison uses
 * the printed figures, as the status does.
 *
 * Each trade is charged `fee + slippage` of its notional at the mark (futures; an option's at the
 * index) and is booked by the library's one closing-trade model, the one `simulate` uses: the closed
 * position's value is paid in its settlement currency (coin for an inverse instrument), its funding and
 * the cost in the account's. The trades replayed through `simulate` (each with `fee` = its `cost`)
 * give exactly the plan's after-state.
 *
 * Greedy: at each step the position whose full close gives the most shortage relief per unit of cost
 * goes first (futures before options on a tie, then symbol order); the last one is closed only as far
 * as needed (bisection to 8 decimal places). A candidate's relief is measured on the part of the
 * account it can change, its risk units (its underlying's and its settlement coin's) and the collateral,
 * then confirmed on the whole account; with joint scenario sets or inter-unit credits (which couple
 * units) on the whole account. For a single linear perpetual this is the closed form
 * `shortage / (P x ((1 + b) x MMR - fee))`, P the mark. Isolated positions are left alone.
 * Greedy is not guaranteed minimal for every book; it is what exchanges' liquidation engines do, and
 * each step is the best single trade.
 *
 * Cost, bounded before any work (see {@link HEALTH_LIMITS}): at most one round per open symbol, each
 * evaluating every open symbol's close on its risk units, every such neighbourhood once and at most 2
 * closes on the whole account; then at most 108 whole-account evaluations (the start and the last
 * trade's bisection). Above `HEALTH_LIMITS.maxWork` item-evaluations the call is refused.
 *
 * @param portfolio raw or parsed portfolio.
 * @param market raw or parsed market snapshot.
 * @param params raw or parsed margin parameters (with optional `health`).
 * @throws MarginInputError for invalid input; `too_many` (argument `portfolio`, path `['positions']`)
 *   when the plan's worst case is above `HEALTH_LIMITS.maxWork`.
 * @example
 * ```ts
 * const plan = reductionPlan(bookNearLimit, market, params);
 * // MM 104,013.70 <= equity 121,919.98 < MM x (1 + 0.25) = 130,017.13 (default band 0.25):
 * plan.before.status; // 'margin_call'
 * plan.trades; // [{ symbol: 'BTC-PERP', quantity: '-0.4905057', cost: '245.375476425', maintenanceRelief: '6674.01675648' }]
 * // (Python reference: these figures, the trade's cost and relief, and that 1e-8 BTC-PERP less misses the target)
 * plan.reachesTarget; // true: plan.after.status is 'reduce_only' or 'healthy'
 * ```
 */
export function reductionPlan(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters): ReductionPlan {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const r = resolveParameters(params);
  checkAccount(p, m);
  return reductionPlanOf(p, m, r);
}

/**
 * {@link reductionPlan} on parsed, checked inputs. `supplied` (the engine built on supplied risk
 * arrays): the margin at the call's market, and the scenario count of its arrays for the work bound;
 * default: the library's own arrays. Internal (the engine's seam).
 */
export function reductionPlanOf(p: Portfolio, m: MarketSnapshot, r: ResolvedParameters, supplied?: { margin: (portfolio: Portfolio) => MarginResult; scenarios: number }): ReductionPlan {
  const band = r.health.status.marginCallBand;
  const buffer = D.max(r.health.liquidation.endBuffer, band);
  const k = new D(1).plus(buffer);
  const symbols = [...new Set(p.positions.map((x) => x.symbol))];
  const { units, touches } = riskUnitsOf(p, m, r.margin);
  checkWork(planWork(p, m, r.margin, units, touches, supplied?.scenarios), 'reductionPlan on this account', 'portfolio', ['positions']);
  const c: PlanContext = {
    p0: p,
    market: m,
    margin: r.margin,
    health: r.health,
    context: { margin: supplied ? supplied.margin : marginOver(m, r.margin, symbols) },
    k,
    costRate: r.health.liquidation.fee.plus(r.health.liquidation.slippage),
    touches,
  };
  if (units) c.units = units;
  const { trades, reliefs, before, after } = planReduction(c);
  const dp = r.margin.settlementPrecision;
  const side = (s: AccountSnapshot) => ({
    maintenanceEquity: decimalString(s.maintenanceEquity),
    maintenanceMargin: decimalString(s.mm),
    target: decimalString(roundRequirement(s.mm.mul(k), dp)),
    shortage: decimalString(roundRequirement(D.max(0, shortageOf(s, k)), dp)),
    status: s.status,
  });
  return {
    accountId: p.accountId,
    endBuffer: decimalString(buffer),
    before: side(before),
    trades: trades.map((t, i) => ({ symbol: t.symbol, quantity: decimalString(t.quantity), cost: decimalString(t.fee!), maintenanceRelief: decimalString(reliefs[i]!) })),
    after: side(after),
    reachesTarget: !shortageOf(after, k).gt(0),
  };
}
