import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { createMarginEngine } from '../../src/engine/index.js';
import { POPULATIONS, movedPrices, type Population } from './populations.js';
import { checkPopulation, type PopulationOutcome } from './checkPopulation.js';

// The exactness property of issue 10: engine.figures (compiled handles, on the tick they were compiled
// on and on a moved tick) equals the fields of engine.assess byte for byte, over about 20,000 seeded
// random accounts per run; and the kernel, not the Decimal path, serves the large majority of each
// population (a property that always fell back would prove nothing). Budget: well under a minute.
const COUNTS: Record<string, number> = {
  'bench 20-position accounts, deribit-pm': 2000,
  'whales, deribit-pm': 1000,
  'boundaries and thresholds, deribit-pm and span-cme-16': 6000,
  'sample market, portfolio presets, with and without haircuts and borrowing': 7000,
  'joint scenario sets and inter-unit credits': 1500,
  'coin-settled (BTC) books, deribit-pm: inverse futures, perpetual and options in the coin': 1500,
  'sample market, deribit-pm with a risk-unit group and a capped P&L offset': 1000,
};

const outcomes: PopulationOutcome[] = [];

describe('figures equals the fields of assess, byte for byte (kernel property)', () => {
  POPULATIONS.forEach((pop: Population, k) => {
    it(pop.name, () => {
      const out = checkPopulation(pop, COUNTS[pop.name] ?? 1000, 0x5eed + k, createMarginEngine, movedPrices, rng);
      outcomes.push(out);
      expect(out.mismatches, out.mismatches.slice(0, 3).join('\n')).toEqual([]);
      expect(out.kernel / out.evaluations).toBeGreaterThanOrEqual(pop.minKernelShare);
    });
  });
  it('covers at least 20,000 accounts and every status', () => {
    const accounts = outcomes.reduce((s, o) => s + o.accounts, 0);
    expect(accounts).toBeGreaterThanOrEqual(20_000);
    const statuses = new Set(outcomes.flatMap((o) => [...o.statuses]));
    expect([...statuses].sort()).toEqual(['bankrupt', 'healthy', 'liquidatable', 'margin_call', 'reduce_only']);
  });
});
