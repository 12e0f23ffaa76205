/**
 * Decimal text as Derive's harness reads it: converted to 18-decimal fixed point, digits past the
 * 18th decimal truncated (toward zero). Works on text with the library's Decimal, never a float.
 */
import { D, type Decimal } from '../../src/index';
import { JsonNumber, type Json } from './readJson';

/** A case value (JSON number or decimal string, e.g. '.238') as exact text. */
export function textOf(v: Json | undefined, what: string): string {
  if (v instanceof JsonNumber) return v.text;
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  throw new Error(`${what}: expected a number, got ${JSON.stringify(v)}`);
}

/** The value truncated to 18 decimals, as a Decimal. */
export function fixed18(v: Json | undefined, what: string): Decimal {
  const t = textOf(v, what);
  const s = t.startsWith('.') ? `0${t}` : t.startsWith('-.') ? `-0${t.slice(1)}` : t;
  const d = new D(s);
  if (!d.isFinite()) throw new Error(`${what}: not a finite number: ${t}`);
  return d.toDecimalPlaces(18, D.ROUND_DOWN);
}

/** An integer scaled by 1e18 (SRM test-cases.json), exactly. */
export function wei(v: Json | undefined, what: string): Decimal {
  return new D(textOf(v, what)).div('1e18');
}

/** Plain decimal text (no exponent) for the library's inputs. */
export const str = (d: Decimal): string => (d.isZero() ? '0' : d.toFixed());
