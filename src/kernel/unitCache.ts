import type { MarginParameters } from '../margin/MarginParameters.js';
import type { UnitAmounts } from '../margin/portfolioRequirement.js';
import type { CompiledAccount } from './compileAccount.js';
import { inWide, interval, KV, small, ZERO } from './kv.js';

/*
 * The pre-trade check's unit reuse (internal). A check recompiles the account after the trades
 * incrementally: the units the trades cannot reach are the account's own units, copied (compileLines),
 * so at one tick their amounts are the account's. The engine keeps those amounts per compiled account
 * and tick, filled by checks only (figures never fill it), in one array of numbers per account (no KV
 * objects or BigInts: nothing for the collector to trace, about 8 bytes a number).
 *
 * Layout: the first n numbers (n units) are the offsets of the units' records (0: not kept); a record
 * is the unit's net delta, then each kept amount (see `put`). The amounts kept are those the account
 * step (accountRequirement) reads for the parameter set: MM and the IM base always, the rest-of-unit
 * amounts only with joint scenario sets, the scan charges only with inter-unit credits; the others read
 * back as 0. A 5-unit account under deribit-pm (54-digit requirements, the IM base the MM itself) keeps
 * 5 + 5 x 10 numbers: about 470 bytes.
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
const BIG_LIMB = 52n;
const LIMB_MASK = 2n ** 52n - 1n;

/**
 * Where a check's figures take and put unit amounts: the account-after's unit j is the account's unit
 * `from[j]` (-1: planned again); `x` the account's kept amounts (replaced by a longer array when a unit is added).
 */
export interface UnitReuse {
  from: Int32Array;
  x: number[];
  params: MarginParameters;
}

/** An empty cache for an account's units. */
export function unitCache(c: CompiledAccount): number[] {
  const x: number[] = [];
  for (let j = 0; j < c.unitIds.length; j++) x.push(0);
  return x;
}

/**
 * One amount appended to `out`, led by its tag: a small exact value `m 10^-e / d` (taint t) as
 * [0, m, d, 2e + t]; a wide exact integer numerator `b 10^-e` as [1 (b >= 0) or 4 (b < 0), 2e + t,
 * L, then |b| in L base-2^52 limbs, lowest first] (a 54-digit requirement: 4 limbs); an interval as
 * [2, lo, hi]; the very object of an earlier field g as [3, g] (an IM base that is the MM itself
 * stays so: the account step sums it once). False for a wide value with a denominator, not kept.
 */
function put(out: number[], v: KV, o: UnitAmounts<KV>, fields: readonly Field[], f: number): boolean {
  for (let g = 0; g < f; g++) {
    if (o[fields[g]!] === v) {
      out.push(3, g);
      return true;
    }
  }
  if (v.k === 0) out.push(0, v.m, v.d, 2 * v.e + v.t);
  else if (v.k === 2) out.push(2, v.lo, v.hi);
  else {
    if (v.bd !== 1n) return false;
    let b = v.b;
    out.push(b < 0n ? 4 : 1, 2 * v.e + v.t, 0);
    const count = out.length - 1;
    if (b < 0n) b = -b;
    for (; b > 0n; b >>= BIG_LIMB) out.push(Number(b & LIMB_MASK));
    out[count] = out.length - count - 1;
  }
  return true;
}

/**
 * The kept amounts of the account's unit `p` into `o`; false when not kept, or kept as an interval
 * while the kernel runs in wide mode (which wants exact values: it computes the unit again, and
 * overwrites what this wrote).
 */
export function takeUnit(r: UnitReuse, p: number, o: UnitAmounts<KV>): boolean {
  const x = r.x;
  let k = x[p]!;
  if (k === 0) return false;
  const fields = fieldsOf(r.params);
  for (const f of ALL) o[f] = ZERO;
  o.delta = x[k++]!;
  for (let f = 0; f < fields.length; f++) {
    const tag = x[k]!;
    let v: KV;
    if (tag === 3) {
      v = o[fields[x[k + 1]!]!];
      k += 2;
    } else if (tag === 2) {
      if (inWide()) return false;
      v = interval(x[k + 1]!, x[k + 2]!);
      k += 3;
    } else {
      const c = tag === 0 ? x[k + 3]! : x[k + 1]!;
      const e = Math.floor(c / 2);
      if (tag === 0) {
        v = small(x[k + 1]!, e, x[k + 2]!, c - 2 * e);
        k += 4;
      } else {
        const n = x[k + 2]!;
        let b = 0n;
        for (let q = n - 1; q >= 0; q--) b = (b << BIG_LIMB) + BigInt(x[k + 3 + q]!);
        // As the kernel made it (a wide value that does not fit the small form; its taint as it was).
        v = new KV(1, 0, e, 1, c - 2 * e, { b: tag === 4 ? -b : b, bd: 1n });
        k += 3 + n;
      }
    }
    o[fields[f]!] = v;
  }
  return true;
}

/** Keeps the amounts of the account's unit `p` (not when one of them is a wide value it cannot hold): `r.x` becomes a longer array. */
export function putUnit(r: UnitReuse, p: number, o: UnitAmounts<KV>): void {
  if (r.x[p] !== 0) return;
  const fields = fieldsOf(r.params);
  const rec: number[] = [o.delta];
  for (let f = 0; f < fields.length; f++) if (!put(rec, o[fields[f]!], o, fields, f)) return;
  // One exact-size array (concat), not one grown by pushes with spare room.
  const x = r.x.concat(rec);
  x[p] = r.x.length;
  r.x = x;
}

