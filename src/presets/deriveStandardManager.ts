import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

/**
 * `derive-srm`: Derive (ex-Lyra) v2 standard manager, as data, with the values its test harnesses
 * set (the GitHub repository derivexyz/v2-core at commit 7736900d: the contract `StandardManager.sol`
 * and its unit-test cases `TestStandardManager_Cases.t.sol` and `..._Portfolio_Cases.t.sol`; written out in the methodology text's section 8).
 *
 * - Perps: MM 5%, IM 6.5% of |q| x perp mark.
 * - Short options, per unit: IM `max(0.15 - OTM/S, 0.10) * S`, call MM `0.075 * S`, put MM
 *   `max(0.075 * S, 0.075 * mark)`, put IM at least 1.05 x its MM (mark included), with S and OTM
 *   against the spot (`reference: 'spot'`); the short's mark stays in equity (`markInRequirement:
 *   false`); a long option's value is not margin (`longOptionCredit: false`) except through the
 *   expiry bound: per expiry, at most `value - min(worst payoff, 0) + 1.2 (IM) / 1.1 (MM) x forward x
 *   net short calls`. Option values are undiscounted (build the market with rate 0 and quoted forwards).
 * - IM only: confidence charges `(1 - c) * 0.4 * notional` below 0.4 for perps (min of spot and perp
 *   confidence, |q| x spot), options (per expiry, min of spot, forward and vol confidence, short
 *   units x spot) and base assets; stable de-peg below 0.98: `(0.98 - stable) * 1.2 * spot` per perp
 *   unit and short option unit.
 * - Base assets (collateral tied to an underlying): margin credit `0.8 x balance x spot` (MM and IM,
 *   IMScale 1), as in the portfolio harness (the other harness uses 0.1: set `collateralCharges.tied`).
 *
 * Sign convention: Derive returns margin = value - requirement (USDC); value = MtM + cash = the
 * library's equity at market value (base assets at spot / stable price). Derive's MM = equity -
 * maintenanceMargin and IM = equity - initialMargin.
 */
export const DERIVE_STANDARD_MANAGER: MarginParametersInput = {
  id: 'derive-srm',
  version: 'v2-core-7736900d-tests',
  source:
    'https://github.com/derivexyz/v2-core (7736900d), Derive v2 standard manager, test-harness values: src/risk-managers/StandardManager.sol, test/risk-managers/unit-tests/StandardManager; margin = equity - requirement',
  mode: 'standard',
  settlementPrecision: 18,
  standard: {
    futures: { default: { im: '0.065', mm: '0.05' } },
    options: {
      default: { imBase: '0.15', imFloor: '0.1', mm: '0.075', putMarkMm: '0.075', reference: 'spot', putImMmMultiple: '1.05', markInRequirement: false, longOptionCredit: false },
    },
    expiryBound: { unpairedCalls: { im: '1.2', mm: '1.1' } },
  },
  initialMargin: {
    addOns: {
      confidence: { futures: { threshold: '0.4', rate: '0.4' }, options: { threshold: '0.4', rate: '0.4', notional: 'short' } },
      depeg: { threshold: '0.98', factor: '1.2' },
    },
  },
  collateralCharges: {
    assets: {},
    tied: { maintenance: '0.2', initial: '0.2', basis: 'index' },
    confidence: { threshold: '0.4', rate: '0.4', indexCap: 'tied', onlyWhenCredited: true },
  },
  isolated: { mode: 'standard' },
};
