import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import type { DERIBIT_PORTFOLIO_MARGIN } from './deribitPortfolioMargin.js';

/**
 * Deribit's portfolio margin as it was before its 2024 redesign (segregated/cross PM), as data: the
 * `deribit-pm` preset of this library up to 0.1.0. Kept for comparison and for books margined under
 * the old rules; the current model is `deribit-pm` ({@link DERIBIT_PORTFOLIO_MARGIN}).
 *
 * Sources (public):
 * - Deribit, "Portfolio Margin": https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin
 *   (price range e.g. +/-16% in 9 evenly spaced buckets including zero; vol range up / same / down per
 *   bucket; extended table -66%, -33%, +50%, +100%, +200%, +300%, +400%, +500%, vol up only, a
 *   fraction of the P&L through a dampener).
 * - Paradex, "Portfolio Margin": https://docs.paradex.trade/risk/portfolio-margin (shocked IV =
 *   IV * (1 + shock * (30 / max(DTE floor, DTE))^vega power); tail weight 0.16 / |move|).
 * - Deribit's BTC parameters as republished by Oreome (priceRange 0.16, 4 steps, volRangeUp 0.5,
 *   volRangeDown 0.25, minVolForShockUp 0.5, vega power 0.30 below 30 days and 0.13 above):
 *   https://docs.oreome.com/docs/scenario/risk-scenario-advanced
 * - Contingencies from Deribit's earlier PM page (0.01 BTC per net short option per strike; 1% of
 *   underlying value for offsetting futures): https://www.deribit.com/pages/docs/portfoliomargin
 *
 * The IM/MM ratio (1.3) and the 1-day DTE floor are assumptions: Deribit sets them per currency and
 * shows them on its margin page. Deribit changes its parameters without notice; treat these as an
 * example and pin your own version.
 */
export const DERIBIT_PORTFOLIO_MARGIN_2023: MarginParametersInput = {
  id: 'deribit-pm-2023',
  version: '2025.1',
  source:
    'https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin; https://docs.paradex.trade/risk/portfolio-margin; https://docs.oreome.com/docs/scenario/risk-scenario-advanced; https://www.deribit.com/pages/docs/portfoliomargin',
  mode: 'portfolio',
  settlementPrecision: 2,
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
    tails: ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5'].map((move) => ({ move, volShock: 'up', weight: { kind: 'damped' as const, c: '0.16' } })),
  },
  collateralInScenarios: true,
  addOns: {
    shortOptionMinimum: { rate: '0.01', netting: 'per-strike', apply: 'add' },
    calendarSpread: { rate: '0.01', includeOptions: false },
  },
  initialMargin: { multiplier: '1.3' },
  standard: {
    futures: { default: { im: '0.02', mm: '0.01', imPerUnit: '0.00005', mmPerUnit: '0.00005' } },
    options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075', putMarkMm: '0.075' } },
  },
  isolated: { mode: 'standard' },
};
