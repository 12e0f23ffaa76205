import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginResult } from '../margin/MarginResult.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString, roundValue } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { evaluateAccount } from './evaluateAccount.js';
import { checkWork, scenarioFactor, type HEALTH_LIMITS } from './healthLimits.js';
import { marginOver } from './marginOver.js';
import { buildScenarioSet } from '../scenarios/buildScenarioSet.js';
import type { PriceRangeSpec } from '../scenarios/ScenarioSpec.js';
import { settlementUnderlying } from '../scenarios/settlementUnderlying.js';
import type { HealthParameters } from './HealthParameters.js';
import { resolveParameters, type ResolvedParameters } from './resolveParameters.js';
import { shiftUnderlying } from './shiftUnderlying.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

/** A level of one underlying's index at which a condition starts to hold. */
export interface PriceLevel {
  /** Index level, quote currency per unit (8 decimal places at most). */
  price: string;
  /** Relative move from the current index (-0.1 = -10%), 10 decimal places. */
  move: string;
  /** Maintenance equity (liquidation) or equity (bankruptcy) at that level, rounded down. */
  equity: string;
  /** MM at that level (requirement incl. charges, rounded up). */
  maintenanceMargin: string;
  /** `equity - maintenanceMargin` (liquidation) or `equity` (bankruptcy) from the exact equity: the residual, at most a bracket's worth. */
  gap: string;
}

/** Liquidation and bankruptcy levels of one underlying, searched downwards and upwards from the current index. */
export interface UnderlyingLiquidation {
  underlying: string;
  index: string;
  /**
   * First level (nearest the current index) at which maintenance equity meets MM: exactly (gap 0, where
   * the secant step lands on it, as for a linear book) or first below it (gap < 0, within the
   * tolerance); `null` if none within the searched range.
   */
  liquidation: { down: PriceLevel | null; up: PriceLevel | null };
  /** First level at which equity meets 0, in the same sense (gap 0, or first below). */
  bankruptcy: { down: PriceLevel | null; up: PriceLevel | null };
  /** True when the account is already liquidatable at the current index (then both liquidation levels are the index). */
  alreadyLiquidatable: boolean;
}

/** Result of {@link liquidationPrices}. */
export interface LiquidationPrices {
  accountId: string;
  settlementCurrency: string;
  /** Searched range and tolerance (relative moves and price tolerance, from `params.health.liquidation.search`). */
  search: { maxDown: string; maxUp: string; steps: number; tolerance: string };
  underlyings: UnderlyingLiquidation[];
}

/** A futures position without an entry price has settled to the current mark; pin it there so that a moved market shows its P&L. */
function pinEntries(p: Portfolio, m: MarketSnapshot): Portfolio {
  const positions = p.positions.map((x) => {
    const inst = m.instruments.get(x.symbol);
    const mark = m.marks.get(x.symbol)?.price;
    return inst?.kind === 'future' && x.entryPrice === undefined && mark !== undefined && mark.gt(0) ? { ...x, entryPrice: mark } : x;
  });
  return parsePortfolio({ ...p, positions, collateral: p.collateral.map((c) => ({ ...c })) });
}

const PRICE_DP = 8;

interface Point {
  price: Decimal;
  liq: Decimal;
  bank: Decimal;
  equity: Decimal;
  maintenanceEquity: Decimal;
  mm: Decimal;
}

/**
 * Searches one direction for the first sign change of `which` (from >= 0 to < 0), scanning then
 * bisecting, then trying the secant point (exact for a linear book). Non-monotone books (options) are
 * why it scans outward from the current index instead of bisecting the whole range.
 */
function searchDirection(evalAt: (price: Decimal) => Point, S: Decimal, grid: Decimal[], which: 'liq' | 'bank', tol: Decimal, maxBisection: number): Point | null {
  let prev = evalAt(S);
  if (prev[which].lt(0)) return prev;
  for (const price of grid) {
    const cur = evalAt(price);
    if (cur[which].lt(0)) {
      let safe = prev;
      let bad = cur;
      const width = tol.mul(S);
      for (let k = 0; k < maxBisection && safe.price.minus(bad.price).abs().gt(width); k++) {
        const mid = safe.price.plus(bad.price).div(2).toDecimalPlaces(PRICE_DP, D.ROUND_HALF_EVEN);
        if (mid.eq(safe.price) || mid.eq(bad.price)) break;
        const pm = evalAt(mid);
        if (pm[which].lt(0)) bad = pm;
        else safe = pm;
      }
      // Secant through the final bracket: for a book linear in the price it lands on the exact level.
      const fs = safe[which];
      const fb = bad[which];
      if (fs.minus(fb).gt(0)) {
        const guess = safe.price.minus(fs.mul(bad.price.minus(safe.price)).div(fb.minus(fs))).toDecimalPlaces(PRICE_DP, D.ROUND_HALF_EVEN);
        const between = guess.minus(safe.price).mul(guess.minus(bad.price)).lte(0);
        if (between && guess.gt(0)) {
          const pg = evalAt(guess);
          if (pg[which].isZero() || pg[which].lt(0)) return pg;
        }
      }
      return bad;
    }
    prev = cur;
  }
  return null;
}

/** The underlyings the search moves: those of the cross positions and of the collateral tied to an underlying. */
function searchedUnderlyings(p: Portfolio, market: MarketSnapshot): string[] {
  const underlyings = new Set<string>();
  for (const x of p.positions) if (x.isolatedMargin === undefined && !x.quantity.isZero()) underlyings.add(market.instruments.get(x.symbol)!.underlying);
  for (const c of p.collateral) {
    const u = market.assets.get(c.asset)?.underlying;
    if (u !== undefined && !c.balance.isZero() && market.underlyings.has(u)) underlyings.add(u);
  }
  return [...underlyings].sort();
}

/**
 * Bisection steps per bracket at most: the bracket starts within the searched range (at most
 * `max(maxDown, maxUp)` of the index wide) and halves until it is `tolerance` of the index wide;
 * never more than 200.
 */
function bisectionBound(search: HealthParameters['liquidation']['search']): number {
  const ratio = D.max(search.maxDown, search.maxUp).div(search.tolerance);
  return Math.min(200, Math.max(1, Math.ceil(Math.log2(ratio.toNumber())) + 1));
}

/**
 * True when the scenario set does not depend on the index levels the search moves (every price range
 * relative or absent, or volatility-derived from a given vol, and no aggregated-vector rule converted
 * at a settlement coin's index): the set built for the current market then serves every shifted
 * market, instead of being rebuilt per price point.
 */
function setIgnoresPrices(margin: MarginParameters, market: MarketSnapshot): boolean {
  const fixed = (r: PriceRangeSpec) => r.kind === 'relative' || (r.kind === 'volatility' && r.vol !== undefined);
  const specs = [margin.scenarios, margin.initialMargin.scenarios].filter((x) => x !== undefined);
  // The dampener and the offset cap are USD amounts, in a coin-settled market converted at the coin's index.
  const coin = specs.some((sp) => sp.aggregate !== undefined) && settlementUnderlying(market) !== undefined;
  // A spec without a price range (an explicit scenario list) moves by fixed relative amounts.
  return !coin && specs.every((sp) => (sp.priceRange === undefined || fixed(sp.priceRange)) && Object.values(sp.rangeByUnderlying).every(fixed));
}

/** Per-underlying search on a parsed account (the body of {@link liquidationPrices}). */
function liquidationSearch(portfolio: Portfolio, market: MarketSnapshot, margin: MarginParameters, health: HealthParameters, underlyings: readonly string[], marginAt: (market: MarketSnapshot, held: readonly string[]) => (portfolio: Portfolio) => MarginResult): UnderlyingLiquidation[] {
  const p = pinEntries(portfolio, market);
  const dp = margin.settlementPrecision;
  const symbols = p.positions.map((x) => x.symbol);
  const held = [...new Set(symbols)];
  const s = health.liquidation.search;
  const maxBisection = bisectionBound(s);
  const out: UnderlyingLiquidation[] = [];
  for (const u of underlyings) {
    const S = market.underlyings.get(u)!.index;
    const cache = new Map<string, Point>();
    const evalAt = (price: Decimal): Point => {
      const key = price.toFixed();
      const hit = cache.get(key);
      if (hit) return hit;
      const m2 = price.eq(S) ? market : shiftUnderlying(market, u, price, symbols);
      const snap = evaluateAccount(p, m2, margin, health, { margin: marginAt(m2, held) });
      const pt = { price, liq: snap.components.maintenanceEquity.minus(snap.mm), bank: snap.components.equity, equity: snap.equity, maintenanceEquity: snap.maintenanceEquity, mm: snap.mm };
      cache.set(key, pt);
      return pt;
    };
    // Denser near the current index: move_i = max x (i/N)^2.
    const grid = (max: Decimal, sign: 1 | -1) =>
      Array.from({ length: s.steps }, (_, k) => S.mul(new D(1).plus(max.mul(new D(k + 1).div(s.steps).pow(2)).mul(sign))).toDecimalPlaces(PRICE_DP, D.ROUND_HALF_EVEN)).filter((x) => x.gt(0));
    const down = grid(s.maxDown, -1);
    const up = grid(s.maxUp, 1);
    const level = (pt: Point | null, which: 'liq' | 'bank'): PriceLevel | null =>
      pt && {
        price: decimalString(pt.price),
        move: decimalString(pt.price.div(S).minus(1).toDecimalPlaces(10, D.ROUND_HALF_EVEN)),
        equity: decimalString(which === 'liq' ? pt.maintenanceEquity : pt.equity),
        maintenanceMargin: decimalString(pt.mm),
        gap: decimalString(roundValue(pt[which], dp)),
      };
    const now = evalAt(S);
    out.push({
      underlying: u,
      index: decimalString(S),
      liquidation: { down: level(searchDirection(evalAt, S, down, 'liq', s.tolerance, maxBisection), 'liq'), up: level(searchDirection(evalAt, S, up, 'liq', s.tolerance, maxBisection), 'liq') },
      bankruptcy: { down: level(searchDirection(evalAt, S, down, 'bank', s.tolerance, maxBisection), 'bank'), up: level(searchDirection(evalAt, S, up, 'bank', s.tolerance, maxBisection), 'bank') },
      alreadyLiquidatable: now.liq.lt(0),
    });
  }
  return out;
}

/**
 * Liquidation and bankruptcy prices of a whole portfolio, per underlying: the index level (every
 * forward, future and tied collateral asset of that underlying moving by the same relative amount,
 * option vols held, other underlyings fixed) at which maintenance equity meets MM, and at which equity
 * meets 0, searched downwards and upwards from the current index. Option books are not monotone in
 * the price, so each direction is scanned outward (`steps` points, denser near the current index)
 * to the first sign change, which is then bisected to a relative price `tolerance` and finished with a
 * secant step (exact for a linear book). The reported level is the first price on the breached side;
 * `gap` is the exact residual there. Isolated positions are left out (they have their own
 * allocation); a futures position without an entry price is taken as settled at the current mark.
 *
 * Cost, bounded before any work (see {@link HEALTH_LIMITS}): per searched underlying at most
 * `1 + 2 x steps + 4 x (B + 1)` account evaluations, `B = min(200, ceil(log2(max(maxDown, maxUp) /
 * tolerance)) + 1)` bisection steps per bracket (35 with the defaults), each evaluation counting the
 * account's positions and balances, the market's listed underlyings and assets and 48 more (it
 * re-prices the market). Above `HEALTH_LIMITS.maxWork` item-evaluations the call is refused. When the
 * scenario set does not depend on the index (relative price ranges, or volatility ranges from a given
 * vol) it is built once, not per price point.
 *
 * @param portfolio raw or parsed portfolio.
 * @param market raw or parsed market snapshot.
 * @param params raw or parsed margin parameters (with optional `health`; defaults otherwise).
 * @throws MarginInputError for invalid input; `too_many` (argument `params`, path
 *   `['health', 'liquidation', 'search', 'steps']`) when the search's worst case is above `HEALTH_LIMITS.maxWork`.
 * @example
 * ```ts
 * // dydxBook: 0.1 BTC-PERP long entered at 50,000 with 499 USDC, index 50,000: equity 499 + 0.1 x (P - 50,000)
 * // is 0 at P = 45,010, the bankruptcy price (dYdX's example).
 * liquidationPrices(dydxBook, perpMarket('50000'), params).underlyings[0].bankruptcy.down?.price; // '45010'
 * ```
 */
export function liquidationPrices(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters): LiquidationPrices {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const r = resolveParameters(params);
  checkAccount(p, m);
  return liquidationPricesOf(p, m, r);
}

/**
 * {@link liquidationPrices} on parsed, checked inputs. `supplied` (the engine built on supplied risk
 * arrays): the margin at a moved market, and the scenario count of those arrays for the work bound;
 * default: the library's own arrays at each moved market. Internal (the engine's seam).
 */
export function liquidationPricesOf(p: Portfolio, m: MarketSnapshot, r: ResolvedParameters, supplied?: { marginAt: (market: MarketSnapshot) => (portfolio: Portfolio) => MarginResult; scenarios: number }): LiquidationPrices {
  const s = r.health.liquidation.search;
  const underlyings = searchedUnderlyings(p, m);
  const needsSet = r.margin.mode === 'portfolio' || r.margin.isolated.mode === 'portfolio';
  const set = needsSet && !supplied ? buildScenarioSet(r.margin, m) : undefined;
  // Worst case, before any evaluation: per underlying the current point, both scan grids, and per
  // direction and condition one bracket bisected and a secant point.
  const evaluations = underlyings.length * (1 + 2 * s.steps + 4 * (bisectionBound(s) + 1));
  // Each evaluation re-prices the market (every listed underlying and asset, plus a fixed share).
  const items = p.positions.length + p.collateral.length + m.underlyings.size + m.assets.size + 48;
  checkWork(
    evaluations * (items + 1) * scenarioFactor(supplied?.scenarios ?? set?.scenarios.length ?? 0),
    `liquidationPrices: ${underlyings.length} underlying(s) x (1 + 2 x ${s.steps} steps + 4 x ${bisectionBound(s) + 1}) evaluations of ${items} items`,
    'params',
    ['health', 'liquidation', 'search', 'steps'],
  );
  const fixedSet = set && setIgnoresPrices(r.margin, m) ? set : undefined;
  const marginAt = supplied ? (m2: MarketSnapshot) => supplied.marginAt(m2) : (m2: MarketSnapshot, held: readonly string[]) => marginOver(m2, r.margin, held, fixedSet);
  return {
    accountId: p.accountId,
    settlementCurrency: p.settlementCurrency,
    search: { maxDown: decimalString(s.maxDown), maxUp: decimalString(s.maxUp), steps: s.steps, tolerance: decimalString(s.tolerance) },
    underlyings: liquidationSearch(p, m, r.margin, r.health, underlyings, marginAt),
  };
}
