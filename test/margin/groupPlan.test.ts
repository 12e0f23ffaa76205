import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupPlan } from '../../src/margin/groupPlan.js';

// The plan written after `prefix` (the plan so far), as a plain array.
const plan = (prefix: number[], keys: ArrayLike<number>, members: ArrayLike<number>, count: number): number[] => {
  const out = new Int32Array(prefix.length + 1 + 2 * count).fill(99);
  out.set(prefix);
  return Array.from(out.subarray(0, groupPlan(out, prefix.length, keys, members, count)));
};

describe('groupPlan: members grouped by key, groups in key order, members in the order given', () => {
  it('hand cases', () => {
    // Keys 1, 0, 1: key 0 holds 1; key 1 holds 0 then 2 (their order in the input).
    expect(plan([], [1, 0, 1], [0, 1, 2], 3)).toEqual([2, 1, 1, 2, 0, 2]);
    expect(plan([], [], [], 0)).toEqual([0]);
    // Negative members (the delta shock's options, ~i) are kept as given.
    expect(plan([], [1, 0, 1], [-1, 3, 4], 3)).toEqual([2, 1, 3, 2, -1, 4]);
    // Appended to the plan so far (the roll shock's futures come first); only the first `count` read.
    expect(plan([1, 7], [1, 2, 0, 0, 9], [5, 6, 8, 9, 99], 4)).toEqual([1, 7, 3, 2, 8, 9, 1, 5, 1, 6]);
  });
  // The plan written plainly: the distinct keys ascending, each one's members filtered in input order.
  const reference = (keys: number[], members: number[]): number[] => {
    const distinct = [...new Set(keys)].sort((a, b) => a - b);
    return [distinct.length, ...distinct.flatMap((k) => { const m = members.filter((_, j) => keys[j] === k); return [m.length, ...m]; })];
  };
  it('equals the plain plan, few members or many (beyond 32: the built-in sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: -50, max: 50 })), { maxLength: 60 }), (xs) => {
        const keys = xs.map((x) => x[0]);
        const members = xs.map((x) => x[1]);
        expect(plan([], Int32Array.from(keys), members, xs.length)).toEqual(reference(keys, members));
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });
  it('equals the plain plan for keys in order already, over the whole int32 range', () => {
    // Runs of equal keys told apart by their bits alone: neighbours that differ in one bit, the sign bit included.
    const key = fc.constantFrom(-2147483648, -1, 0, 1, 2, 1073741824, 2147483646, 2147483647);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: -50, max: 50 })), { maxLength: 40 }), (xs) => {
        const keys = xs.map((x) => x[0]).sort((a, b) => a - b);
        const members = xs.map((x) => x[1]);
        expect(plan([3], Int32Array.from(keys), members, xs.length)).toEqual([3, ...reference(keys, members)]);
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });
  it('equals the plain plan for keys in any order over the range it takes (magnitudes below 2^30)', () => {
    // The in-order test reads each difference's sign as an int32: exact while |key| < 2^30.
    const key = fc.constantFrom(-1073741823, -1, 0, 1, 2, 536870912, 1073741822, 1073741823);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: -50, max: 50 })), { maxLength: 40 }), (xs) => {
        const keys = xs.map((x) => x[0]);
        const members = xs.map((x) => x[1]);
        expect(plan([], Int32Array.from(keys), members, xs.length)).toEqual(reference(keys, members));
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });
});
