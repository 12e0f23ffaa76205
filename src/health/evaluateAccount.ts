import { equityComponents, type EquityComponents } from '../collateral/equityComponents.js';
import { computeMargin } from '../margin/computeMargin.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginResult } from '../margin/MarginResult.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { roundRequirement, roundValue } from '../numeric/rounding.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import { accountStatus, type AccountStatus } from './accountStatus.js';
import type { HealthFlag } from './HealthFlag.js';
import type { EvaluationContext } from './EvaluationContext.js';
import type { HealthParameters } from './HealthParameters.js';
import { marketDataFlags } from './marketDataFlags.js';

/** Everything the health tools need about one account at one market, as Decimals (internal). */
export interface AccountSnapshot {
  margin: MarginResult;
  /** Exact equities (settlement currency) are `components.equity` and `components.maintenanceEquity`. */
  components: EquityComponents;
  /** Equities rounded down to the settlement precision. */
  equity: Decimal;
  initialEquity: Decimal;
  maintenanceEquity: Decimal;
  /** Requirements including the borrow and staleness charges, rounded up. */
  im: Decimal;
  mm: Decimal;
  borrowCharge: Decimal;
  stalenessCharge: Decimal;
  marketFlags: HealthFlag[];
  status: AccountStatus;
}

/**
 * Margin (via `computeMargin`), equity, charges and status of a parsed account at a parsed market.
 * Borrow and staleness charges are maintenance requirements added to both IM and MM, so that IM >= MM
 * still holds. Internal engine of assessAccount, liquidationPrices, reductionPlan and simulate.
 * `context.margin`, when given, replaces `computeMargin` (the batch engine's precomputed risk arrays).
 */
export function evaluateAccount(portfolio: Portfolio, market: MarketSnapshot, params: MarginParameters, health: HealthParameters, context?: EvaluationContext): AccountSnapshot {
  const margin = context?.margin ? context.margin(portfolio) : computeMargin(portfolio, market, params);
  const components = equityComponents(portfolio, market, health.collateral);
  const md = marketDataFlags(market, components, health);
  const dp = params.settlementPrecision;
  const charges = components.collateral.borrowCharge.plus(md.charge);
  const im = roundRequirement(new D(margin.initialMargin).plus(charges), dp);
  const mm = roundRequirement(new D(margin.maintenanceMargin).plus(charges), dp);
  const equity = roundValue(components.equity, dp);
  const initialEquity = roundValue(components.initialEquity, dp);
  const maintenanceEquity = roundValue(components.maintenanceEquity, dp);
  return {
    margin,
    components,
    equity,
    initialEquity,
    maintenanceEquity,
    im,
    mm,
    borrowCharge: roundRequirement(components.collateral.borrowCharge, dp),
    stalenessCharge: roundRequirement(md.charge, dp),
    marketFlags: md.flags,
    status: accountStatus({ equity, initialEquity, maintenanceEquity, im, mm, marginCallBand: health.status.marginCallBand }),
  };
}
