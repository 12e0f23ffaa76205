import { compareKeys } from '../numeric/compareKeys.js';

/**
 * Members grouped by key, flat (the form the add-on plans take, see `rollShockPlan`, `deltaShockPlan`):
 * `[nGroups, (nMembers, member...)...]`, the groups in key order (`compareKeys`), each group's members
 * in the order given. Groups are found by a scan, not a keyed map: a unit has few. Internal.
 *
 * @param members `[key, member]` pairs, in the order the members should keep within their group.
 * @example
 * ```ts
 * groupPlan([['b', 0], ['a', 1], ['b', 2]]); // [2, 1, 1, 2, 0, 2]: 'a' holds 1; 'b' holds 0 and 2
 * ```
 */
export function groupPlan(members: Iterable<readonly [key: string, member: number]>): number[] {
  const groups: { key: string; members: number[] }[] = [];
  for (const [key, member] of members) {
    let g: { key: string; members: number[] } | undefined;
    for (const x of groups) {
      if (x.key === key) {
        g = x;
        break;
      }
    }
    if (g) g.members.push(member);
    else groups.push({ key, members: [member] });
  }
  const plan = [groups.length];
  if (groups.length > 1) groups.sort((a, b) => compareKeys(a.key, b.key));
  for (const g of groups) {
    plan.push(g.members.length);
    for (const m of g.members) plan.push(m);
  }
  return plan;
}
