/** Parameter sets for the health tests, small enough to check by hand. */

/** Standard mode, futures only figures: IM 10%, MM 5% of notional (no size term); Deribit-like short options. */
export const STANDARD = {
  id: 'test-standard',
  version: '1',
  source: 'test: futures IM 10% / MM 5% of notional; short options Deribit-style',
  mode: 'standard',
  settlementPrecision: 2,
  standard: {
    futures: { default: { im: '0.1', mm: '0.05' } },
    options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075' } },
  },
} as const;

/** Portfolio mode: +/-15% in 5 steps a side x vol up/down 30%; IM = 1.25 x MM. */
export const PORTFOLIO = {
  id: 'test-portfolio',
  version: '1',
  source: 'test: +/-15% x vol +/-30% (relative), IM multiplier 1.25',
  mode: 'portfolio',
  settlementPrecision: 2,
  scenarios: {
    priceRange: { kind: 'relative', range: '0.15' },
    priceSteps: 5,
    volShocks: [
      { id: 'up', kind: 'relative', size: '0.3' },
      { id: 'down', kind: 'relative', size: '-0.3' },
    ],
  },
  initialMargin: { multiplier: '1.25' },
  standard: {
    futures: { default: { im: '0.1', mm: '0.05' } },
    options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075' } },
  },
} as const;
