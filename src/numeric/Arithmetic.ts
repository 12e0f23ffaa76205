import { times } from './times.js';
import { D, type Decimal } from './decimal.js';
import { fromFloat, type FloatRounding } from './fromFloat.js';

/**
 * The operations the shared methodology code (netting, risk units, add-on inputs) needs from a number
 * layer. The Decimal layer ({@link DECIMAL_ARITHMETIC}) and the exact integer kernel each provide
 * one, so that a rule is written once and only the arithmetic differs. Internal (not re-exported).
 *
 * Contract: every operation returns the value the Decimal layer's operation of the same name returns
 * for the same operands (the kernel's may instead contain it: its values may be intervals). Comparisons and
 * signs return -1, 0 or 1 (a kernel that cannot decide throws its own signal).
 */
export interface Arithmetic<T> {
  readonly zero: T;
  readonly one: T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  abs(a: T): T;
  max(a: T, b: T): T;
  min(a: T, b: T): T;
  /** Sign of `a - b`. */
  cmp(a: T, b: T): number;
  sign(a: T): number;
  isZero(a: T): boolean;
  /** The float64 the Decimal layer reads from this value (`toNumber()`). */
  toNumber(a: T): number;
  /** A float model value as an exact decimal (see `fromFloat`). */
  fromFloat(x: number, rounding: FloatRounding): T;
  /**
   * A float at most the value, and one at least the value (NaN or infinite: no bound): what a shared
   * rule may use to skip exact work whose outcome the bounds already decide (e.g. a charge plainly
   * below its threshold is 0 in every layer). A layer whose bounds cost more than the work they save
   * returns -Infinity / +Infinity, and the rule then does the exact work.
   */
  lowerBound(a: T): number;
  upperBound(a: T): number;
}

/** The Decimal layer's arithmetic: decimal.js operations, exactly as the Decimal code writes them. */
export const DECIMAL_ARITHMETIC: Arithmetic<Decimal> = {
  zero: new D(0),
  one: new D(1),
  add: (a, b) => a.plus(b),
  sub: (a, b) => a.minus(b),
  mul: times, // a.mul(b), without the multiplication when b is exactly 1 (same value)
  div: (a, b) => a.div(b),
  neg: (a) => a.neg(),
  abs: (a) => a.abs(),
  max: (a, b) => D.max(a, b),
  min: (a, b) => D.min(a, b),
  cmp: (a, b) => a.comparedTo(b),
  sign: (a) => (a.isZero() ? 0 : a.s),
  isZero: (a) => a.isZero(),
  toNumber: (a) => a.toNumber(),
  fromFloat,
  // toNumber() of a Decimal costs more than the work a bound would save.
  lowerBound: () => -Infinity,
  upperBound: () => Infinity,
};
