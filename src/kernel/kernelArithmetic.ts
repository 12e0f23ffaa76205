import type { Arithmetic } from '../numeric/Arithmetic.js';
import { fromFloatInto, type FloatParts } from '../numeric/fromFloat.js';
import { abs, add, cmp, decimalLayerNumber, div, hi, isZero, KV, lo, max, min, mul, neg, ONE, sign, small, sub, undecided, ZERO } from './kv.js';

/** fromFloat's digits, written in place (the kernel is synchronous). */
const PARTS: FloatParts = { m: 0, e: 0 };

/**
 * The kernel's number layer for the shared methodology code (netting, risk units, add-on inputs and
 * amounts): exact kernel values (see kv.ts). A comparison the kernel cannot decide throws its
 * UNDECIDED signal, and the account goes to the Decimal path. Internal.
 */
export const KERNEL_ARITHMETIC: Arithmetic<KV> = {
  zero: ZERO,
  one: ONE,
  add,
  sub,
  mul,
  div,
  neg,
  abs,
  max,
  min,
  cmp: (a, b) => {
    const c = cmp(a, b);
    return c === c ? c : undecided();
  },
  sign: (a) => {
    const s = sign(a);
    return s === s ? s : undecided();
  },
  isZero,
  toNumber: decimalLayerNumber,
  // rollShockSum's fastExpiry reads an expiry line's digits from fromFloatInto directly and relies on
  // this being exactly small(those digits): change both or neither.
  fromFloat: (x, rounding) => {
    fromFloatInto(x, rounding, PARTS);
    return small(PARTS.m, PARTS.e);
  },
  lowerBound: lo,
  upperBound: hi,
};
