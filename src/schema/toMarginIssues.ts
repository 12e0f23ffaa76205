import type * as z from 'zod';
import type { MarginErrorCode, MarginIssue } from './MarginInputError.js';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<PropertyKey, unknown>)[k as string] : undefined;
  }
  return v;
}

const cleanPath = (path: readonly PropertyKey[]): (string | number)[] => path.map((k) => (typeof k === 'number' ? k : String(k)));

/**
 * Translates zod issues into our stable codes. Zod's own codes are an implementation detail that
 * may change between versions; ours are a public contract.
 *
 * @param issues zod issues from a failed parse.
 * @param input the value that was parsed (to tell a missing field from a wrong type).
 * @param argument the name of the argument, echoed in each issue.
 * @example
 * ```ts
 * const r = PortfolioSchema.safeParse(rawBook);
 * if (!r.success) throw new MarginInputError(toMarginIssues(r.error.issues, rawBook, 'portfolio'));
 * ```
 */
export function toMarginIssues(issues: readonly z.core.$ZodIssue[], input: unknown, argument: string): MarginIssue[] {
  const out: MarginIssue[] = [];
  for (let n = 0; n < issues.length; n++) {
    const iss = issues[n]!;
    // zod's .int() bounds a number to the safe integers (origin 'int'), checked just before the field's
    // own .min/.max (origin 'number'), whose issue on the same side then follows it: tighter in every
    // schema of ours, it is the bound to state, so the int one goes (one issue, the field's bound).
    // Only the next issue is looked at: a list of many such fields stays linear.
    const next = issues[n + 1];
    if ((iss.code === 'too_big' || iss.code === 'too_small') && iss.origin === 'int' && next?.code === iss.code && next.origin === 'number' && next.path.join() === iss.path.join()) continue;
    const path = cleanPath(iss.path);
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) out.push({ code: 'unrecognized_key', path: [...path, key], message: `unknown key "${key}"`, argument });
      continue;
    }
    let code: MarginErrorCode;
    switch (iss.code) {
      case 'custom': {
        const c = (iss.params as { marginCode?: MarginErrorCode } | undefined)?.marginCode;
        code = c ?? 'invalid_value';
        break;
      }
      case 'invalid_type':
        code = valueAt(input, iss.path) === undefined ? 'missing_field' : 'invalid_type';
        break;
      case 'invalid_union':
        code = 'invalid_type';
        break;
      case 'too_big':
        code = iss.origin === 'array' ? 'too_many' : 'invalid_value';
        break;
      default:
        code = 'invalid_value';
    }
    const message = code === 'missing_field' ? 'required field is missing' : iss.message;
    out.push({ code, path, message, argument });
  }
  return out;
}
