import type { MarginParameters } from '../margin/MarginParameters.js';
import type { UnitAmounts } from '../margin/portfolioRequirement.js';
import type { CompiledAccount } from './compileAccount.js';
import { inWide, interval, KV, small, ZERO } from './kv.js';

/*
 * The pre-trade check's unit reuse (internal). A check recompiles the account after the trades
 * incrementally: the units the trades cannot reach are the account's own units, copied (compileLines),
 * so at one tick their amounts are the account's. The engine keeps those amounts per compiled account
 * and tick, filled by checks only (figures never fill it), in one Float64Array per account: plain
 * numbers, no KV objects (nothing for the collector to trace).
 *
 * Per unit: a filled flag, the net delta, then 4 numbers per kept amount (see `put`). The amounts kept
 * are those the account step (accountRequirement) reads for the parameter set: MM and the IM base
 * always, the rest-of-unit amounts only with joint scenario sets, the scan charges only with inter-unit
 * credits; the others read back as 0. A 5-unit account under deribit-pm keeps 5 x 10 x 8 = 400 bytes.
 */

type Field = 'mm' | 'imBase' | 'restMm' | 'restIm' | 'scanMm' | 'scanIm';
const fieldLists = new WeakMap<MarginParameters, readonly Field[]>();

/** The amounts accountRequirement reads for a parameter set, listed once per set (sets are immutable). */
function fieldsOf(p: MarginParameters): readonly Field[] {
  let f = fieldLists.get(p);
  if (!f) {
    const list: Field[] = ['mm', 'imBase'];
    if (p.joint.length) list.push('restMm', 'restIm');
    if (p.mode === 'portfolio' && p.interUnitCredits.length) list.push('scanMm', 'scanIm');
    fieldLists.set(p, (f = list));
  }
  return f;
}

const ALL: readonly Field[] = ['mm', 'imBase', 'restMm', 'restIm', 'scanMm', 'scanIm'];
const BIG52 = 2n ** 52n;
const BIG105 = 2n ** 105n;

/** Where a check's figures take and put unit amounts: the account-after's unit j is the account's unit `from[j]` (-1: planned again). */
export interface UnitReuse {
  from: Int32Array;
  cache: Float64Array;
  params: MarginParameters;
}

/** An empty cache for an account's units (every flag 0). */
export function unitCache(c: CompiledAccount): Float64Array {
  return new Float64Array(c.unitIds.length * (2 + 4 * fieldsOf(c.params).length));
}

/**
 * One amount as four numbers [a, b, c, tag]: a small exact value `m 10^-e / d` (taint t) as
 * [m, d, 2e + t, 0]; a wide exact integer numerator `b 10^-e` (|b| < 2^105) as [b / 2^52 (floor),
 * b mod 2^52, 2e + t, 1]; an interval as [lo, hi, 0, 2]; the very object of an earlier field g as
 * [g, 0, 0, 3] (an IM base that is the MM itself stays so: the account step sums it once). False
 * for any other wide value, which is not kept.
 */
function put(x: Float64Array, at: number, v: KV, o: UnitAmounts<KV>, fields: readonly Field[], f: number): boolean {
  for (let g = 0; g < f; g++) {
    if (o[fields[g]!] === v) {
      x[at] = g;
      x[at + 3] = 3;
      return true;
    }
  }
  if (v.k === 0) {
    x[at] = v.m;
    x[at + 1] = v.d;
    x[at + 2] = 2 * v.e + v.t;
    x[at + 3] = 0;
    return true;
  }
  if (v.k === 2) {
    x[at] = v.lo;
    x[at + 1] = v.hi;
    x[at + 3] = 2;
    return true;
  }
  const b = v.b;
  if (v.bd !== 1n || b >= BIG105 || b <= -BIG105) return false;
  const lo = ((b % BIG52) + BIG52) % BIG52;
  x[at] = Number((b - lo) / BIG52);
  x[at + 1] = Number(lo);
  x[at + 2] = 2 * v.e + v.t;
  x[at + 3] = 1;
  return true;
}

function take(x: Float64Array, at: number, o: UnitAmounts<KV>, fields: readonly Field[]): KV {
  const tag = x[at + 3]!;
  if (tag === 3) return o[fields[x[at]!]!];
  if (tag === 2) return interval(x[at]!, x[at + 1]!);
  const c = x[at + 2]!;
  const e = Math.floor(c / 2);
  if (tag === 0) return small(x[at]!, e, x[at + 1]!, c - 2 * e);
  // As the kernel made it (a wide value that does not fit the small form; its taint as it was).
  return new KV(1, 0, e, 1, c - 2 * e, { b: BigInt(x[at]!) * BIG52 + BigInt(x[at + 1]!), bd: 1n });
}

/**
 * The kept amounts of the account's unit `p` into `o`; false when not kept, or kept as an interval
 * while the kernel runs in wide mode (which wants exact values: it computes the unit again).
 */
export function takeUnit(r: UnitReuse, p: number, o: UnitAmounts<KV>): boolean {
  const fields = fieldsOf(r.params);
  const x = r.cache;
  const at = p * (2 + 4 * fields.length);
  if (x[at] !== 1) return false;
  if (inWide()) for (let f = 0; f < fields.length; f++) if (x[at + 5 + 4 * f] === 2) return false;
  for (const f of ALL) o[f] = ZERO;
  for (let f = 0; f < fields.length; f++) o[fields[f]!] = take(x, at + 2 + 4 * f, o, fields);
  o.delta = x[at + 1]!;
  return true;
}

/** Keeps the amounts of the account's unit `p` (not when one of them is a wide value it cannot hold). */
export function putUnit(r: UnitReuse, p: number, o: UnitAmounts<KV>): void {
  const fields = fieldsOf(r.params);
  const x = r.cache;
  const at = p * (2 + 4 * fields.length);
  for (let f = 0; f < fields.length; f++) if (!put(x, at + 2 + 4 * f, o[fields[f]!], o, fields, f)) return;
  x[at + 1] = o.delta;
  x[at] = 1;
}
