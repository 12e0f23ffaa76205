/** Small hand-made markets and parameter sets shared by the margin tests. */
import type { InstrumentInput, MarginParametersInput, ScenarioSpecInput } from '../../src/index.js';

export const ASOF = '2026-11-29T08:00:00Z';

export function perp(symbol: string, underlying: string, extra: Partial<InstrumentInput> = {}): InstrumentInput {
  return { symbol, kind: 'future', underlying, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', ...extra };
}

export function option(symbol: string, underlying: string, right: 'call' | 'put', strike: string, expiry: string): InstrumentInput {
  return { symbol, kind: 'option', underlying, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', expiry, right, strike };
}

/** A plain grid: +/-16% in 4 steps per side, the given vol states, no tails, no add-ons. */
export function gridParams(extra: Partial<MarginParametersInput> = {}, scen: Partial<ScenarioSpecInput> = {}): MarginParametersInput {
  return {
    id: 'test-grid',
    version: '1',
    source: 'hand calculation',
    mode: 'portfolio',
    settlementPrecision: 2,
    scenarios: {
      priceRange: { kind: 'relative', range: '0.16' },
      priceSteps: 4,
      volShocks: [{ id: 'same', kind: 'none' }],
      ...scen,
    },
    collateralInScenarios: false,
    ...extra,
  };
}
