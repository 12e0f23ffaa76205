import { decimalLayerNumber, KV, small } from './kv.js';

/*
 * Kernel values packed into int32 slots (internal), so that a compiled account is one Int32Array:
 * compact (the retained memory of a kept handle) and contiguous (the kernel reads it front to back
 * without chasing pointers). A value takes 3 ints: the mantissa `m` as `hi * 2^32 + lo` (hi signed,
 * lo unsigned: exact for |m| < 2^53) and the exponent `e` (value m * 10^-e). A value that is not a
 * small exact decimal (a BigInt one, a rational) keeps its KV object in a side list, its slot
 * holding the list index and the exponent marker WIDE.
 */

export const WIDE = -0x80000000;
const TWO32 = 4294967296;

/** Appends a value's 3 ints to `ints` (or its index in `side` for a value that is not a small exact decimal). */
export function pushValue(ints: number[], side: KV[], v: KV): void {
  if (v.k === 0 && v.d === 1 && v.t === 0 && v.e > WIDE && v.e < 0x7fffffff) {
    const hi = Math.floor(v.m / TWO32);
    ints.push(hi, v.m - hi * TWO32, v.e);
  } else {
    ints.push(side.length, 0, WIDE);
    side.push(v);
  }
}

/** The mantissa of a small value at slot `k` (not for WIDE slots). */
export function mantissaAt(I: Int32Array, k: number): number {
  return I[k]! * TWO32 + (I[k + 1]! >>> 0);
}

/** The value at slot `k` as a kernel value. */
export function valueAt(I: Int32Array, side: readonly KV[], k: number): KV {
  const e = I[k + 2]!;
  return e === WIDE ? side[I[k]!]! : small(I[k]! * TWO32 + (I[k + 1]! >>> 0), e);
}

/** The float64 the Decimal layer reads from the value at slot `k` (`toNumber()`); UNDECIDED when the kernel cannot tell. */
export function numberAt(I: Int32Array, side: readonly KV[], k: number): number {
  const e = I[k + 2]!;
  if (e === WIDE) return decimalLayerNumber(side[I[k]!]!);
  const m = I[k]! * TWO32 + (I[k + 1]! >>> 0);
  // One correctly rounded float operation on exact operands (as decimalLayerNumber).
  return e >= 0 && e <= 22 ? m / P10[e]! : e < 0 && -e <= 22 ? m * P10[-e]! : decimalLayerNumber(small(m, e));
}

const P10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
