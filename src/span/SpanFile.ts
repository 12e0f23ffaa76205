import type { Decimal } from '../numeric/decimal.js';

/**
 * A clearing house's SPAN risk-parameter file, read by `parseSpanFile` from either CME's XML
 * "SPAN 4" format (`.spn`, the `spanFile` schema of CME's `spanrisk.xml`) or the positional expanded
 * unpacked format (`.pa2`). Both formats land in this one model, so the SPAN calculation does not care
 * which file it was given. Deeply frozen; every amount is an exact Decimal read from the file's digits
 * (never through a float).
 *
 * Units: risk-array values and charge rates are money in the currency of their combined commodity
 * (or product family), per one contract; deltas are in contracts of the delta-scaled underlying;
 * `priceMove` and `volMove` of a scenario are fractions of the price and volatility scan ranges.
 * Periods are the file's period codes: `YYYYMM`, optionally followed by a day (`YYYYMMDD`) or a
 * week code (`YYYYMMW1`).
 */
export interface SpanFile {
  /** Which text format the file was read from. */
  format: 'spn' | 'pa2';
  /** XML `fileFormat` (e.g. `'4.00'`) or the positional header's format code (e.g. `'U2'`). */
  fileFormat: string;
  /** Exchange complex / clearing organisation acronym (XML `ec`, positional record 0), e.g. `'CME'`. */
  clearingOrg: string;
  /** Business date as `YYYYMMDD`. */
  businessDate: string;
  /** Settlement (end of day) file, as opposed to an intraday one. */
  isSettlement: boolean;
  /** The risk scenarios (XML `pointDef`/`scanPointDef`; the standard 16 for a positional file). */
  scenarios: readonly SpanScenario[];
  /** Performance-bond rate definitions: which rate id is which account type, maintenance or initial. */
  rateDefs: readonly SpanRateDef[];
  /** Currency conversion factors: an amount in `from` times `factor` is the amount in `to`. */
  currencyConversions: readonly SpanCurrencyConversion[];
  /** Currencies the file defines, with their decimal places (XML `currencyDef`; empty for a positional file). */
  currencies: readonly { code: string; decimals: number }[];
  /** Product families with their contracts (risk arrays). */
  products: readonly SpanProductFamily[];
  /** Combined commodities: the unit SPAN margins together. */
  combinedCommodities: readonly SpanCombinedCommodity[];
  /** Inter-commodity spreads (credits between combined commodities), by priority. */
  interSpreads: readonly SpanSpread[];
  /**
   * What the file holds that this library does not use (unknown XML elements or positional record
   * types, and known ones outside the SPAN calculation such as super-spreads): kept as a list, never
   * dropped silently.
   */
  notUsed: readonly SpanNotUsed[];
}

/** An element or record type of the file that was read past (counted), with its first line. */
export interface SpanNotUsed {
  /** `'element'` (XML) or `'record'` (positional). */
  kind: 'element' | 'record';
  /** XML element path (`clearingOrg/superSpreads`) or positional record type (`'V'`). */
  name: string;
  /** Why it is not used: not part of the format as we know it, or known but outside the calculation. */
  reason: 'unknown' | 'unsupported';
  count: number;
  firstLine: number;
}

/**
 * One risk scenario. `priceMove` and `volMove` are fractions of the scan ranges (1/3, -2/3, ...),
 * `weight` the fraction of the loss the file's arrays already include (CME publishes scenarios 15
 * and 16 with the extreme-move cover fraction applied, so the arrays are used as they are);
 * `pairedPoint` is the scenario with the same price move and the opposite volatility move (absent
 * for the extreme scenarios).
 */
export interface SpanScenario {
  point: number;
  priceMove: Decimal;
  volMove: Decimal;
  weight: Decimal;
  pairedPoint?: number;
}

/** A performance-bond rate id: account type (e.g. `'SPEC'`, `'HEDGE'`, `'MEMBER'`), customer or house, maintenance or initial. */
export interface SpanRateDef {
  r: number;
  isCustomer: boolean;
  accountType: string;
  isMaintenance: boolean;
  pbClass: string;
}

/** `amount_in_to = amount_in_from * factor`. */
export interface SpanCurrencyConversion {
  from: string;
  to: string;
  factor: Decimal;
}

/** Identifies a product family: exchange acronym, product code and product type (`FUT`, `OOF`, `OOP`, `PHY`, ...). */
export interface SpanProductKey {
  exchange: string;
  code: string;
  type: string;
}

/**
 * A product family: all contracts of one product code and type at one exchange.
 *
 * - `contractValueFactor`: money per one unit of price, per contract (prices times it give values).
 * - `optionStyle`: `'premium'` (the premium is paid: net option value counts) or `'futures'`
 *   (futures-style options, no net option value); absent for non-options.
 * - `underlying`: for options, the product family of the underlying.
 */
export interface SpanProductFamily extends SpanProductKey {
  /** XML `pfId` (as a string); positional files have none. */
  id?: string;
  name?: string;
  currency: string;
  contractValueFactor: Decimal;
  optionStyle?: 'premium' | 'futures';
  underlying?: SpanProductKey;
  contracts: readonly SpanContract[];
  line: number;
}

/**
 * One contract and its risk arrays.
 *
 * - `period`: the contract's period code (for an option, the option series period).
 * - `underlyingPeriod`: for an option on a future, the underlying future's period (SPAN spreads an
 *   option's delta in the month of its underlying).
 * - `arrays`: one risk array per rate id (`r`, usually just 1): the loss of one long contract in
 *   each scenario (loss positive, gain negative), `delta` the composite delta.
 * - `deltaScale`: delta scaling factor (positional record B; 1 otherwise).
 * - `price`: settlement price (premium for an option), quote units; `strike` in the same units.
 */
export interface SpanContract {
  id: string;
  period: string;
  underlyingPeriod?: string;
  right?: 'C' | 'P';
  strike?: Decimal;
  price?: Decimal;
  arrays: readonly SpanRiskArray[];
  deltaScale: Decimal;
  /** Expiration / settlement date `YYYYMMDD` when the file gives one. */
  expiry?: string;
  line: number;
}

/**
 * A risk array for rate id `r`: the loss of one long contract in scenario `s` is exactly
 * `units[s] / 10^scale` (money), read digit by digit from the file (`units` are integers below 2^53,
 * so no precision is lost; `riskArrayValues` gives them as Decimals). Stored this way because a
 * real file holds millions of values: a Decimal each would take ten times the memory.
 * `delta` is the composite delta.
 */
export interface SpanRiskArray {
  r: number;
  scale: number;
  units: readonly number[];
  delta: Decimal;
}

/** A rate value for one rate id. */
export interface SpanRate {
  r: number;
  value: Decimal;
}

/** Per-month per-spread rates (`chargeMeth` `P`): charge per spread = `perSpread + perMonth * months between legs` (+ `value`). */
export interface SpanPerMonthRate {
  r: number;
  value: Decimal;
  perMonth: Decimal;
  perSpread: Decimal;
}

/** A tier: a range of periods (`start`..`end`, inclusive) of one combined commodity; `rates` for SOM tiers. */
export interface SpanTier {
  tier: number;
  start?: string;
  end?: string;
  rates: readonly SpanRate[];
}

/**
 * One leg of a spread: combined commodity `cc`, either a `tier` (tier number, 0 = the whole
 * commodity) or a `period`; `side` A or B (A legs on one side of the market, B legs on the other);
 * `ratio` = delta per spread; `required` false when the spread may form without this leg.
 */
export interface SpanSpreadLeg {
  cc: string;
  exchange?: string;
  tier?: number;
  period?: string;
  side: 'A' | 'B';
  ratio: Decimal;
  required: boolean;
}

/**
 * A delta spread (intra- or inter-commodity), formed in priority order.
 *
 * - `method`: `'F'` flat rate (money per spread), `'P'` per month per spread, `'W'` weighted price
 *   risk (rate = fraction of the weighted futures price risk), `'S'` scanning-based (not computed here).
 * - `rates`: per rate id; money per spread for `F`, a fraction for `W` (inter-commodity credit rates
 *   are fractions too: 0.55 = 55%).
 */
export interface SpanSpread {
  priority: number;
  method: 'F' | 'P' | 'W' | 'S';
  rates: readonly SpanRate[];
  perMonthRates: readonly SpanPerMonthRate[];
  legs: readonly SpanSpreadLeg[];
  /** Spreads may form only if at least this many legs are present (positional record 6); default all required legs. */
  minimumLegs?: number;
  line: number;
}

/** Delivery (spot) month charge rates: per delta consumed by intra spreads and per delta remaining as outright. */
export interface SpanSpotRate {
  r: number;
  period: string;
  spreadRate: Decimal;
  outrightRate: Decimal;
}

/** `requirement(r) = requirement(baseR) * value`: how the file derives one rate id's requirement from another (e.g. initial from maintenance). */
export interface SpanAdjustment {
  r: number;
  baseR: number;
  value: Decimal;
}

/**
 * A combined commodity: the product families margined together, and every SPAN parameter of the
 * calculation for them.
 *
 * - `riskExponent`: already applied to the risk arrays (kept for the explanation).
 * - `limitOptionValue`: cap the risk of long options at their value (XML `capAnov`, positional record 2).
 * - `wfprMethod`: weighted futures price risk method (`'NORMAL'` or a file code).
 * - `somMethod`: short option minimum method: `'sum'` of short calls and puts, or `'max'` of the two.
 */
export interface SpanCombinedCommodity {
  code: string;
  exchange?: string;
  name?: string;
  currency: string;
  riskExponent: number;
  limitOptionValue: boolean;
  wfprMethod: string;
  somMethod: 'sum' | 'max';
  products: readonly SpanProductKey[];
  scanTiers: readonly SpanTier[];
  intraTiers: readonly SpanTier[];
  interTiers: readonly SpanTier[];
  somTiers: readonly SpanTier[];
  intraSpreads: readonly SpanSpread[];
  spotRates: readonly SpanSpotRate[];
  adjustments: readonly SpanAdjustment[];
  line: number;
}
