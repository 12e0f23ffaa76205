import type { Arithmetic } from '../numeric/Arithmetic.js';
import type { ScenarioGroup } from '../scenarios/ScenarioSet.js';
import { combineAddOns, initialFromBase } from './combineAddOns.js';
import { interUnitCreditOf } from './interUnitCredit.js';
import type { AddOnParams, InterUnitCreditParams, JointScenarioParams, MarginParameters } from './MarginParameters.js';

/*
 * The portfolio-mode requirement rules, written once for both number layers (the Decimal layer in
 * marginFromRiskArrays, which also builds the explanation tree, and the exact kernel in src/kernel):
 * a unit's MM and IM base from its scans and add-ons, and the account's MM and IM from its units,
 * joint scenario sets and inter-unit credits. Each layer supplies its own scan and add-on list (what
 * it computes them with) and gets back the amounts. Internal.
 */

/** The scenarios `[start, end)` of a scan group (`'mm'`, `'im'`, `'joint:<id>'`), if the set has it. */
export function groupRange(groups: readonly ScenarioGroup[] | undefined, id: string): [number, number] | undefined {
  const g = groups?.find((x) => x.id === id);
  return g ? [g.start, g.end] : undefined;
}

/** One number layer's scan (over a scenario range) and add-on list (for a parameter block and a scan amount) of one risk unit. */
export interface UnitLayer<T, S extends { amount: T }, O extends { apply: 'add' | 'floor'; amount: T }> {
  scan(start: number, end: number): S;
  addOns(params: AddOnParams, scan: T): O[];
}

/** A unit's requirement: its scans and add-ons (as the layer returned them) and the amounts (exact, unrounded). */
export interface UnitRequirement<T, S, O> {
  mmScan: S;
  /** The IM scan (the MM scan itself when the set has no `'im'` group). */
  imScan: S;
  imScanned: boolean;
  mmAdd: O[];
  /** The IM add-ons (the MM list itself when IM has neither its own scenarios nor add-ons). */
  imAdd: O[];
  mm: T;
  imBase: T;
  im: T;
  /** The unit's requirement without its scan risk (what stays when a joint set replaces the scan). */
  restMm: T;
  restIm: T;
}

/**
 * A portfolio-mode risk unit: MM = `max(scan + add-ons, floors)` over the `'mm'` scenarios; the IM
 * base the same over the `'im'` scenarios and IM add-ons when the parameter set has them; IM =
 * `max(multiplier * IM base, MM)`.
 */
export function unitRequirement<T, S extends { amount: T }, O extends { apply: 'add' | 'floor'; amount: T }>(
  A: Arithmetic<T>,
  layer: UnitLayer<T, S, O>,
  p: MarginParameters,
  groups: readonly ScenarioGroup[] | undefined,
  multiplier: T,
  /** The unit's own IM (for its explanation) and the requirement without the scan (for joint sets); zero when not wanted. */
  want: { unitIm: boolean; rest: boolean } = { unitIm: true, rest: true },
): UnitRequirement<T, S, O> {
  const [s0, s1] = groupRange(groups, 'mm') ?? [0, 0];
  const mmScan = layer.scan(s0, s1);
  const mmAdd = layer.addOns(p.addOns, mmScan.amount);
  const imRange = groupRange(groups, 'im');
  const imScan = imRange ? layer.scan(imRange[0], imRange[1]) : mmScan;
  const imAdd = imRange || p.initialMargin.addOns ? layer.addOns(p.initialMargin.addOns ?? p.addOns, imScan.amount) : mmAdd;
  const mm = combineAddOns(A, mmScan.amount, mmAdd);
  // Without its own scenarios and add-ons, the IM base is the MM computation itself.
  const imBase = imScan === mmScan && imAdd === mmAdd ? mm : combineAddOns(A, imScan.amount, imAdd);
  const im = want.unitIm ? initialFromBase(A, imBase, multiplier, mm) : A.zero;
  const rest = want.rest;
  return { mmScan, imScan, imScanned: imRange !== undefined, mmAdd, imAdd, mm, imBase, im, restMm: rest ? combineAddOns(A, A.zero, mmAdd) : A.zero, restIm: rest ? combineAddOns(A, A.zero, imAdd) : A.zero };
}

/** A unit's net delta (units of underlying): its entries' float quantities times their risk arrays' deltas, in entry order. */
export function unitDelta(n: number, qty: ArrayLike<number>, delta: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < n; i++) d += qty[i]! * delta[i]!;
  return d;
}

/** What the account step reads from each unit. */
export interface UnitAmounts<T> {
  id: string;
  mm: T;
  imBase: T;
  restMm: T;
  restIm: T;
  scanMm: T;
  scanIm: T;
  delta: number;
}

/** The account's requirement (exact, unrounded) and the joint sets and credits behind it. */
export interface AccountRequirement<T, J> {
  mm: T;
  im: T;
  joint: { params: JointScenarioParams; members: number[]; scan: J; replaced: T }[];
  credits: { params: InterUnitCreditParams; mm: { amount: T; spreads: number }; im: { amount: T; spreads: number } }[];
}

/**
 * The account's requirement from its units (in id order): each joint scenario set's scan replaces its
 * member units' scan risks (their add-ons stay), other units add up; inter-unit credits (portfolio
 * mode) are subtracted; MM is floored at 0 and IM = `max(multiplier * IM base, MM)`.
 *
 * @param jointScan the layer's scan of a joint set's members over the set's scenarios.
 */
export function accountRequirement<T, J extends { amount: T }>(
  A: Arithmetic<T>,
  p: MarginParameters,
  units: readonly UnitAmounts<T>[],
  groups: readonly ScenarioGroup[] | undefined,
  jointScan: (members: number[], start: number, end: number) => J,
  multiplier: T,
): AccountRequirement<T, J> {
  let mm = A.zero;
  let imBase = A.zero;
  const inJoint = new Map<string, string>();
  const joint: AccountRequirement<T, J>['joint'] = [];
  const portfolio = p.mode === 'portfolio';
  if (portfolio) {
    for (const j of p.joint) {
      const members: number[] = [];
      units.forEach((u, i) => {
        if (j.units.includes(u.id)) members.push(i);
      });
      if (!members.length) continue;
      const range = groupRange(groups, `joint:${j.id}`);
      if (!range) continue;
      const out = jointScan(members, range[0], range[1]);
      let replaced = A.zero;
      for (const i of members) {
        const o = units[i]!;
        inJoint.set(o.id, j.id);
        replaced = A.add(replaced, o.scanMm);
        mm = A.add(mm, o.restMm);
        imBase = A.add(imBase, o.restIm);
      }
      mm = A.add(mm, out.amount);
      imBase = A.add(imBase, out.amount);
      joint.push({ params: j, members, scan: out, replaced });
    }
  }
  // Units whose IM base is their MM itself (no IM scenarios or add-ons): one sum serves both.
  const same = joint.length === 0 && units.every((o) => o.imBase === o.mm);
  for (const o of units) {
    if (inJoint.has(o.id)) continue;
    mm = A.add(mm, o.mm);
    if (!same) imBase = A.add(imBase, o.imBase);
  }
  if (same) imBase = mm;
  const credits: AccountRequirement<T, J>['credits'] = [];
  if (portfolio && p.interUnitCredits.length) {
    const byId = new Map(units.map((o) => [o.id, o]));
    for (const c of p.interUnitCredits) {
      const a = byId.get(c.units[0]);
      const b = byId.get(c.units[1]);
      if (!a || !b || a === b) continue;
      const ja = inJoint.get(c.units[0]);
      if (ja !== undefined && ja === inJoint.get(c.units[1])) continue;
      const cr = interUnitCreditOf(A, a.delta, a.scanMm, b.delta, b.scanMm, c);
      const ci = interUnitCreditOf(A, a.delta, a.scanIm, b.delta, b.scanIm, c);
      mm = A.sub(mm, cr.amount);
      imBase = A.sub(imBase, ci.amount);
      credits.push({ params: c, mm: cr, im: ci });
    }
  }
  mm = A.max(mm, A.zero);
  return { mm, im: initialFromBase(A, imBase, multiplier, mm), joint, credits };
}
