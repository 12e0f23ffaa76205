import { compareKeys } from '../numeric/compareKeys.js';
import { roomy } from '../numeric/roomy.js';

/**
 * Members grouped by an integer key, flat (the form the add-on plans take, see `rollShockLines`,
 * `deltaShockLines`), written into `out` from `at`: `[nGroups, (nMembers, member...)...]`, the groups
 * in ascending key order, each group's members in the order given. The keys are ranks the caller
 * made (equal keys: one group; the ranks in the order of what they stand for, e.g. `compareKeys` of
 * the strings they rank: see {@link rankKeys}), so that nothing is made, nor compared, but ints. A unit
 * has few members: they are put in key order by a stable insertion sort on a kept scratch list (the
 * built-in stable sort beyond 32 members), and each group is one run of that list. Internal.
 *
 * @param out where the plan is written: room for `1 + 2 * count` ints from `at`.
 * @param at where the groups start in `out` (after the plan so far: the roll shock's futures).
 * @param keys each member's group key (an integer of magnitude below 2^30, as ranks are: the test of whether they
 *   are in order already reads the sign of each difference as an int32), in the order the members keep within their group.
 * @param members the members, in the same order as `keys`.
 * @param count how many members (the first `count` of `keys` and `members`: callers pass kept lists).
 * @returns the offset just past the groups in `out`.
 * @example
 * ```ts
 * const out = new Int32Array(7);
 * groupPlan(out, 0, [1, 0, 1], [0, 1, 2], 3); // 6: out starts [2, 1, 1, 2, 0, 2]: key 0 holds 1; key 1 holds 0 and 2
 * ```
 */
export function groupPlan(out: Int32Array, at: number, keys: ArrayLike<number>, members: ArrayLike<number>, count: number): number {
  // Already in key order (one group: a unit of one underlying, mostly): no sort. Every pair is
  // compared, without a branch on the keys (a descent sets the sign bit): the loop's only branch is its count.
  let descents = 0;
  for (let j = 1; j < count; j++) descents |= keys[j]! - keys[j - 1]!;
  let by: ArrayLike<number> | undefined;
  if (descents < 0) {
    if (count > 32) by = Array.from({ length: count }, (_, j) => j).sort((a, b) => keys[a]! - keys[b]! || a - b);
    else {
      const o = ORDER;
      for (let j = 0; j < count; j++) {
        const k = keys[j]!;
        let x = j - 1;
        for (; x >= 0 && keys[o[x]!]! > k; x--) o[x + 1] = o[x]!;
        o[x + 1] = j;
      }
      by = o;
    }
  }
  // One run of equal keys per group, its size slot `size`. Without a branch on the keys: each
  // member closes the group so far (its size written again) and, when its key differs from the
  // previous one (g = 1), opens a new group's size slot before it is written.
  const head = at++;
  let groups = 0;
  if (count > 0) {
    let y = by ? by[0]! : 0;
    let k = keys[y]!;
    let size = at++;
    out[at++] = members[y]!;
    groups = 1;
    for (let x = 1; x < count; x++) {
      y = by ? by[x]! : x;
      const d = keys[y]! ^ k;
      const g = (d | -d) >>> 31;
      k ^= d;
      out[size] = at - size - 1;
      size += g * (at - size);
      at += g;
      groups += g;
      out[at++] = members[y]!;
    }
    out[size] = at - size - 1;
  }
  out[head] = groups;
  return at;
}

// groupPlan's member order for up to 32 members, kept between calls (written by index up to the count, never emptied).
const ORDER = new Int32Array(32);

/**
 * The plan builders' scratch lists of group keys and members (see {@link groupPlan}), kept between
 * builds: a plan is built to its end before another starts, and the lists are written by index up to
 * the count, so that building a plan allocates nothing. Internal.
 *
 * @example
 * ```ts
 * const s = PLAN_SCRATCH.room(3);
 * s.keys.set([1, 0, 1]); s.members.set([0, 1, 2]);
 * groupPlan(new Int32Array(7), 0, s.keys, s.members, 3); // 6
 * ```
 */
export const PLAN_SCRATCH = {
  keys: new Int32Array(32),
  members: new Int32Array(32),
  /** The lists, with room for `n` members (grown, never shrunk). */
  room(n: number) {
    this.keys = roomy(this.keys, n);
    this.members = roomy(this.members, n);
    return this;
  },
};

/**
 * Each key's rank among the distinct keys given, in key order (`compareKeys`: UTF-16 code units);
 * -1 for an undefined key. Equal keys, equal ranks: the integer keys {@link groupPlan} groups by.
 * Internal.
 *
 * @example
 * ```ts
 * Array.from(rankKeys(['b', undefined, 'a', 'b'])); // [1, -1, 0, 1]
 * ```
 */
export function rankKeys(keys: readonly (string | undefined)[]): Int32Array {
  // The Decimal layer ranks a unit's few keys on every call: each one's index among the distinct keys
  // in the order met (the last one met tried first: equal keys mostly follow each other), by `===`,
  // so that no key is hashed, then those indices mapped to ranks in key order. Plain loops: the
  // iterator protocol (a Set spread, a Map from pairs) reads a generic property per step.
  // Past a unit's few keys (an instrument table's), a Map: a scan per key would be quadratic.
  const out = new Int32Array(keys.length);
  const distinct: string[] = [];
  const seen = keys.length > 16 ? new Map<string, number>() : undefined;
  for (let i = 0, d = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === undefined) out[i] = -1;
    else {
      if (distinct[d] !== k && (d = seen === undefined ? distinct.indexOf(k) : (seen.get(k) ?? -1)) < 0) {
        d = distinct.push(k) - 1;
        seen?.set(k, d);
      }
      out[i] = d;
    }
  }
  if (distinct.length > 1) {
    const order = distinct.map((_, j) => j).sort((a, b) => compareKeys(distinct[a]!, distinct[b]!));
    const rank = new Int32Array(order.length);
    for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
    for (let i = 0; i < out.length; i++) if (out[i]! >= 0) out[i] = rank[out[i]!]!;
  }
  return out;
}
