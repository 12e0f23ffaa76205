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
 * @example
 * ```ts
 * groupPlan([], ['b', 'a'], [0, 1, 0], [0, 1, 2]); // [2, 1, 1, 2, 0, 2]: 'a' holds 1; 'b' holds 0 and 2
 * ```
 */
export function groupPlan(out: number[], keys: readonly string[] | readonly number[], groupOf: readonly number[], members: readonly number[]): number[] {
  const n = keys.length;
  out.push(n);
  if (n === 1) {
    // One group (a unit of one underlying, mostly): every member, no scan per group.
    out.push(members.length);
    for (let j = 0; j < members.length; j++) out.push(members[j]!);
    return out;
  }
  let order: number[] | undefined;
  if (n > 1) {
    order = [0];
    for (let g = 1; g < n; g++) {
      let j = g - 1;
      for (; j >= 0 && keys[order[j]!]! > keys[g]!; j--) order[j + 1] = order[j]!;
      order[j + 1] = g;
    }
  }
  for (let x = 0; x < n; x++) {
    const g = order ? order[x]! : x;
    const at = out.length;
    out.push(0);
    for (let j = 0; j < groupOf.length; j++) if (groupOf[j] === g) out.push(members[j]!);
    out[at] = out.length - at - 1;
  }
  return out;
}
