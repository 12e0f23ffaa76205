import { describe, expect, it } from 'vitest';
import { computeMargin, MarginInputError, PRESETS } from '../../src/index.js';
import { sampleMarket } from '../helpers/sample.js';

// Regression (independent review): a grid range of 100% used to revalue an inverse future at a price
// of 0 (0/0 = NaN) and report a margin of 0. Every scenario move must stay above -100%.
const book = { accountId: 'r', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-USD-PERP-INV', quantity: '10000', entryPrice: '90000' }], collateral: [] };
const withRange = (scenarios: object) => {
  const p = structuredClone(PRESETS['deribit-pm']) as any;
  p.scenarios = { ...p.scenarios, ...scenarios };
  return p;
};
const issueOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof MarginInputError) return e.issues[0];
    throw e;
  }
  return undefined;
};

describe('scenario moves of -100% or beyond are invalid parameters', () => {
  it('a relative grid range of 1', () => {
    expect(issueOf(() => computeMargin(book, sampleMarket(), withRange({ priceRange: { kind: 'relative', range: '1' } })))).toMatchObject({ code: 'invalid_parameters', path: ['scenarios'], argument: 'params' });
  });
  it('a range multiple that reaches -100%', () => {
    expect(issueOf(() => computeMargin(book, sampleMarket(), withRange({ priceRange: { kind: 'relative', range: '0.4' }, tails: [{ rangeMultiple: '-3', volShock: 'up', weight: { kind: 'coverage', fraction: '0.33' } }] })))).toMatchObject({ code: 'invalid_parameters' });
  });
  it('a range just below 100% still margins, finite and positive', () => {
    const r = computeMargin(book, sampleMarket(), withRange({ priceRange: { kind: 'relative', range: '0.99' }, tails: [] }));
    expect(Number(r.maintenanceMargin)).toBeGreaterThan(0);
    expect(r.units[0]!.pnlVector.every(Number.isFinite)).toBe(true);
  });
});
