import { compareKeys } from '../numeric/compareKeys.js';

/**
 * Members grouped by an integer key, flat (the form the add-on plans take, see `rollShockLines`,
 * `deltaShockLines`), appended to `out`: `[nGroups, (nMembers, member...)...]`, the groups in
 * ascending key order, each group's members in the order given. The keys are ranks the caller made
 * (equal keys: one group; the ranks in the order of what they stand for, e.g. `compareKeys` of the
 * strings they rank), so that nothing is made, nor compared, but ints. A unit has few members: they
 * are put in key order by a stable insertion sort on a kept scratch list (the built-in stable sort
 * beyond 32 members), and each group is one run of that list. Internal.
 *
 * @param out the plan so far (the groups are appended to it); returned.
 * @param keys each member's group key (an integer), in the order the members keep within their group.
 * @param members the members, in the same order as `keys`.
 * @param count how many members (the first `count` of `keys` and `members`: callers pass kept lists).
 * @example
 * ```ts
 * groupPlan([], [1, 0, 1], [0, 1, 2], 3); // [2, 1, 1, 2, 0, 2]: key 0 holds 1; key 1 holds 0 and 2
 * ```
 */
export function groupPlan<S extends PlanSink>(out: S, keys: ArrayLike<number>, members: ArrayLike<number>, count: number): S {
  // Already in key order (one group: a unit of one underlying, mostly): no sort.
  let sorted = true;
  for (let j = 1; j < count && sorted; j++) sorted = keys[j - 1]! <= keys[j]!;
  let at: ArrayLike<number> | undefined;
  if (!sorted) {
    if (count > 32) at = Array.from({ length: count }, (_, j) => j).sort((a, b) => keys[a]! - keys[b]! || a - b);
    else {
      if (ORDER.length < count) ORDER = new Int32Array(Math.max(count, 2 * ORDER.length));
      const o = ORDER;
      for (let j = 0; j < count; j++) {
        const k = keys[j]!;
        let x = j - 1;
        for (; x >= 0 && keys[o[x]!]! > k; x--) o[x + 1] = o[x]!;
        o[x + 1] = j;
      }
      at = o;
    }
  }
  // The groups: one per run of equal keys (counted first: a sink is appended to only).
  let groups = count > 0 ? 1 : 0;
  for (let x = 1; x < count; x++) if (keys[at ? at[x]! : x] !== keys[at ? at[x - 1]! : x - 1]) groups++;
  out.push(groups);
  for (let x = 0; x < count; ) {
    const k = keys[at ? at[x]! : x];
    let end = x + 1;
    while (end < count && keys[at ? at[end]! : end] === k) end++;
    out.push(end - x);
    for (; x < end; x++) out.push(members[at ? at[x]! : x]!);
  }
  return out;
}

// groupPlan's member order, kept between calls (written by index up to the count, never emptied).
let ORDER = new Int32Array(32);

/** Where a plan is appended: a plain array (the Decimal layer's plan), or a compile's scratch int buffer. Internal. */
export interface PlanSink {
  push(v: number): unknown;
  readonly length: number;
}

// The plan builders' kept lists of group keys and members (see planScratch).
let KEYS = new Int32Array(32);
let MEMBERS = new Int32Array(32);

/**
 * The plan builders' scratch lists of group keys and members (see {@link groupPlan}), with room for
 * `n` members: kept between builds (a plan is built to its end before another starts, and the lists
 * are written by index up to the count), so that building a plan allocates nothing. Internal.
 *
 * @example
 * ```ts
 * const { keys, members } = planScratch(3);
 * keys.set([1, 0, 1]); members.set([0, 1, 2]);
 * groupPlan([], keys, members, 3); // [2, 1, 1, 2, 0, 2]
 * ```
 */
export function planScratch(n: number): { keys: Int32Array; members: Int32Array } {
  if (KEYS.length < n) (KEYS = new Int32Array(Math.max(n, 2 * KEYS.length))), (MEMBERS = new Int32Array(KEYS.length));
  return { keys: KEYS, members: MEMBERS };
}

/**
 * Each key's rank among the distinct keys given, in key order (`compareKeys`: UTF-16 code units);
 * -1 for an undefined key. Equal keys, equal ranks: the integer keys {@link groupPlan} groups by.
 * Internal.
 *
 * @example
 * ```ts
 * rankKeys(['b', undefined, 'a', 'b']); // [1, -1, 0, 1]
 * ```
 */
export function rankKeys(keys: readonly (string | undefined)[]): number[] {
  const sorted = [...new Set(keys)].filter((k) => k !== undefined).sort(compareKeys);
  const rank = new Map(sorted.map((k, r) => [k, r]));
  return keys.map((k) => (k === undefined ? -1 : rank.get(k)!));
}
