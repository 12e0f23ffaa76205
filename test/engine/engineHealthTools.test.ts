import { describe, expect, it } from 'vitest';
import { createMarginEngine } from '../../src/engine/index.js';
import { liquidationPrices, reductionPlan } from '../../src/health/index.js';
import { PRESETS } from '../../src/presets/index.js';
import { HAND_BOOKS, HEALTH, outcome } from './fixtures.js';
import { sampleMarket } from '../helpers/sample.js';

// Property over the hand books: on an engine the library builds itself, engine.liquidationPrices and
// engine.reductionPlan are the one-shot tools at the engine's market and parameters (same JSON, or
// the same error codes and paths).
describe('engine.liquidationPrices / engine.reductionPlan = the one-shot tools', () => {
  const market = sampleMarket();
  const sets = [
    ['deribit-pm+health', { ...PRESETS['deribit-pm'], id: 'pm-health', health: HEALTH }],
    ['deribit-standard', PRESETS['deribit-standard']],
  ] as const;
  for (const [name, params] of sets) {
    it(name, () => {
      const engine = createMarginEngine(market, params);
      for (const [bookName, book] of HAND_BOOKS) {
        expect(outcome(() => engine.reductionPlan(book)), `${bookName} plan`).toEqual(outcome(() => reductionPlan(book, market, params)));
        expect(outcome(() => engine.liquidationPrices(book)), `${bookName} liquidation`).toEqual(outcome(() => liquidationPrices(book, market, params)));
      }
    }, 120_000);
  }
});
