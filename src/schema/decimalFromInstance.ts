import { D, type Decimal } from '../numeric/decimal.js';

/** What {@link decimalFromInstance} makes of an object: not a decimal.js instance, one refused (with the reason), or its value. */
export type DecimalInstanceReading = { kind: 'other' } | { kind: 'refused'; reason: string } | { kind: 'decimal'; value: Decimal };

const TAG = '[object Decimal]';
const LIMB = 1e7; // decimal.js stores digits in base-1e7 limbs

/** An own data property's value, never a getter's (a hostile object's getters are not run). */
function own(o: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d !== undefined && 'value' in d ? d.value : undefined;
}

/**
 * Reads a decimal.js instance (ours, or one from any other copy or version of decimal.js) by its
 * fields alone: sign `s`, exponent `e` and base-1e7 digit limbs `d`, all own data properties, the
 * prototype carrying decimal.js's `toStringTag`. None of its methods is called, so a look-alike
 * cannot run code, and the bounds are checked on `e` and `d.length` before any string is built:
 * `new Decimal('1e-600000000')` is refused in constant time, not expanded into 600 million digits.
 * A plain object (`{"toStringTag": "[object Decimal]"}` from JSON) is never a decimal.
 *
 * @param maxDigits significant digits accepted (the boundary's bound).
 * @param minExponent smallest decimal exponent accepted for a nonzero value (|x| >= 10^minExponent).
 * @param maxExponent largest decimal exponent accepted (|x| < 10^(maxExponent + 1)).
 * Internal (not re-exported from the package).
 *
 * @example
 * ```ts
 * decimalFromInstance(D('1.5'), 40, -324, 24); // { kind: 'decimal', value: D('1.5') }
 * decimalFromInstance({ toStringTag: '[object Decimal]' }, 40, -324, 24); // { kind: 'other' }
 * ```
 */
export function decimalFromInstance(v: object, maxDigits: number, minExponent: number, maxExponent: number): DecimalInstanceReading {
  let proto: unknown;
  try {
    proto = Object.getPrototypeOf(v);
    if (proto === null || proto === Object.prototype || typeof proto !== 'object' || own(proto, 'toStringTag') !== TAG) return { kind: 'other' };
  } catch {
    return { kind: 'other' }; // a Proxy whose traps throw
  }
  // No `instanceof D` shortcut: every clone of one decimal.js module shares one prototype, so a
  // host's `Decimal.clone()` instance (unbounded exponent) passes `instanceof D`. Fields only.
  const s = own(v, 's');
  const e = own(v, 'e');
  const d = own(v, 'd');
  if (d === null || (typeof s === 'number' && Number.isNaN(s))) return { kind: 'refused', reason: 'expected a finite decimal, got NaN or Infinity' };
  if ((s !== 1 && s !== -1) || typeof e !== 'number' || !Number.isInteger(e) || !Array.isArray(d) || d.length === 0) return { kind: 'refused', reason: 'not a well-formed decimal.js value' };
  // 40 significant digits span at most 7 limbs (the first holds 1..7 digits); one more for slack.
  if (d.length > Math.ceil(maxDigits / 7) + 2) return { kind: 'refused', reason: `more than ${maxDigits} significant digits` };
  let digits = '';
  for (let i = 0; i < d.length; i++) {
    const w = d[i];
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w >= LIMB || (i === 0 && w === 0 && d.length > 1)) return { kind: 'refused', reason: 'not a well-formed decimal.js value' };
    digits += i === 0 ? String(w) : String(w).padStart(7, '0');
  }
  digits = digits.replace(/0+$/, '');
  if (digits === '') return { kind: 'decimal', value: new D(0) };
  if (digits.length > maxDigits) return { kind: 'refused', reason: `more than ${maxDigits} significant digits` };
  if (e < minExponent || e > maxExponent) return { kind: 'refused', reason: `magnitude outside the accepted bounds (1e${minExponent} to 1e${maxExponent + 1})` };
  return { kind: 'decimal', value: new D(`${s < 0 ? '-' : ''}${digits[0]}.${digits.slice(1)}e${e}`) };
}
