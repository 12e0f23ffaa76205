/**
 * Members grouped by key, flat (the form the add-on plans take, see `rollShockPlan`, `deltaShockPlan`),
 * appended to `out`: `[nGroups, (nMembers, member...)...]`, the groups in key order (`compareKeys`'s
 * order: UTF-16 code units for string keys, numeric for number keys such as ranks),
 * each group's members in the order given. The caller names each member's group (an index into
 * `keys`, one distinct key per group): it tells its groups apart by the fields the key is made of,
 * so that no key is made, nor compared, per member. A unit has few groups: they are ordered by an
 * insertion sort, and each one's members found by a scan. Internal.
 *
 * @param out the plan so far (the groups are appended to it); returned.
 * @param keys the groups' keys, distinct, by group index.
 * @param groupOf each member's group (index into `keys`), in the order the members keep within their group.
 * @param members the members, in the same order as `groupOf`.
 * @param count how many members (the first `count` of `groupOf` and `members`: a builder's lists are kept, see {@link GroupedMembers}).
 * @param n how many groups (the first `n` keys).
 * @example
 * ```ts
 * groupPlan([], ['b', 'a'], [0, 1, 0], [0, 1, 2]); // [2, 1, 1, 2, 0, 2]: 'a' holds 1; 'b' holds 0 and 2
 * ```
 */
export function groupPlan<S extends PlanSink>(out: S, keys: ArrayLike<string> | ArrayLike<number>, groupOf: ArrayLike<number>, members: ArrayLike<number>, count = members.length, n = keys.length): S {
  out.push(n);
  if (n === 1) {
    // One group (a unit of one underlying, mostly): every member, no scan per group.
    out.push(count);
    for (let j = 0; j < count; j++) out.push(members[j]!);
    return out;
  }
  // The groups in key order (an insertion sort into a kept list: see GroupedMembers).
  const order = ORDER;
  for (let g = 0; g < n; g++) {
    let j = g - 1;
    for (; j >= 0 && keys[order[j]!]! > keys[g]!; j--) order[j + 1] = order[j]!;
    order[j + 1] = g;
  }
  for (let x = 0; x < n; x++) {
    const g = order[x]!;
    // The group's size first (a sink is appended to only): one scan to count, one to list.
    let size = 0;
    for (let j = 0; j < count; j++) if (groupOf[j] === g) size++;
    out.push(size);
    for (let j = 0; j < count; j++) if (groupOf[j] === g) out.push(members[j]!);
  }
  return out;
}

// groupPlan's group order, kept between calls (written by index, never emptied: see GroupedMembers).
const ORDER: number[] = [];

/** Where a plan is appended: a plain array (the Decimal layer's plan), or a compile's scratch int buffer. Internal. */
export interface PlanSink {
  push(v: number): unknown;
  readonly length: number;
}

/**
 * A plan builder's groups and members (see {@link groupPlan}), kept between builds: a plan is built to
 * its end before another starts, and the lists are written by index up to their counts (never emptied
 * through `length = 0`, which gives back an array's storage), so that building a plan allocates no
 * list. Internal.
 *
 * @example
 * ```ts
 * const g = new GroupedMembers();
 * g.reset();
 * g.add('b', 0); g.add('a', 1); g.add('b', 2);
 * groupPlan([], g.keys as string[], g.groupOf, g.members, g.count, g.groups); // [2, 1, 1, 2, 0, 2]
 * ```
 */
export class GroupedMembers {
  /** The groups' keys, distinct, by group index (the first `groups`). */
  readonly keys: (string | number)[] = [];
  groups = 0;
  /** Each member's group and the member, in the order added (the first `count`). */
  readonly groupOf: number[] = [];
  readonly members: number[] = [];
  count = 0;
  /** The group of the last member added (-1: none yet). */
  private last = -1;
  /** Empties the lists (their storage kept). */
  reset(): void {
    this.groups = this.count = 0;
    this.last = -1;
  }
  /**
   * Appends member `m` to the group of `key` (a new group for a key not met yet, `===`): the last
   * member's group is tried first (in symbol order a group's members mostly follow each other).
   */
  add(key: string | number, m: number): void {
    let g = this.last;
    if (g < 0 || this.keys[g] !== key) {
      g = 0;
      while (g < this.groups && this.keys[g] !== key) g++;
      if (g === this.groups) this.keys[this.groups++] = key;
      this.last = g;
    }
    this.groupOf[this.count] = g;
    this.members[this.count++] = m;
  }
  /** Appends member `m` to group `g`, which the caller tells apart itself (its keys are then its own). */
  addTo(g: number, m: number): void {
    this.groupOf[this.count] = g;
    this.members[this.count++] = m;
  }
}

/** The one {@link GroupedMembers} the plan builders share (none runs inside another). Internal. */
export const GROUPED = new GroupedMembers();
