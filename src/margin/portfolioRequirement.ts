import type { Arithmetic } from '../numeric/Arithmetic.js';
import type { ScenarioGroup } from '../scenarios/ScenarioSet.js';
import { combineAddOns } from './combineAddOns.js';
import { interUnitCreditOf } from './interUnitCredit.js';
import { maintenanceFromInitial } from './maintenanceFromInitial.js';
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

/**
 * The scaling factors of a parameter set in one number layer: `multiplier` (IM = multiplier x IM base,
 * `initialMargin.multiplier`; 1 outside portfolio mode) and, when the set derives MM from IM
 * (`maintenanceMargin`), `maintenanceOfInitial` (its `factorOfInitial`).
 */
export interface RequirementFactors<T> {
  multiplier: T;
  maintenanceOfInitial?: T | undefined;
}

/**
 * One number layer's scan and add-on list of one risk unit: `scan('mm')` over the MM scenarios,
 * `scan('im')` over the IM scenarios or undefined when the set has none of its own (its `loss`: the
 * scan risk, any basis floor included); `addOns` for a parameter block and a scan loss; `factors`,
 * the loss factors that scale the scan loss (absent: 1).
 */
export interface UnitLayer<T, S extends { loss: T }, O extends { apply: 'add' | 'floor'; amount: T }> {
  scan(which: 'mm' | 'im'): S | undefined;
  addOns(params: AddOnParams, scan: T): O[];
  factors?: { mm: T; im: T } | undefined;
}

/** A unit's requirement: its scans and add-ons (as the layer returned them) and the amounts (exact, unrounded). */
export interface UnitRequirement<T, S, O> {
  mmScan: S;
  /** The IM scan (the MM scan itself when the set has no IM scenarios). */
  imScan: S;
  imScanned: boolean;
  mmAdd: O[];
  /** The IM add-ons (the MM list itself when IM has neither its own scenarios nor add-ons). */
  imAdd: O[];
  /** The scan losses after the loss factors (what credits and joint sets replace). */
  mmCharge: T;
  imCharge: T;
  mm: T;
  imBase: T;
  im: T;
  /** The unit's requirement without its scan risk (what stays when a joint set replaces the scan). */
  restMm: T;
  restIm: T;
}

/**
 * A portfolio-mode risk unit: MM = `max(scan loss x MM factor + add-ons, floors)` over the MM
 * scenarios; the IM base the same over the IM scenarios and IM add-ons when the parameter set has
 * them (IM factor); IM = `multiplier * IM base`, at least MM when `floorAtMaintenance`. With
 * `maintenanceMargin` (MM from IM), the scan plus add-ons is the IM itself and MM its fraction
 * (`maintenanceFromInitial`).
 */
export function unitRequirement<T, S extends { loss: T }, O extends { apply: 'add' | 'floor'; amount: T }>(
  A: Arithmetic<T>,
  layer: UnitLayer<T, S, O>,
  p: MarginParameters,
  factors: RequirementFactors<T>,
  /**
   * The unit's own IM (for its explanation), the requirement without the scan (for joint sets) and,
   * with MM from IM, the unit's MM (`unitMm`, absent: wanted; accountRequirement does not read it in
   * portfolio mode); zero when not wanted.
   */
  want: { unitIm: boolean; rest: boolean; unitMm?: boolean } = { unitIm: true, rest: true },
): UnitRequirement<T, S, O> {
  const mmScan = layer.scan('mm')!;
  const imScanned = layer.scan('im');
  const imScan = imScanned ?? mmScan;
  const f = layer.factors;
  const mmCharge = f ? A.mul(mmScan.loss, f.mm) : mmScan.loss;
  const imCharge = f ? A.mul(imScan.loss, f.im) : imScan.loss;
  const mmAdd = layer.addOns(p.addOns, mmScan.loss);
  const imAdd = imScanned || p.initialMargin.addOns ? layer.addOns(p.initialMargin.addOns ?? p.addOns, imScan.loss) : mmAdd;
  let mm = combineAddOns(A, mmCharge, mmAdd);
  // Without IM scenarios, factor and add-ons of its own, the IM base is the MM computation itself.
  const imBase = imCharge === mmCharge && imAdd === mmAdd ? mm : combineAddOns(A, imCharge, imAdd);
  let im = A.zero;
  if (factors.maintenanceOfInitial !== undefined) {
    // MM from IM: the scan (IM charge) plus add-ons is the initial margin (the set has no IM scenarios,
    // add-ons or multiplier of its own); MM is its fraction.
    im = imBase;
    mm = want.unitMm === false ? A.zero : maintenanceFromInitial(A, imBase, factors.maintenanceOfInitial);
  } else if (want.unitIm) {
    const scaled = A.mul(imBase, factors.multiplier);
    im = p.initialMargin.floorAtMaintenance ? A.max(scaled, mm) : scaled;
  }
  const rest = want.rest;
  return { mmScan, imScan, imScanned: imScanned !== undefined, mmAdd, imAdd, mmCharge, imCharge, mm, imBase, im, restMm: rest ? combineAddOns(A, A.zero, mmAdd) : A.zero, restIm: rest ? combineAddOns(A, A.zero, imAdd) : A.zero };
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
  factors: RequirementFactors<T>,
  /** Account-level charges added to MM and the IM base before the floors (collateral charges), if any. */
  extra?: { mm: T; im: T },
): AccountRequirement<T, J> {
  let mm = A.zero;
  let imBase = A.zero;
  // Units in a joint set (made only when a set has members: most accounts have none).
  let inJoint: Map<string, string> | undefined;
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
        (inJoint ??= new Map()).set(o.id, j.id);
        replaced = A.add(replaced, o.scanMm);
        mm = A.add(mm, o.restMm);
        imBase = A.add(imBase, o.restIm);
      }
      mm = A.add(mm, out.amount);
      imBase = A.add(imBase, out.amount);
      joint.push({ params: j, members, scan: out, replaced });
    }
  }
  // MM from IM (portfolio mode): the account's MM is the fraction of its IM (below), so a sum of the
  // units' MM would be dropped; it is not made. (Their MM are fractions of IM bases >= 0: such a sum
  // never cancels, so leaving it out turns no kernel account undecided or decided.)
  const mmFromIm = factors.maintenanceOfInitial !== undefined && portfolio;
  // Units whose IM base is their MM itself (no IM scenarios or add-ons): one sum serves both.
  let same = joint.length === 0 && !mmFromIm;
  for (let i = 0; same && i < units.length; i++) same = units[i]!.imBase === units[i]!.mm;
  for (const o of units) {
    if (inJoint?.has(o.id)) continue;
    if (!mmFromIm) mm = A.add(mm, o.mm);
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
      const ja = inJoint?.get(c.units[0]);
      if (ja !== undefined && ja === inJoint!.get(c.units[1])) continue;
      const cr = interUnitCreditOf(A, a.delta, a.scanMm, b.delta, b.scanMm, c);
      const ci = interUnitCreditOf(A, a.delta, a.scanIm, b.delta, b.scanIm, c);
      mm = A.sub(mm, cr.amount);
      imBase = A.sub(imBase, ci.amount);
      credits.push({ params: c, mm: cr, im: ci });
    }
  }
  if (extra) {
    mm = A.add(mm, extra.mm);
    imBase = A.add(imBase, extra.im);
  }
  if (factors.maintenanceOfInitial !== undefined && portfolio) {
    // MM from IM: the units' IM (scan plus add-ons), joint sets, credits and account charges are the IM.
    const im = A.max(imBase, A.zero);
    return { mm: maintenanceFromInitial(A, im, factors.maintenanceOfInitial), im, joint, credits };
  }
  mm = A.max(mm, A.zero);
  const scaled = A.mul(imBase, factors.multiplier);
  return { mm, im: p.initialMargin.floorAtMaintenance ? A.max(scaled, mm) : A.max(scaled, A.zero), joint, credits };
}
