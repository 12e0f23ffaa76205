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
 * Per unit: a filled flag, the net delta, then 4 numbers per kept amount (see `put`); a wide numerator
 * as hexadecimal text beside them. The amounts kept
 * are those the account step (accountRequirement) reads for the parameter set: MM and the IM base
 * always, the rest-of-unit amounts only with joint scenario sets, the scan charges only with inter-unit
 * credits; the others read back as 0. A 5-unit account under deribit-pm keeps 5 x 10 x 8 = 400 bytes
 * of numbers and, for its wide requirements (54 digits), about 5 x 64 bytes of text.
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

/** One account's kept amounts: the numbers, and the wide numerators as hexadecimal text (see `put`). */
export interface UnitCache {
  x: Float64Array;
  s: string[];
}

/** Where a check's figures take and put unit amounts: the account-after's unit j is the account's unit `from[j]` (-1: planned again). */
export interface UnitReuse {
  from: Int32Array;
  cache: UnitCache;
  params: MarginParameters;
}

/** An empty cache for an account's units (every flag 0). */
export function unitCache(c: CompiledAccount): UnitCache {
  return { x: new Float64Array(c.unitIds.length * (2 + 4 * fieldsOf(c.params).length)), s: [] };
}

/**
 * One amount as four numbers [a, b, c, tag]: a small exact value `m 10^-e / d` (taint t) as
 * [m, d, 2e + t, 0]; a wide exact integer numerator `b 10^-e` as [i, 0, 2e + t, 1] (b >= 0) or 4
 * (b < 0), |b| in hexadecimal the i-th text (a 54-digit requirement: 45 characters); an interval as
 * [lo, hi, 0, 2]; the very object of an earlier field g as [g, 0, 0, 3] (an IM base that is the MM
 * itself stays so: the account step sums it once). False for a wide value with a denominator, which
 * is not kept.
 */
function put(cache: UnitCache, at: number, v: KV, o: UnitAmounts<KV>, fields: readonly Field[], f: number): boolean {
  const x = cache.x;
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
  if (v.bd !== 1n) return false;
  const b = v.b;
  x[at] = cache.s.length;
  cache.s.push((b < 0n ? -b : b).toString(16));
  x[at + 2] = 2 * v.e + v.t;
  x[at + 3] = b < 0n ? 4 : 1;
  return true;
}

function take(cache: UnitCache, at: number, o: UnitAmounts<KV>, fields: readonly Field[]): KV {
  const x = cache.x;
  const tag = x[at + 3]!;
  if (tag === 3) return o[fields[x[at]!]!];
  if (tag === 2) return interval(x[at]!, x[at + 1]!);
  const c = x[at + 2]!;
  const e = Math.floor(c / 2);
  if (tag === 0) return small(x[at]!, e, x[at + 1]!, c - 2 * e);
  const b = BigInt('0x' + cache.s[x[at]!]!);
  // As the kernel made it (a wide value that does not fit the small form; its taint as it was).
  return new KV(1, 0, e, 1, c - 2 * e, { b: tag === 4 ? -b : b, bd: 1n });
}

/**
 * The kept amounts of the account's unit `p` into `o`; false when not kept, or kept as an interval
 * while the kernel runs in wide mode (which wants exact values: it computes the unit again).
 */
export function takeUnit(r: UnitReuse, p: number, o: UnitAmounts<KV>): boolean {
  const fields = fieldsOf(r.params);
  const x = r.cache.x;
  const at = p * (2 + 4 * fields.length);
  if (x[at] !== 1) return false;
  if (inWide()) for (let f = 0; f < fields.length; f++) if (x[at + 5 + 4 * f] === 2) return false;
  for (const f of ALL) o[f] = ZERO;
  for (let f = 0; f < fields.length; f++) o[fields[f]!] = take(r.cache, at + 2 + 4 * f, o, fields);
  o.delta = x[at + 1]!;
  return true;
}

/** Keeps the amounts of the account's unit `p` (not when one of them is a wide value it cannot hold). */
export function putUnit(r: UnitReuse, p: number, o: UnitAmounts<KV>): void {
  const fields = fieldsOf(r.params);
  const x = r.cache.x;
  const at = p * (2 + 4 * fields.length);
  if (x[at] === 1) return;
  const texts = r.cache.s.length;
  for (let f = 0; f < fields.length; f++) {
    if (!put(r.cache, at + 2 + 4 * f, o[fields[f]!], o, fields, f)) {
      r.cache.s.length = texts;
      return;
    }
  }
  x[at + 1] = o.delta;
  x[at] = 1;
}
