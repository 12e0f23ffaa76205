import { describe, expect, it } from 'vitest';
import { groupPlan } from '../../src/margin/groupPlan.js';

describe('groupPlan: members grouped by key, groups in key order, members in the order given', () => {
  it('hand cases', () => {
    // Groups 'b' (0), 'a' (1): 'a' holds 1; 'b' holds 0 then 2 (their order in the input).
    expect(groupPlan([], ['b', 'a'], [0, 1, 0], [0, 1, 2])).toEqual([2, 1, 1, 2, 0, 2]);
    expect(groupPlan([], [], [], [])).toEqual([0]);
    // Negative members (the delta shock's options, ~i) are kept as given.
    expect(groupPlan([], ['ETH', 'BTC'], [0, 1, 0], [-1, 3, 4])).toEqual([2, 1, 3, 2, -1, 4]);
    // Appended to the plan so far (the roll shock's futures come first).
    expect(groupPlan([1, 7], ['c', 'a', 'b'], [2, 0, 1, 1], [5, 6, 8, 9])).toEqual([1, 7, 3, 2, 8, 9, 1, 5, 1, 6]);
  });
});
