/**
 * The kernel property of issue 10 (engine.figures equals the fields of engine.assess, byte for byte),
 * split over three test files so that vitest's workers share it: test/kernel/figures.property.test.ts
 * (part 1, and the checks that the parts together cover every population and at least 20,000 accounts),
 * figures.property.part2.test.ts and figures.property.part3.test.ts. One file took about 70 s on one
 * worker, the longest of the suite, while the other workers ran out of files. Each population keeps
 * its count (20,000 accounts in all, and the boundary population's twins besides) and its seed
 * (0x5eed + its index in POPULATIONS), but a population split into chunks (CHUNKS) runs other
 * accounts than the single file did past its first chunk: chunk j > 0 draws from a seed of its own,
 * so the sample population's accounts 3,501-7,000 of the single file's stream are replaced by as
 * many new ones (same generator, same count; no account is run twice).
 */
import { expect, it } from 'vitest';
import { rng } from '../../bench/generate.js';
import { createMarginEngine } from '../../src/engine/index.js';
import { POPULATIONS, movedPrices } from './populations.js';
import { checkPopulation, type PopulationOutcome } from './checkPopulation.js';

/** Accounts generated per population (the boundary population adds a threshold twin to most of its accounts). */
export const COUNTS: Readonly<Record<string, number>> = {
  'bench 20-position accounts, deribit-pm': 2000,
  'whales, deribit-pm': 1000,
  'boundaries and thresholds, deribit-pm and span-cme-16': 6000,
  'sample market, portfolio presets, with and without haircuts and borrowing': 7000,
  'joint scenario sets and inter-unit credits': 1500,
  'coin-settled (BTC) books, deribit-pm: inverse futures, perpetual and options in the coin': 1500,
  'sample market, deribit-pm with a risk-unit group and a capped P&L offset': 1000,
};

/**
 * The populations of each part, balanced by CPU time (seconds of one run on a quiet core, 2026-12-02:
 * sample 15.7; bench 10.3 + coin 3.2 + grouped 2.8; boundaries 8.4 + whales 6.2 + joint 2.3).
 */
export const PARTS: readonly (readonly string[])[] = [
  ['sample market, portfolio presets, with and without haircuts and borrowing'],
  [
    'bench 20-position accounts, deribit-pm',
    'coin-settled (BTC) books, deribit-pm: inverse futures, perpetual and options in the coin',
    'sample market, deribit-pm with a risk-unit group and a capped P&L offset',
  ],
  ['boundaries and thresholds, deribit-pm and span-cme-16', 'whales, deribit-pm', 'joint scenario sets and inter-unit credits'],
];

/**
 * Populations run as several tests (chunks), so that no single test runs for long: chunk `j` of `n`
 * generates `COUNTS / n` accounts from seed `0x5eed + index + 0x1000 * j` (chunk 0 keeps the
 * population's own seed, hence its first accounts; the other seeds are disjoint from every
 * population's). The sample population was the longest test of the suite (about 16 s of CPU); in two
 * chunks its first took 98 s of vitest's 120 s timeout on a runner loaded about 4 times over (and once
 * passed it), hence four.
 */
export const CHUNKS: Readonly<Record<string, number>> = { 'sample market, portfolio presets, with and without haircuts and borrowing': 4 };

/**
 * One test per population (per chunk, see CHUNKS) of part `part` (0-based): no mismatch, the kernel's
 * share at least the population's minimum (a property that always fell back would prove nothing), and
 * every account of its count run. Returns the outcomes, filled as the tests run.
 */
export function propertyPart(part: number): PopulationOutcome[] {
  const outcomes: PopulationOutcome[] = [];
  for (const name of PARTS[part]!) {
    const k = POPULATIONS.findIndex((p) => p.name === name);
    const n = CHUNKS[name] ?? 1;
    const count = COUNTS[name]! / n;
    for (let j = 0; j < n; j++) {
      it(n === 1 ? name : `${name} (chunk ${j + 1} of ${n}, ${count} accounts)`, () => {
        const pop = POPULATIONS[k]!;
        const out = checkPopulation(pop, count, 0x5eed + k + 0x1000 * j, createMarginEngine, movedPrices, rng);
        outcomes.push(out);
        expect(out.mismatches, out.mismatches.slice(0, 3).join('\n')).toEqual([]);
        expect(out.kernel / out.evaluations).toBeGreaterThanOrEqual(pop.minKernelShare);
        expect(out.accounts).toBeGreaterThanOrEqual(count);
      });
    }
  }
  return outcomes;
}
