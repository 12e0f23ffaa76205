import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

/*
 * Derive (ex-Lyra) v2 portfolio margin, PMRM_2, as data. Written from the methodology text
 * (shared/methodologies/derive-v2.md, read from the contracts of derivexyz/v2-core at 7736900d:
 * src/risk-managers/PMRM_2.sol, PMRMLib_2.sol; lyra-utils Black76.sol, SVI.sol).
 *
 * Mapping onto the library:
 * - one PMRM_2 account margins one underlying: the market snapshot holds that underlying;
 * - the scenario list is explicit: user scenarios with a `move` (spot multiplier s = 1 + move) and a
 *   vol state, plus damped tails (weight c / |move|) and the two skew states (`linear`, `abs`);
 * - vol up / down: relative, term-scaled `(30 / max(days, 1))^p` with the short power up to and
 *   including 30 days (`switchInclusive`), the up state floored at `minVol`;
 * - static discounts on each expiry's shocked value and the basis floor are `scenarios.staticDiscount`
 *   and `scenarios.basisFloor`; MM / IM loss factors and the de-peg IM factor are `lossFactor`;
 * - contingencies: naked shorts (per strike) = `shortOptionMinimum`, perp = `futuresContingency`,
 *   confidence (IM only) = `confidence` and `collateralCharges.confidence`, collateral haircuts =
 *   `collateralCharges.assets` (per asset: maintenance = MM haircut, initial = MM + IM haircuts; the
 *   presets list none, add your assets);
 * - Derive's IM has no floor at MM (`initialMargin.floorAtMaintenance: false`).
 *
 * Sign convention: Derive returns margin = value - requirement (USDC, >= 0 healthy), with value =
 * MtM + cash. The library reports the requirement: Derive's MM = equity - maintenanceMargin and
 * Derive's IM = equity - initialMargin, where equity is the account's equity at market value (cash,
 * collateral at price / stable price, option marks, perp P&L and funding: `assessAccount(...).equity`)
 * with no equity haircuts (the haircuts are inside margin here).
 *
 * Market inputs the venue's feeds give: per expiry `rate` (`rateFloor: '0'` on the underlying: PMRM_2
 * floors rates at 0), `fixedForward` (the settlement average fixed in the last 30 minutes), `svi`
 * (or an `iv` per option), and the confidences of spot, perp, forward, rate, vol and collateral feeds;
 * asset prices divided by the stable price; the stable price itself as `market.peg`.
 */

/** The 23 regular scenarios of the test suite: s = 1.18 up, then each level down / none / up, then 0.82 up. */
const LEVELS = ['0.135', '0.09', '0.045', '0', '-0.045', '-0.09', '-0.135'];
const REGULAR_TEST: [string, string][] = [['0.18', 'up'], ...LEVELS.flatMap((m): [string, string][] => [[m, 'down'], [m, 'none'], [m, 'up']]), ['-0.18', 'up']];

/** The 23 regular scenarios of the deployment script: s = 1.18 up, each level up / none / down, 0.82 up. */
const REGULAR_MAINNET: [string, string][] = [['0.18', 'up'], ...LEVELS.flatMap((m): [string, string][] => [[m, 'up'], [m, 'none'], [m, 'down']]), ['-0.18', 'up']];

const user = (list: [string, string][]) => list.map(([move, volShock]) => ({ id: `${move}:${volShock}`, move, volShock }));
const skews = [
  { id: 'linear', volShock: 'linear', moves: {} },
  { id: 'abs', volShock: 'abs', moves: {} },
];
const skewShape = (shape: 'linear' | 'abs', base: string, perRootYear: string, kStarStatic: string, kStarPerRootYear: string) => ({
  id: shape,
  kind: 'skew' as const,
  skew: { shape, cap: { base, perRootYear }, kStar: { min: '0.01', width: '4', static: kStarStatic, perRootYear: kStarPerRootYear } },
});

/**
 * `derive-pmrm2`: Derive PMRM_2 with the base parameters of the venue's 139 portfolio test cases and
 * their 31-scenario list (23 regular, tails 0.34 / 0.67 / 1.5 / 2 / 3 / 4 up with weight
 * 0.036 / |s - 1|, linear and abs skews). Sources: the GitHub repository derivexyz/v2-core (7736900d),
 * its PMRM_2 unit tests' `portfolio_cases/*.json` (base `Parameters`), the
 * `PMRM_2.sol` / `PMRMLib_2.sol` contracts; written out in the methodology text's sections 1-6.
 * Settlement precision 18 (Derive's fixed point). See the file comment for the sign convention.
 */
export const DERIVE_PMRM2: MarginParametersInput = {
  id: 'derive-pmrm2',
  version: 'v2-core-7736900d-tests',
  source:
    'https://github.com/derivexyz/v2-core (7736900d), Derive v2 PMRM_2, test-suite base parameters: src/risk-managers/PMRM_2.sol, PMRMLib_2.sol, test/risk-managers/unit-tests/PMRM_2/portfolio_cases; margin = equity - requirement',
  mode: 'portfolio',
  settlementPrecision: 18,
  scenarios: {
    volShocks: [
      { id: 'up', kind: 'relative', size: '0.5', termScaled: true, minVol: '0.45' },
      { id: 'down', kind: 'relative', size: '-0.275', termScaled: true },
      skewShape('linear', '0.15', '-0.05', '0.6', '-0.1'),
      skewShape('abs', '0.15', '-0.05', '0.6', '-0.1'),
    ],
    termScaling: { referenceDays: '30', floorDays: '1', switchDays: '30', shortPower: '0.3', longPower: '0.13', switchInclusive: true },
    tails: ['-0.66', '-0.33', '0.5', '1', '2', '3'].map((move) => ({ move, volShock: 'up', weight: { kind: 'damped' as const, c: '0.036' } })),
    user: [...user(REGULAR_TEST), ...skews],
    staticDiscount: {
      long: { base: '0.95', rateMultiple: '1', rateAdd: '0.08' },
      short: { base: '1.04', rateMultiple: '0.5', rateAdd: '0.08' },
      shortCappedAtUndiscounted: true,
    },
    basisFloor: { up: '0.045', down: '-0.045', add: '0.5', perYear: '2' },
  },
  collateralInScenarios: true,
  lossFactor: { mm: '0.8', im: '1', depeg: { threshold: '0.98', factor: '2' } },
  addOns: {
    shortOptionMinimum: { rate: '0.003', netting: 'per-strike', apply: 'add' },
    futuresContingency: { rate: '0.015' },
  },
  initialMargin: {
    multiplier: '1',
    floorAtMaintenance: false,
    // IM add-ons replace the MM ones: MM + IM percents (0.003 + 0.002, 0.015 + 0.005), plus confidence.
    addOns: {
      shortOptionMinimum: { rate: '0.005', netting: 'per-strike', apply: 'add' },
      futuresContingency: { rate: '0.02' },
      confidence: { futures: { threshold: '0.55', rate: '1' }, options: { threshold: '0.55', rate: '1', notional: 'gross', withFutures: true } },
    },
  },
  collateralCharges: { assets: {}, confidence: { threshold: '0.55', rate: '1', indexCap: 'all' } },
  isolated: { mode: 'portfolio' },
};

/**
 * `derive-pmrm2-mainnet`: Derive PMRM_2 with the values of the venue's deployment script
 * (`scripts/config-mainnet.sol` in derivexyz/v2-core 7736900d; governance may have changed the live
 * values since) and its 33-scenario list (23 regular, tails 0.34 ... 6 up with weight
 * 0.1386 / |s - 1|, linear and abs skews).
 *
 * Flagged, kept as data: the script sets the long static discount base to 1.05 (positive expiry
 * values are marked UP 5%) and the short one to 0.95 (negative values marked down), the reverse of
 * the test suite's 0.95 / 1.04, with no rate term (multiples 0, add 0.16). Either the script is
 * inverted or production intends it; this preset reproduces the script, it does not correct it.
 */
export const DERIVE_PMRM2_MAINNET: MarginParametersInput = {
  ...DERIVE_PMRM2,
  id: 'derive-pmrm2-mainnet',
  version: 'v2-core-7736900d-mainnet-script',
  source:
    'https://github.com/derivexyz/v2-core (7736900d), Derive v2 PMRM_2, deployment script values: scripts/config-mainnet.sol, src/risk-managers/PMRM_2.sol, PMRMLib_2.sol (static discount bases 1.05 long / 0.95 short kept as the script has them); margin = equity - requirement',
  scenarios: {
    volShocks: [
      { id: 'up', kind: 'relative', size: '0.5', termScaled: true, minVol: '0.4' },
      { id: 'down', kind: 'relative', size: '-0.3', termScaled: true },
      skewShape('linear', '0.25', '-0.1', '0.6', '0'),
      skewShape('abs', '0.25', '-0.1', '0.6', '0'),
    ],
    termScaling: { referenceDays: '30', floorDays: '1', switchDays: '30', shortPower: '0.3', longPower: '0.13', switchInclusive: true },
    tails: ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5'].map((move) => ({ move, volShock: 'up', weight: { kind: 'damped' as const, c: '0.1386' } })),
    user: [...user(REGULAR_MAINNET), ...skews],
    staticDiscount: {
      long: { base: '1.05', rateMultiple: '0', rateAdd: '0.16' },
      short: { base: '0.95', rateMultiple: '0', rateAdd: '0.16' },
      shortCappedAtUndiscounted: true,
    },
    basisFloor: { up: '0.045', down: '-0.045', add: '0.5', perYear: '2' },
  },
  lossFactor: { mm: '0.8', im: '1', depeg: { threshold: '0.99', factor: '4' } },
  addOns: {
    shortOptionMinimum: { rate: '0.003', netting: 'per-strike', apply: 'add' },
    futuresContingency: { rate: '0.03' },
  },
  initialMargin: {
    multiplier: '1',
    floorAtMaintenance: false,
    addOns: {
      shortOptionMinimum: { rate: '0.005', netting: 'per-strike', apply: 'add' },
      futuresContingency: { rate: '0.04' },
      confidence: { futures: { threshold: '0.55', rate: '1' }, options: { threshold: '0.55', rate: '1', notional: 'gross', withFutures: true } },
    },
  },
};
