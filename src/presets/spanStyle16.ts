import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

/**
 * The SPAN 16-scenario set as a builder: price unchanged and +/-1/3, +/-2/3, +/-3/3 of the price
 * scan range, each with vol up and vol down (14 scenarios), plus two extreme moves of
 * `extremeMultiple` times the range with vol unchanged, of which only `coverage` counts.
 *
 * Sources (public): CME Group, "CME SPAN Methodology Overview"
 * https://www.cmegroup.com/clearing/risk-management/span-overview.html (risk arrays over price
 * change, volatility change and decrease in time to expiration; scan risk, intra-commodity spread
 * charge, short option minimum, inter-commodity credits) and CME's risk-array report description
 * https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46137504/Risk+Arrays+-+Standard
 * (scenarios 1-14 paired, 15 and 16 the extreme scenarios). Initial = 110% of maintenance, CME's
 * ratio for non-member accounts.
 *
 * The price scan range (15%), vol scan range (10 vol points), one-day time decay, short option
 * minimum (1% of the index per net short unit) and calendar spread charge (0.5%) are illustrative
 * values: a clearing house sets them per product (use `rangeByUnderlying`).
 */
function spanStyle(id: string, version: string, extremeMultiple: string, coverage: string, note: string): MarginParametersInput {
  return {
    id,
    version,
    source: `https://www.cmegroup.com/clearing/risk-management/span-overview.html; https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46137504/Risk+Arrays+-+Standard; ${note}`,
    mode: 'portfolio',
    settlementPrecision: 2,
    scenarios: {
      priceRange: { kind: 'relative', range: '0.15' },
      priceSteps: 3,
      gridOrder: 'span',
      volShocks: [
        { id: 'up', kind: 'absolute', size: '0.1' },
        { id: 'down', kind: 'absolute', size: '-0.1' },
      ],
      tails: [
        { rangeMultiple: extremeMultiple, volShock: 'none', weight: { kind: 'coverage', fraction: coverage } },
        { rangeMultiple: `-${extremeMultiple}`, volShock: 'none', weight: { kind: 'coverage', fraction: coverage } },
      ],
      timeStepDays: '1',
    },
    collateralInScenarios: false,
    addOns: {
      shortOptionMinimum: { rate: '0.01', netting: 'calls-or-puts', apply: 'floor' },
      calendarSpread: { rate: '0.005', includeOptions: true },
    },
    initialMargin: { multiplier: '1.1' },
    isolated: { mode: 'portfolio' },
  };
}

/** Classic SPAN: extreme moves 2x the price scan range at 35% coverage. */
export const SPAN_CLASSIC_16: MarginParametersInput = spanStyle('span-classic-16', '1', '2', '0.35', 'classic extreme scenarios: 2x the range, 35% coverage');

/** Current CME SPAN files: extreme moves 3x the price scan range at 33% coverage. */
export const SPAN_CME_16: MarginParametersInput = spanStyle('span-cme-16', '1', '3', '0.33', 'current CME files: 3x the range, 33% coverage');
