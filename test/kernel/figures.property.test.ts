import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POPULATIONS } from './populations.js';
import { CHUNKS, COUNTS, PARTS, propertyPart } from './figuresProperty.js';

// The exactness property of issue 10: engine.figures (compiled handles, on the tick they were compiled
// on and on a moved tick) equals the fields of engine.assess byte for byte, over more than 20,000
// seeded random accounts per run; and the kernel, not the Decimal path, serves the large majority of
// each population. Part 1 of 3 (see figuresProperty.ts: the parts run side by side on vitest's
// workers), and the checks that the three parts together are the whole property.
describe('figures equals the fields of assess, byte for byte (kernel property, part 1 of 3)', () => {
  const outcomes = propertyPart(0);
  it('reaches every status (the sample population alone does)', () => {
    const statuses = new Set(outcomes.flatMap((o) => [...o.statuses]));
    expect([...statuses].sort()).toEqual(['bankrupt', 'healthy', 'liquidatable', 'margin_call', 'reduce_only']);
  });
});

describe('the three parts of the kernel property', () => {
  it('run every population once, at least 20,000 accounts in all', () => {
    const names = POPULATIONS.map((p) => p.name);
    expect(PARTS.flat().slice().sort()).toEqual(names.slice().sort());
    expect(Object.keys(COUNTS).sort()).toEqual(names.slice().sort());
    // Each population's test (each chunk's) asserts that it ran at least its count (its share of it).
    for (const [name, n] of Object.entries(CHUNKS)) expect(Number.isInteger(COUNTS[name]! / n), name).toBe(true);
    expect(names.reduce((s, n) => s + COUNTS[n]!, 0)).toBeGreaterThanOrEqual(20_000);
    // Parts 2 and 3 are files of their own, each running propertyPart(its index).
    for (const [i, f] of [[1, 'figures.property.part2.test.ts'], [2, 'figures.property.part3.test.ts']] as const) {
      expect(existsSync(join(__dirname, f)), f).toBe(true);
      const text = readFileSync(join(__dirname, f), 'utf8');
      expect(text).toContain(`propertyPart(${i})`);
      // (Not skipped: no .skip, .only, .todo or conditional run in the part's file.)
      expect(text, f).not.toMatch(/\.(skip|only|todo|skipIf|runIf)\b/);
    }
  });
});
