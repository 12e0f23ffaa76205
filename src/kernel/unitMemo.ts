import type { MarginParameters } from '../margin/MarginParameters.js';
import type { UnitAmounts } from '../margin/portfolioRequirement.js';
import type { CompiledAccount } from './compileAccount.js';
import type { KernelTick } from './kernelTick.js';
import { ddKept, interval, type KV, small, ZERO } from './kv.js';

/*
 * The pre-trade check's unit memo (internal). A check recompiles the account after the trades
 * incrementally: the units the trades cannot reach are the account's own units, copied
 * (compileLines), so at one tick their amounts are the account's. The engine keeps those amounts per
 * compiled account for its tick (an engine is one tick), filled by checks only (figures never fill
 * it), in one exact-size array of numbers per account: no KV objects or BigInts for the collector to
 * trace, 8 bytes a number.
 *
 * Layout: the first n numbers (n units of the account) are the offsets of the units' records (0: not
 * kept); a record is each amount the account step (accountRequirement) reads for the parameter set,
 * in `fieldsOf` order. A 5-unit account under deribit-pm (MM and IM base, each a tainted double-double)
 * keeps 5 + 5 x 8 numbers: about 400 bytes.
 *
 * Why the double-double form matters: a memo of an earlier round kept small, interval and wide values
 * only; the requirements of roll-shock units became double-doubles in the same round, so nothing was
 * kept and the memo measured no gain.
 */

type Field = 'mm' | 'imBase' | 'restMm' | 'restIm' | 'scanMm' | 'scanIm';

/**
 * The four field lists, by layout bits (bit 1: the rest-of-unit pair, bit 2: the scan pair): the one
 * statement of the records' field order, which {@link takeUnit} writes by name in the same order.
 */
const LAYOUTS: readonly (readonly Field[])[] = [
  ['mm', 'imBase'],
  ['mm', 'imBase', 'restMm', 'restIm'],
  ['mm', 'imBase', 'scanMm', 'scanIm'],
  ['mm', 'imBase', 'restMm', 'restIm', 'scanMm', 'scanIm'],
];

/** A parameter set's layout bits (see {@link LAYOUTS}). */
function layoutBits(p: MarginParameters): number {
  return (p.joint.length ? 1 : 0) | (p.mode === 'portfolio' && p.interUnitCredits.length ? 2 : 0);
}

/**
 * The amounts accountRequirement reads for a parameter set (MM and the IM base always, the
 * rest-of-unit amounts with joint scenario sets, the scan charges and deltas with inter-unit credits).
 * A property test holds accountRequirement to it: with the other amounts replaced, its MM and IM are
 * the same. Only what reaches MM and IM: with joint sets accountRequirement also reads scanMm into its
 * breakdown (`joint[].replaced`), which the kernel never reports; a kernel that reported it would have
 * to add scanMm here.
 */
export function fieldsOf(p: MarginParameters): readonly Field[] {
  return LAYOUTS[layoutBits(p)]!;
}

/** Tags of the encoded amounts. */
const SMALL = 0;
const INTERVAL = 2;
const SAME = 3;
const DOUBLE_DOUBLE = 5;

/**
 * Where a check's figures take and put unit amounts: the figured account's unit j is the memo
 * account's unit `from[j]` (-1: planned again; `from` undefined: the memo account itself, unit j);
 * `x` the account's memo (units are appended to it: the caller keeps `settled(x)` after the call).
 */
export interface UnitReuse {
  from: readonly number[] | undefined;
  x: number[];
  params: MarginParameters;
  /** The memo account itself (the account before the trades). */
  base?: CompiledAccount;
  /**
   * Its positions sum at this tick (LimbSum.save, kernelFigures' positionsState; null: the limbs do
   * not hold it), from which the figures of an account after trades sum only the lines that differ.
   */
  sum?: Float64Array | null;
  /** Which amounts the records hold, set on first use (`params`' layout bits: see LAYOUTS). */
  layout?: number;
  /** The tick `sum` was made at: the figures take `sum` at that tick only. */
  tick?: KernelTick;
  /**
   * The figures before the trades as counts of 10^-dp (decimalCount) with the strings they were read
   * from: a check whose `before` has these very strings subtracts counts (engineFigures' checkOf).
   */
  counts?: BeforeCounts;
}

/** See {@link UnitReuse.counts}: IM, MM and equity before the trades, as strings and as counts of 10^-dp. */
export interface BeforeCounts {
  dp: number;
  imS: string;
  mmS: string;
  eqS: string;
  im: number;
  mm: number;
  eq: number;
}

/** An empty memo for an account of `n` units. */
export function unitMemo(n: number): number[] {
  const x: number[] = [];
  for (let j = 0; j < n; j++) x.push(0);
  return x;
}

/**
 * One amount appended to `out`, led by its tag: a small exact value `m 10^-e / d` (taint t) as
 * [0, m, d, 2e + t]; an interval as [2, lo, hi]; a double-double (always tainted) as [5, h, l, r];
 * the very object of an earlier field g as [3, g] (an IM base that is the MM itself stays so: the
 * account step sums it once). False for a wide exact value (rare: the unit is not kept).
 */
function put(out: number[], v: KV, o: UnitAmounts<KV>, fields: readonly Field[], f: number): boolean {
  for (let g = 0; g < f; g++) {
    if (o[fields[g]!] === v) {
      out.push(SAME, g);
      return true;
    }
  }
  if (v.k === 0) out.push(SMALL, v.m, v.d, 2 * v.e + v.t);
  else if (v.k === 2) out.push(INTERVAL, v.lo, v.hi);
  else if (v.k === 3) out.push(DOUBLE_DOUBLE, v.dh, v.dl, v.dr);
  else return false;
  return true;
}

/** Which amounts a memo's records hold: its parameter set's layout bits (see {@link LAYOUTS}), kept on the memo. */
function layoutOf(r: UnitReuse): number {
  return (r.layout ??= layoutBits(r.params));
}

// takeUnit's decoded amounts, in LAYOUTS order (reused: read into the unit before the next call).
const TAKEN: KV[] = [ZERO, ZERO, ZERO, ZERO, ZERO, ZERO];

/**
 * The kept amounts of the account's unit `p` into `o` (the amounts the account step does not read
 * for these parameters as 0); false when not kept. Fast pass only: the caller never takes in wide
 * mode (which wants exact values where these may be bounds). The fields are written by name (a
 * record's layout is its parameter set's, {@link fieldsOf}): the check reads a few units per call.
 */
export function takeUnit(r: UnitReuse, p: number, o: UnitAmounts<KV>): boolean {
  const x = r.x;
  let k = x[p]!;
  if (k === 0) return false;
  const layout = layoutOf(r);
  const n = 2 + (layout & 1 ? 2 : 0) + (layout & 2 ? 2 : 0);
  const v = TAKEN;
  o.delta = layout & 2 ? x[k++]! : 0;
  for (let f = 0; f < n; f++) {
    const tag = x[k]!;
    if (tag === SAME) {
      v[f] = v[x[k + 1]!]!;
      k += 2;
    } else if (tag === INTERVAL) {
      v[f] = interval(x[k + 1]!, x[k + 2]!);
      k += 3;
    } else if (tag === DOUBLE_DOUBLE) {
      // As the kernel made it (ddValue's floor already in the radius).
      v[f] = ddKept(x[k + 1]!, x[k + 2]!, x[k + 3]!);
      k += 4;
    } else {
      const c = x[k + 3]!;
      const e = Math.floor(c / 2);
      v[f] = small(x[k + 1]!, e, x[k + 2]!, c - 2 * e);
      k += 4;
    }
  }
  // LAYOUTS order: mm, imBase, then the rest-of-unit pair, then the scan pair.
  o.mm = v[0]!;
  o.imBase = v[1]!;
  let f = 2;
  if (layout & 1) (o.restMm = v[f++]!), (o.restIm = v[f++]!);
  else o.restMm = o.restIm = ZERO;
  if (layout & 2) (o.scanMm = v[f++]!), (o.scanIm = v[f]!);
  else o.scanMm = o.scanIm = ZERO;
  return true;
}

/**
 * Keeps the amounts of the account's unit `p`, if not kept yet (not when one of them is a wide exact
 * value): appended to `r.x`, which may then hold spare room; the caller keeps {@link settled}`(r.x)`.
 */
export function putUnit(r: UnitReuse, p: number, o: UnitAmounts<KV>): void {
  const x = r.x;
  if (x[p] !== 0) return;
  const fields = fieldsOf(r.params);
  const start = x.length;
  if (layoutOf(r) & 2) x.push(o.delta);
  for (let f = 0; f < fields.length; f++) {
    if (!put(x, o[fields[f]!], o, fields, f)) {
      x.length = start;
      return;
    }
  }
  x[p] = start;
}

/** The memo as kept between calls: an exact-size copy when units were added (pushes leave spare room), else itself. */
export function settled(x: number[], length: number): number[] {
  return x.length === length ? x : x.slice();
}
