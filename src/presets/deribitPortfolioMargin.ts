import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

/**
 * Deribit's current portfolio margin model (its 2024 redesign, the "risk matrix"), as data, with the
 * BTC parameters of Deribit's published `private/pme/simulate` example (2024-06-17) as defaults.
 * For your account's live parameters use `fromDeribitModelParams` on the `model_params` Deribit
 * returns; this preset is what that function gives on the documented example.
 *
 * What Deribit publishes and this preset reproduces exactly (futures and perpetuals, single-currency
 * PM; the example reproduces to 1e-9 BTC, a golden case of the test suite):
 * - grid: `2 x 4 + 1` price moves from -16% to +16% from each instrument's own mark, x vol up / same /
 *   down (27 scenarios, Deribit's `standard` vector, in its order);
 * - extended table: -66%, -33%, +50%, +100%, +200%, +300%, +400%, +500% at vol up, each instrument's
 *   P&L in USD weighted `extended_table_factor x 0.16 / |move|` and converted back at the edge price
 *   `index x (1 +/- 0.16)` (Deribit's `extended` vector);
 * - `pnl_offset` (0: gains count 0) and `max_offsetable_pnl` (0 USD) on the aggregated grid vector;
 * - roll shock `0.01 x` the gross futures and perpetual position at the floor `min_annualised_move`;
 * - IM = worst case + roll shock + delta shock; MM = `mm_factor` 0.8 x IM.
 *
 * Documented choices (Deribit has not published them; each is a parameter you can change):
 * - the roll shock above its floor: `annualised_move_risk` 0.075 x years to expiry (linear; a
 *   square-root scaling is excluded by the example), per instrument, options' net delta per expiry included;
 * - the dampener: `(max(|move| / 0.16, 1) - 1) x 100,000 USD` off each aggregated extended loss, converted
 *   at the edge price, extended gains dropped (the one public formula, two third-party codes);
 * - the delta shock: `D x min(0.00005 x max(0, D - 20,000,000 USD / index), 0.1)` on the delta total `D`
 *   (futures and option deltas);
 * - options: Black-76 on the option's forward, moved with the index; vol up `max(iv x (1 + 0.5 x s), 0.5)`,
 *   down `max(iv x (1 - 0.25 x s), 0)` with `s = (30 / max(DTE, 1))^p`, `p` 0.3 below 30 days and
 *   0.13 from 30 days (Oreome's and Paradex's published shape; the 1-day floor is Paradex's);
 * - the extended table for options: the futures' rule, in the vol-up state;
 * - a unit's aggregated vector is one underlying's (Deribit aggregates per index); X:PM (cross-currency
 *   aggregation, correlation contingency, haircuts), MMP and open-order margin are not modelled;
 * - settlement precision 9 decimals (Deribit reports BTC and ETH to 1e-9 and below); requirements round
 *   up there (Deribit rounds its worst case to nearest at 9 decimals first: at most 1e-9 apart).
 *
 * The same BTC parameters apply to every underlying and settlement currency (a USDC account too); for
 * another index or currency, build the set from that index's `model_params`.
 *
 * Sources: https://docs.deribit.com/api-reference/account-management/private-simulate (the example's
 * `model_params`, vectors and margins); https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin
 * (grid, extended table, dampener); https://insights.deribit.com/exchange-updates/introducing-changes-to-deribit-portfolio-margin-model
 * (IM no longer 1.2 x MM; delta and roll shocks); https://docs.deribit.com/ API changelog (13.01.2026:
 * `pnl_offset` and `extended_dampener` act on the aggregated vectors; 03.12.2024: exponent notation);
 * https://docs.oreome.com/docs/scenario/risk-scenario-advanced and https://docs.paradex.trade/risk/portfolio-margin
 * (the vol-shock formula).
 */
export const DERIBIT_PORTFOLIO_MARGIN: MarginParametersInput = {
  id: 'deribit-pm',
  version: '2024-06-17',
  source:
    'https://docs.deribit.com/api-reference/account-management/private-simulate; https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin; https://insights.deribit.com/exchange-updates/introducing-changes-to-deribit-portfolio-margin-model; https://docs.oreome.com/docs/scenario/risk-scenario-advanced; https://docs.paradex.trade/risk/portfolio-margin',
  mode: 'portfolio',
  settlementPrecision: 9,
  scenarios: {
    priceRange: { kind: 'relative', range: '0.16' },
    priceSteps: 4,
    gridOrder: 'ascending',
    volShocks: [
      { id: 'up', kind: 'relative', size: '0.5', termScaled: true, minVol: '0.5' },
      { id: 'same', kind: 'none' },
      { id: 'down', kind: 'relative', size: '-0.25', termScaled: true },
    ],
    termScaling: { referenceDays: '30', floorDays: '1', switchDays: '30', shortPower: '0.3', longPower: '0.13' },
    tails: ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5'].map((move) => ({ move, volShock: 'up', weight: { kind: 'rangeOverMove' as const, factor: '1', pnlCurrency: 'index' as const } })),
    aggregate: { pnlOffset: '0', maxOffsetablePnl: '0', dampener: { amount: '100000', scaling: 'excessOverRange', gains: 'drop' } },
  },
  collateralInScenarios: true,
  addOns: {
    rollShock: { minAnnualisedMove: '0.01', annualisedMoveRisk: '0.075', includeOptions: true },
    deltaShock: { threshold: '20000000', incrementPerUnit: '0.00005', max: '0.1', includeOptions: true },
  },
  maintenanceMargin: { factorOfInitial: '0.8' },
};
