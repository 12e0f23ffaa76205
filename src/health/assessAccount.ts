import { equityBreakdown, type AccountEquity } from '../collateral/accountEquity.js';
import type { MarginResult } from '../margin/MarginResult.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString, roundValue } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import { safeCall, type SafeResult } from '../schema/MarginInputError.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import { accountStatus, type AccountStatus } from './accountStatus.js';
import type { EvaluationContext } from './EvaluationContext.js';
import { evaluateAccount, type AccountSnapshot } from './evaluateAccount.js';
import type { HealthFlag } from './HealthFlag.js';
import { resolveParameters, type ResolvedParameters } from './resolveParameters.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';

/** Ratios in both conventions (10 decimal places, half-even); `null` where the denominator is not positive. */
export interface MarginRatios {
  /** MM / maintenance equity (Binance, Deribit: liquidation at >= 1). */
  maintenanceToEquity: string | null;
  /** Maintenance equity / MM (health factor: liquidation below 1). */
  equityToMaintenance: string | null;
  /** IM / initial equity. */
  initialToEquity: string | null;
  /** Initial equity / IM. */
  equityToInitial: string | null;
}

/** An isolated position assessed on its own allocation. */
export interface IsolatedAssessment {
  symbol: string;
  quantity: string;
  allocation: string;
  /** Allocation + the position's P&L / option value + its accrued funding, rounded down. */
  equity: string;
  initialMargin: string;
  maintenanceMargin: string;
  status: AccountStatus;
}

/** Identity of the parameter sets used (echoed, so a result names its methodology). */
export interface AssessmentParameters {
  margin: { id: string; version: string; mode: 'portfolio' | 'standard' };
  /** `defaulted: true` when the margin set had no `health` section and DEFAULT_HEALTH_PARAMETERS applied. */
  health: { id: string; version: string; defaulted: boolean };
}

/**
 * The health of one account, plain JSON. Money in the settlement currency as decimal strings:
 * equities rounded down, requirements rounded up, both to the margin set's `settlementPrecision`.
 */
export interface AccountAssessment {
  accountId: string;
  settlementCurrency: string;
  asOf: string;
  params: AssessmentParameters;
  status: AccountStatus;
  /** Cross equity at market value (collateral without haircuts). */
  equity: string;
  /** Adjusted equity for IM: collateral after initial haircuts. */
  initialEquity: string;
  /** Adjusted equity for MM: collateral after maintenance haircuts. */
  maintenanceEquity: string;
  /** IM from the margin engine plus the charges below. */
  initialMargin: string;
  /** MM from the margin engine plus the charges below. */
  maintenanceMargin: string;
  /** Maintenance charges added to both IM and MM. */
  charges: { borrow: string; staleness: string };
  ratios: MarginRatios;
  /** Adjusted equity minus requirement: positive = excess, negative = shortfall. */
  excess: { initial: string; maintenance: string };
  /** max(0, requirement - adjusted equity). */
  shortfall: { initial: string; maintenance: string };
  /** Status flag (when not healthy) with the numbers behind it, isolated flags, market-data flags. */
  flags: HealthFlag[];
  isolated: IsolatedAssessment[];
  equityBreakdown: AccountEquity;
  margin: MarginResult;
}

const ratio = (num: Decimal, den: Decimal): string | null => (den.gt(0) ? decimalString(num.div(den).toDecimalPlaces(10, D.ROUND_HALF_EVEN)) : null);

/** The status flag of an account (or an isolated position) with the numbers behind it; none when healthy. */
function statusFlag(status: AccountStatus, s: { equity: Decimal; initialEquity: Decimal; maintenanceEquity: Decimal; im: Decimal; mm: Decimal }, band: Decimal, isolated?: string): HealthFlag[] {
  if (status === 'healthy') return [];
  const values = {
    equity: decimalString(s.equity),
    initialEquity: decimalString(s.initialEquity),
    maintenanceEquity: decimalString(s.maintenanceEquity),
    initialMargin: decimalString(s.im),
    maintenanceMargin: decimalString(s.mm),
    marginCallLevel: decimalString(s.mm.mul(new D(1).plus(band))),
  };
  const who = isolated ? `isolated ${isolated}` : 'account';
  const message = {
    bankrupt: `${who}: equity ${values.equity} is below 0`,
    liquidatable: `${who}: maintenance equity ${values.maintenanceEquity} is below MM ${values.maintenanceMargin}`,
    margin_call: `${who}: maintenance equity ${values.maintenanceEquity} is below the margin-call level ${values.marginCallLevel} (MM x (1 + ${band.toFixed()}))`,
    reduce_only: `${who}: initial equity ${values.initialEquity} is below IM ${values.initialMargin}; only risk-reducing trades`,
  }[status];
  const flag: HealthFlag = { code: (isolated ? `isolated_${status}` : status) as HealthFlag['code'], message, values };
  if (isolated) flag.path = ['positions', isolated];
  return [flag];
}

/** Assessment JSON from an evaluated snapshot under resolved parameters (shared with simulate). Internal. */
export function assessmentFrom(snap: AccountSnapshot, portfolioId: { accountId: string; settlementCurrency: string }, asOf: string, r: ResolvedParameters): AccountAssessment {
  const band = r.health.status.marginCallBand;
  const dp = r.margin.settlementPrecision;
  const isolated: IsolatedAssessment[] = [];
  const isoFlags: HealthFlag[] = [];
  const remaining = [...snap.margin.isolated];
  for (const pos of snap.components.positions) {
    if (pos.isolatedMargin === undefined || pos.quantity.isZero()) continue;
    const k = remaining.findIndex((r) => r.symbol === pos.symbol && new D(r.quantity).eq(pos.quantity) && new D(r.allocation).eq(pos.isolatedMargin!));
    const r = k >= 0 ? remaining.splice(k, 1)[0]! : undefined;
    const eq = roundValue(pos.isolatedMargin.plus(pos.pnl).plus(pos.optionValue).plus(pos.funding), dp);
    const im = new D(r?.im ?? 0);
    const mm = new D(r?.mm ?? 0);
    const st = accountStatus({ equity: eq, initialEquity: eq, maintenanceEquity: eq, im, mm, marginCallBand: band });
    isolated.push({ symbol: pos.symbol, quantity: decimalString(pos.quantity), allocation: decimalString(pos.isolatedMargin), equity: decimalString(eq), initialMargin: decimalString(im), maintenanceMargin: decimalString(mm), status: st });
    isoFlags.push(...statusFlag(st, { equity: eq, initialEquity: eq, maintenanceEquity: eq, im, mm }, band, pos.symbol));
  }
  const s = snap;
  const exI = s.initialEquity.minus(s.im);
  const exM = s.maintenanceEquity.minus(s.mm);
  return {
    accountId: portfolioId.accountId,
    settlementCurrency: portfolioId.settlementCurrency,
    asOf,
    params: { margin: { id: r.margin.id, version: r.margin.version, mode: r.margin.mode }, health: { id: r.health.id, version: r.health.version, defaulted: r.defaulted } },
    status: s.status,
    equity: decimalString(s.equity),
    initialEquity: decimalString(s.initialEquity),
    maintenanceEquity: decimalString(s.maintenanceEquity),
    initialMargin: decimalString(s.im),
    maintenanceMargin: decimalString(s.mm),
    charges: { borrow: decimalString(s.borrowCharge), staleness: decimalString(s.stalenessCharge) },
    ratios: {
      maintenanceToEquity: ratio(s.mm, s.maintenanceEquity),
      equityToMaintenance: ratio(s.maintenanceEquity, s.mm),
      initialToEquity: ratio(s.im, s.initialEquity),
      equityToInitial: ratio(s.initialEquity, s.im),
    },
    excess: { initial: decimalString(exI), maintenance: decimalString(exM) },
    shortfall: { initial: decimalString(D.max(0, exI.neg())), maintenance: decimalString(D.max(0, exM.neg())) },
    flags: [...statusFlag(s.status, s, band), ...isoFlags, ...s.marketFlags],
    isolated,
    // Built from the components the snapshot already holds: equity is computed once per account.
    equityBreakdown: equityBreakdown(portfolioId.settlementCurrency, snap.components, dp),
    margin: s.margin,
  };
}

/**
 * Assesses one account: equity (and haircut-adjusted equities), IM and MM from the margin engine plus
 * borrow and staleness charges, ratios in both conventions, excess or shortfall, a status
 * (healthy / reduce_only / margin_call / liquidatable / bankrupt) from the thresholds in
 * `params.health`, and flags carrying the reason and numbers. Isolated positions are assessed on
 * their own allocation and flagged separately; stale or doubtful prices are flagged (and charged where
 * the parameters say).
 *
 * `params` is a margin parameter set (`MarginParameters`, raw or parsed); its optional `health` section
 * holds the {@link HealthParameters}. Without it, `DEFAULT_HEALTH_PARAMETERS` apply and the result says
 * so in `params.health.defaulted`.
 *
 * @param portfolio raw or parsed portfolio.
 * @param market raw or parsed market snapshot.
 * @param params raw or parsed margin parameters.
 * @param context optional seam for the batch engine (precomputed margin); see {@link EvaluationContext}.
 * @throws MarginInputError for invalid input, with code and path.
 * @example
 * ```ts
 * // Deribit's published example, 25 BTC-PERP at 100,000: MM 2,500,000 x (1% + 25 x 0.005%) = 28,125; with
 * // 140,625 USDC, MM / equity = 28,125 / 140,625 = 0.2.
 * const perp = { accountId: 'desk-1', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '25' }], collateral: [{ asset: 'USDC', balance: '140625' }] };
 * const a = assessAccount(perp, perpMarket('100000'), { ...DERIBIT_STANDARD_MARGIN, health: { id: 'desk', version: '1' } });
 * a.status; // 'healthy'
 * a.ratios.maintenanceToEquity; // '0.2'
 * ```
 */
export function assessAccount(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters, context?: EvaluationContext): AccountAssessment {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const r = resolveParameters(params);
  checkAccount(p, m);
  return assessmentFrom(evaluateAccount(p, m, r.margin, r.health, context), p, m.asOf, r);
}

/**
 * {@link assessAccount} without throwing: `{ success: true, data }` or `{ success: false, error }`.
 * The account may be any value (typed `unknown`: data not yet checked, such as a row from a queue or a
 * database), checked at run time exactly as `assessAccount` checks it; market and parameters are typed.
 *
 * @example
 * ```ts
 * const r = safeAssessAccount(book, market, params);
 * if (!r.success) r.error.issues[0].code;
 * ```
 */
export function safeAssessAccount(portfolio: unknown, market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters): SafeResult<AccountAssessment> {
  // The account may be anything (it is what arrives from outside): parsed first, as assessAccount does.
  return safeCall(() => assessAccount(parsePortfolio(portfolio), market, params));
}
