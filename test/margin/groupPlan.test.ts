import { describe, expect, it } from 'vitest';
import { groupPlan } from '../../src/margin/groupPlan.js';

describe('groupPlan: members grouped by key, groups in key order, members in the order given', () => {
  it('hand cases', () => {
    // 'a' holds 1; 'b' holds 0 then 2 (their order in the input).
    expect(groupPlan([['b', 0], ['a', 1], ['b', 2]])).toEqual([2, 1, 1, 2, 0, 2]);
    expect(groupPlan([])).toEqual([0]);
    // Negative members (the delta shock's options, ~i) are kept as given.
    expect(groupPlan([['ETH', -1], ['BTC', 3], ['ETH', 4]])).toEqual([2, 1, 3, 2, -1, 4]);
  });
});
