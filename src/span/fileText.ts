import { D, type Decimal } from '../numeric/decimal.js';
import { MarginInputError } from '../schema/MarginInputError.js';

/**
 * Helpers shared by the two SPAN file readers (internal): line numbers, the one error shape, and the
 * exact reading of numbers from text.
 */

/** 1-based line number of `offset` in `text`; counted only when an error is reported. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  let i = text.indexOf('\n');
  while (i !== -1 && i < offset) {
    line++;
    i = text.indexOf('\n', i + 1);
  }
  return line;
}

/** The typed error for a file that cannot be read: code `invalid_span_file`, argument `text`. */
export function fileError(message: string, path: (string | number)[], line: number): MarginInputError {
  return new MarginInputError([{ code: 'invalid_span_file', path, message: `line ${line}: ${message}`, argument: 'text', line }]);
}

const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?$/;

/**
 * A number written in an XML element (xs:double in CME's schema), read exactly: plain decimals and
 * exponent notation (`1.5E-4`) are accepted; `NaN`, `INF`, anything else or a magnitude above 1e24
 * give `undefined`. Money never goes through a float. Whitespace around the number is allowed (XML).
 */
export function parseDecimal(raw: string): Decimal | undefined {
  const s = raw.trim();
  if (s.length === 0 || s.length > 64 || !DECIMAL_TEXT.test(s)) return undefined;
  const d = new D(s);
  if (d.abs().gt(LIMIT)) return undefined;
  return d.isZero() ? ZERO : d;
}

const LIMIT = new D('1e24');

const PLAIN = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?\s*$/;

/**
 * A decimal written in the file as an exact scaled integer: `[units, decimals]` with
 * `value = units / 10^decimals` (`decimals` may be negative for exponent notation), or `undefined`
 * when `raw` is not a number or has more than 15 significant digits (integers must stay below 2^53
 * to be exact). Digit by digit, never through a float.
 */
export function parseUnits(raw: string): [number, number] | undefined {
  const m = PLAIN.exec(raw);
  if (m === null) return undefined;
  const int = m[2]!;
  const frac = m[3] ?? '';
  if (int.length + frac.length === 0) return undefined;
  const digits = (int + frac).replace(/^0+/, '');
  if (digits.length > 15) return undefined;
  const units = digits.length === 0 ? 0 : Number(digits);
  return [m[1] === '-' && units !== 0 ? -units : units, frac.length - (m[4] === undefined ? 0 : Number(m[4]))];
}

/** Brings scaled integers `[units, decimals]` to one scale (the largest, at least 0); `undefined` if an integer would pass 2^53. */
export function commonScale(values: readonly [number, number][]): { scale: number; units: number[] } | undefined {
  let scale = 0;
  for (const [, d] of values) if (d > scale) scale = d;
  const units: number[] = [];
  for (const [u, d] of values) {
    const x = u * 10 ** (scale - d);
    if (!Number.isSafeInteger(x)) return undefined;
    units.push(x === 0 ? 0 : x);
  }
  return { scale, units };
}
const ZERO = new D(0);

/**
 * 1-based line numbers of offsets asked for in increasing order (document order), counted
 * incrementally: linear over the whole file, where {@link lineAt} per element would be quadratic.
 */
export class LineCounter {
  private offset = 0;
  private line = 1;
  constructor(private readonly text: string) {}
  at(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    let i = this.text.indexOf('\n', this.offset);
    while (i !== -1 && i < offset) {
      this.line++;
      i = this.text.indexOf('\n', i + 1);
    }
    this.offset = offset;
    return this.line;
  }
}

/** An integer written in an XML element or a positional field (e.g. a priority, a rate id). */
export function integerText(raw: string, path: (string | number)[], line: number): number {
  const s = raw.trim();
  if (!/^[+-]?\d{1,9}$/.test(s)) throw fileError(`expected an integer, got ${JSON.stringify(raw.slice(0, 40))}`, path, line);
  return Number(s);
}

/**
 * A positional numeric field: only digits (leading blanks allowed, all-blank = `blank`), with
 * `decimals` implied decimal places, optionally negated. Exact.
 */
export function fixedDecimal(field: string, decimals: number, negative: boolean, path: (string | number)[], line: number, blank?: Decimal): Decimal {
  const s = field.trim();
  if (s.length === 0) {
    if (blank !== undefined) return blank;
    throw fileError('numeric field is blank', path, line);
  }
  if (!/^\d+$/.test(s)) throw fileError(`expected digits, got ${JSON.stringify(field)}`, path, line);
  let d = new D(s);
  if (decimals > 0) d = d.div(pow10(decimals));
  else if (decimals < 0) d = d.mul(pow10(-decimals));
  if (negative && !d.isZero()) d = d.neg();
  return d.isZero() ? new D(0) : d;
}

const POW10: Decimal[] = [];
function pow10(n: number): Decimal {
  return (POW10[n] ??= new D(10).pow(n));
}

/** A positional sign field: `'-'` negative, `'+'` or blank positive; anything else is an error. */
export function signField(ch: string, path: (string | number)[], line: number): boolean {
  if (ch === '-') return true;
  if (ch === '+' || ch === ' ' || ch === '') return false;
  throw fileError(`expected a sign ('+' or '-'), got ${JSON.stringify(ch)}`, path, line);
}
