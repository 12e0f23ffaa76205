/**
 * The result of `spanRequirement`: plain JSON (strings and numbers), money as decimal strings.
 *
 * Totals (`initial`, `maintenance`, ...) are in `currency`, the account's currency, rounded up to
 * `decimals` places (requirements) or down (the net option value credited). Figures inside
 * `byCombinedCommodity` are in that commodity's own currency (`currency` there), rounded the same
 * way for display; every total is computed from the exact values, not from the rounded ones.
 * Deltas are in contracts of delta-scaled underlying; spread counts are fractional unless the
 * `wholeSpreads` option is set.
 */
export interface SpanRequirementResult {
  clearingOrg: string;
  businessDate: string;
  /** The account type whose rates were used (e.g. `'SPEC'`), or `'default'` when the file defines none. */
  accountType: string;
  currency: string;
  /** `'deduct'`: requirements are net of the net option value (what the account must post); `'separate'`: risk only. */
  optionValue: 'deduct' | 'separate';
  /** Which of `initial` and `maintenance` the caller asked for, echoed in `requirement`. */
  requirementType: 'initial' | 'maintenance';
  requirement: string;
  initial: string;
  maintenance: string;
  /** SPAN risk requirements before the net option value. */
  riskInitial: string;
  riskMaintenance: string;
  /** Net option value of premium-style options: positive when long. */
  netOptionValue: string;
  byCombinedCommodity: SpanCommodityResult[];
  /** Inter-commodity spreads formed, in priority order. */
  interSpreads: SpanSpreadResult[];
}

/** The explanation of one combined commodity (amounts in its own `currency`). */
export interface SpanCommodityResult {
  combinedCommodity: string;
  currency: string;
  /** Factor to the account currency (`1` when the same). */
  conversionFactor: string;
  positions: SpanPositionResult[];
  scanTiers: SpanScanTierResult[];
  scanRisk: string;
  intraSpreads: SpanSpreadResult[];
  intraCharge: string;
  spotMonths: SpanSpotResult[];
  spotCharge: string;
  interCredit: string;
  shortOptionMinimum: SpanShortOptionMinimumResult;
  /** `max(scan + intra + spot - inter, SOM, 0)` (or the KDPW order), the base maintenance risk. */
  risk: string;
  limitOptionValue: boolean;
  netOptionValue: string;
  maintenanceFactor: string;
  initialFactor: string;
  riskMaintenance: string;
  riskInitial: string;
  maintenance: string;
  initial: string;
}

export interface SpanPositionResult {
  exchange: string;
  productCode: string;
  productType: string;
  period: string;
  right?: 'C' | 'P';
  strike?: string;
  quantity: string;
  /** Composite delta per contract, delta scaling applied. */
  delta: string;
  price?: string;
}

export interface SpanScanTierResult {
  tier: number;
  start?: string;
  end?: string;
  scanRisk: string;
  activeScenario: number;
  pairedScenario: number;
  timeRisk: string;
  priceRisk: string;
  volatilityRisk: string;
  netDelta: string;
  /** Loss per scenario (1..16), loss positive. */
  losses: string[];
}

export interface SpanSpreadLegResult {
  combinedCommodity: string;
  tier?: number;
  period?: string;
  side: 'A' | 'B';
  ratio: string;
  deltaBefore: string;
  deltaConsumed: string;
  /** Weighted futures price risk of the leg (method W). */
  weightedPriceRisk?: string;
  /** The leg's share: charge (intra) or credit (inter), in the leg commodity's currency. */
  amount?: string;
}

export interface SpanSpreadResult {
  kind: 'intra' | 'inter';
  priority: number;
  method: 'F' | 'P' | 'W' | 'S';
  rate: string;
  spreads: string;
  legs: SpanSpreadLegResult[];
  /** Charge (intra) or credit (inter); for an inter spread, the sum of the legs' credits (each in its commodity's currency). */
  amount: string;
}

export interface SpanSpotResult {
  period: string;
  consumedDelta: string;
  remainingDelta: string;
  spreadRate: string;
  outrightRate: string;
  charge: string;
}

export interface SpanShortOptionMinimumResult {
  method: 'sum' | 'max';
  shortCalls: string;
  shortPuts: string;
  tiers: { tier: number; rate: string; shortCalls: string; shortPuts: string; amount: string }[];
  amount: string;
}
