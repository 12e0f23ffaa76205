import { decimalLayerNumber, KV, small, ZERO } from './kv.js';
import { P10 } from '../numeric/powersOfTen.js';
import { roomy } from '../numeric/roomy.js';

/*
 * Kernel values packed into int32 slots (internal), so that a compiled account is one Int32Array:
 * compact (the retained memory of a kept handle) and contiguous (the kernel reads it front to back
 * without chasing pointers). A value `m * 10^-e` takes:
 * - 2 ints `[2e, m]` when |m| < 2^31 (most quantities, prices, balances);
 * - 3 ints `[2e + 1, hi, lo]` for a larger safe-integer mantissa `m = hi * 2^32 + lo` (lo unsigned);
 * - 3 ints `[WIDE, i, 0]` for a value that is not a small exact decimal (BigInt, a rational): its
 *   KV object is `side[i]`.
 */

export const WIDE = 0x7fffffff;
const TWO31 = 2147483648;
const TWO32 = 4294967296;

/**
 * A growable int32 buffer (a compiled account in the making): appended int by int, then copied out
 * once at its length. Its ints are those an array of numbers would convert to (ToInt32).
 */
export class IntBuffer {
  buf: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.buf = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.buf.length) this.grow(this.length + 1);
    this.buf[this.length++] = v;
  }
  /** Appends the ints of another buffer (one loop, no capacity check per int). */
  append(o: IntBuffer): void {
    const n = this.length + o.length;
    if (n > this.buf.length) this.grow(n);
    const b = this.buf;
    const from = o.buf;
    for (let j = 0, k = this.length; k < n; j++, k++) b[k] = from[j]!;
    this.length = n;
  }
  /** Appends the ints `a[from..to)` (a loop: no view made, which costs more than the copy of an account's few hundred ints). */
  appendRange(a: Int32Array, from: number, to: number): void {
    const n = this.length + (to - from);
    if (n > this.buf.length) this.grow(n);
    const b = this.buf;
    for (let j = from, k = this.length; k < n; j++, k++) b[k] = a[j]!;
    this.length = n;
  }
  /** Room for at least `n` ints in all (the capacity doubled until it fits), so that `n - length` ints may be written by index. */
  grow(n: number): void {
    let c = Math.max(16, 2 * this.buf.length);
    while (c < n) c *= 2;
    const b = new Int32Array(c);
    b.set(this.buf);
    this.buf = b;
  }
  /** A copy of the ints written. */
  ints(): Int32Array {
    return this.buf.slice(0, this.length);
  }
}

/** Appends a value to `ints` (its KV to `side` when it is not a small exact decimal): room made once, its ints written by index. */
export function pushValue(ints: IntBuffer, side: KV[], v: KV): void {
  const n = ints.length;
  if (n + 3 > ints.buf.length) ints.grow(n + 3);
  const b = ints.buf;
  if (v.k === 0 && v.d === 1 && v.t === 0 && Math.abs(v.e) < 0x3fffffff) {
    if (v.m < TWO31 && v.m > -TWO31) {
      b[n] = 2 * v.e;
      b[n + 1] = v.m;
      ints.length = n + 2;
    } else {
      const hi = Math.floor(v.m / TWO32);
      b[n] = 2 * v.e + 1;
      b[n + 1] = hi;
      b[n + 2] = v.m - hi * TWO32;
      ints.length = n + 3;
    }
  } else {
    b[n] = WIDE;
    b[n + 1] = side.length;
    b[n + 2] = 0;
    ints.length = n + 3;
    side.push(v);
  }
}

/** The number of ints of the value at `k`. */
export function valueSize(I: Int32Array, k: number): number {
  return I[k]! & 1 ? 3 : 2;
}

/** Whether the value at `k` is not a small exact decimal. */
export function isWide(I: Int32Array, k: number): boolean {
  return I[k] === WIDE;
}

/** Whether the value at `k` is 0. */
export function isZeroAt(I: Int32Array, k: number): boolean {
  return I[k] === 0 && I[k + 1] === 0;
}

/** The mantissa of a small value at `k` (not for WIDE). */
export function mantissaAt(I: Int32Array, k: number): number {
  return I[k]! & 1 ? I[k + 1]! * TWO32 + (I[k + 2]! >>> 0) : I[k + 1]!;
}

/** The exponent of a small value at `k` (not for WIDE). */
export function exponentAt(I: Int32Array, k: number): number {
  return I[k]! >> 1;
}

/**
 * The value at `k` as a kernel value. Packed again ({@link pushValue}) it writes the ints it was read
 * from (a small value's mantissa and exponent are kept, and a small zero is always ZERO, exponent 0);
 * a wide one is the same KV, referred to at its new index in the new side list. A recompile copies a
 * prior unit's values this way.
 */
export function valueAt(I: Int32Array, side: readonly KV[], k: number): KV {
  const t = I[k]!;
  if (t === WIDE) return side[I[k + 1]!]!;
  if (t === 0 && I[k + 1] === 0) return ZERO;
  return small(t & 1 ? I[k + 1]! * TWO32 + (I[k + 2]! >>> 0) : I[k + 1]!, t >> 1);
}

/** The float64 the Decimal layer reads from the value at `k` (`toNumber()`); UNDECIDED when the kernel cannot tell. */
export function numberAt(I: Int32Array, side: readonly KV[], k: number): number {
  const t = I[k]!;
  if (t === WIDE) return decimalLayerNumber(side[I[k + 1]!]!);
  const m = t & 1 ? I[k + 1]! * TWO32 + (I[k + 2]! >>> 0) : I[k + 1]!;
  const e = t >> 1;
  // One correctly rounded float operation on exact operands (as decimalLayerNumber).
  return e >= 0 && e <= 22 ? m / P10[e]! : e < 0 && -e <= 22 ? m * P10[-e]! : decimalLayerNumber(small(m, e));
}

/*
 * Lists of small integers (a shared add-on plan: counts and holding indices) packed into int32 slots:
 * a header `2 * length + 1` when every value fits in a signed byte (four values a slot, the first in
 * the low byte), else `2 * length` and one value a slot. Most plans are bytes: a quarter of the memory
 * of a kept handle's plans.
 */

/** Appends a list of integers to `ints` (see above): the first `count` of `values` (all by default). */
export function pushIntList(ints: IntBuffer, values: ArrayLike<number>, count = values.length): void {
  // One pass: packed as bytes while each value is checked to fit (room made once for either form,
  // written by index); a value that does not fit, rare, has the list written again one value a slot.
  const at = ints.length;
  if (at + 1 + count > ints.buf.length) ints.grow(at + 1 + count);
  const b = ints.buf;
  let bytes = true;
  let k = at + 1;
  for (let j = 0; j < count; j += 4) {
    let w = 0;
    for (let q = 0; q < 4 && j + q < count; q++) {
      const v = values[j + q]!;
      if (v < -128 || v > 127) bytes = false;
      w |= (v & 255) << (8 * q);
    }
    b[k++] = w;
  }
  if (!bytes) {
    k = at + 1;
    for (let j = 0; j < count; j++) b[k++] = values[j]!;
  }
  b[at] = 2 * count + (bytes ? 1 : 0);
  ints.length = k;
}

/**
 * Opens a list of at most `n` integers at the end of `ints`, to be written in place one value a slot
 * (the form {@link pushIntList} falls back to: read alike), without a scratch list and a copy: returns
 * the offset its first value goes to; the values written, {@link closeIntList} ends it.
 */
export function openIntList(ints: IntBuffer, n: number): number {
  if (ints.length + 1 + n > ints.buf.length) ints.grow(ints.length + 1 + n);
  return ints.length + 1;
}

/** Ends the list opened at the end of `ints` (see {@link openIntList}) whose values end at `end`. */
export function closeIntList(ints: IntBuffer, end: number): void {
  ints.buf[ints.length] = 2 * (end - ints.length - 1);
  ints.length = end;
}

/** The number of ints of the list at `k`, its header included. */
export function intListSize(I: Int32Array, k: number): number {
  const h = I[k]!;
  const n = h >> 1;
  return 1 + (h & 1 ? (n + 3) >> 2 : n);
}

/**
 * The list at `k`, written into `out` from index 0 (grown when too short); returns `out`. A byte list
 * is unpacked a slot (four values) at a time, so up to 3 slots past the list's length may be written.
 */
export function intListAt(I: Int32Array, k: number, out: Int32Array): Int32Array {
  const h = I[k]!;
  const n = h >> 1;
  const room = (n + 3) & ~3;
  out = roomy(out, room);
  if (h & 1) {
    for (let j = 0, s = k + 1; j < n; j += 4, s++) {
      const w = I[s]!;
      out[j] = (w << 24) >> 24;
      out[j + 1] = (w << 16) >> 24;
      out[j + 2] = (w << 8) >> 24;
      out[j + 3] = w >> 24;
    }
  } else for (let j = 0; j < n; j++) out[j] = I[k + 1 + j]!;
  return out;
}
