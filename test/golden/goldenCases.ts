import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { fromDeribitModelParams } from '../../src/presets/fromDeribitModelParams.js';

/**
 * Golden cases: test/golden/<case>/{input.json, expected.json, SOURCE.md}.
 *
 * input.json:    `{ "call": "<public function name>", "args": [...] }`. Any `{ "$preset": "<id>" }` inside
 *                `args` is replaced by that preset (plain parameter data) before the call, and any
 *                `{ "$call": "<builder>", "args": [...] }` by what that public parameter builder returns
 *                (`fromDeribitModelParams`: a venue's own parameter object, as the venue publishes it).
 * expected.json: `{ "result": <partial expected output> }` or `{ "error": { "code", "path", "argument"? } }`,
 *                plus `"tolerance": { "default"?: number, "paths"?: { "<dotted.path>": number } }`.
 *                Objects in `result` are partial (only the keys given are checked); arrays must match in
 *                length unless written as an object with index keys (`{ "0": {...} }`). A string leaf is
 *                compared exactly (decimal strings) unless a tolerance is declared for its path; a number
 *                leaf within the tolerance of its path (default 0 = exact). Paths may use `*` for any key.
 * SOURCE.md:     where each expected figure comes from, and the lines `input-sha256: <hex>` and
 *                `expected-sha256: <hex>` of the two JSON files, so a re-baseline is never automatic.
 */
export const GOLDEN_DIR = __dirname;

export interface GoldenCase {
  name: string;
  dir: string;
  input: { call: string; args: unknown[] };
  expected: GoldenExpected;
  source: string;
}

export interface GoldenExpected {
  result?: unknown;
  error?: { code: string; path: (string | number)[]; argument?: string };
  tolerance?: { default?: number; paths?: Record<string, number> };
}

export function loadCases(): GoldenCase[] {
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(GOLDEN_DIR, d.name, 'input.json')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(GOLDEN_DIR, name);
      return {
        name,
        dir,
        input: JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')),
        expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')),
        source: existsSync(join(dir, 'SOURCE.md')) ? readFileSync(join(dir, 'SOURCE.md'), 'utf8') : '',
      };
    });
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Public functions that build a parameter set from a venue's own data, for `{ "$call": name, "args": [...] }` in golden inputs. */
const BUILDERS: Record<string, (...args: never[]) => unknown> = { fromDeribitModelParams };

/** Replaces every `{ "$preset": id }` by a deep copy of that preset, and every `{ "$call": builder, "args": [...] }` by the builder's plain-data result. */
export function resolvePresets(v: unknown, presets: Record<string, unknown>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolvePresets(x, presets));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$preset === 'string' && Object.keys(o).length === 1) {
      const p = presets[o.$preset];
      if (p === undefined) throw new Error(`unknown preset ${o.$preset}`);
      return JSON.parse(JSON.stringify(p));
    }
    if (typeof o.$call === 'string' && Array.isArray(o.args) && Object.keys(o).length === 2) {
      const f = BUILDERS[o.$call];
      if (f === undefined) throw new Error(`unknown builder ${o.$call}`);
      return JSON.parse(JSON.stringify(f(...(resolvePresets(o.args, presets) as never[]))));
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolvePresets(x, presets)]));
  }
  return v;
}

/**
 * The dispatcher, as source text with no imports, so that every runtime (src under vitest, ESM and
 * CJS builds, ts-node, a bundle inside `node:vm`) runs exactly the same code on its own copy of the
 * API. Takes `(api, inputJson)` and returns a JSON string: `{ ok }`, `{ error: { name, issues } }` for
 * the library's typed error, or `{ skipped }` when `api` has no such function. Any other exception
 * propagates.
 */
export const DISPATCH_SOURCE = `(function (api, inputJson) {
  var input = JSON.parse(inputJson);
  var fn = api[input.call];
  if (typeof fn !== 'function') return JSON.stringify({ skipped: input.call });
  try {
    return JSON.stringify({ ok: fn.apply(null, input.args) });
  } catch (e) {
    if (api.MarginInputError && e instanceof api.MarginInputError) {
      return JSON.stringify({ error: { name: e.name, issues: e.issues.map(function (i) {
        return { code: i.code, path: i.path, argument: i.argument === undefined ? null : i.argument };
      }) } });
    }
    throw e;
  }
})`;

export type Dispatch = (api: unknown, inputJson: string) => string;

export function makeDispatch(): Dispatch {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(`return ${DISPATCH_SOURCE};`)() as Dispatch;
}

export interface DispatchOutput {
  ok?: unknown;
  error?: { name: string; issues: { code: string; path: (string | number)[]; argument: string | null }[] };
  skipped?: string;
}

function toleranceFor(path: string[], tol: GoldenExpected['tolerance']): number {
  const key = path.join('.');
  const paths = tol?.paths ?? {};
  if (key in paths) return paths[key]!;
  for (const [pattern, t] of Object.entries(paths)) {
    const parts = pattern.split('.');
    if (parts.length === path.length && parts.every((p, i) => p === '*' || p === path[i])) return t;
  }
  return tol?.default ?? 0;
}

/** Every mismatch between an expected (partial) value and the actual output, as readable lines. */
export function compareExpected(expected: unknown, actual: unknown, tol: GoldenExpected['tolerance'], path: string[] = []): string[] {
  const at = path.join('.') || '(root)';
  if (expected === null || typeof expected !== 'object') {
    const t = toleranceFor(path, tol);
    if (typeof expected === 'string') {
      if (typeof actual !== 'string') return [`${at}: expected string ${expected}, got ${JSON.stringify(actual)}`];
      if (t === 0) return actual === expected ? [] : [`${at}: expected ${expected}, got ${actual}`];
      const diff = new Decimal(actual).minus(expected).abs();
      return diff.lte(t) ? [] : [`${at}: expected ${expected} +/- ${t}, got ${actual} (off by ${diff.toFixed()})`];
    }
    if (typeof expected === 'number') {
      if (typeof actual !== 'number') return [`${at}: expected number ${expected}, got ${JSON.stringify(actual)}`];
      if (t === 0) return actual === expected ? [] : [`${at}: expected exactly ${expected}, got ${actual}`];
      return Math.abs(actual - expected) <= t ? [] : [`${at}: expected ${expected} +/- ${t}, got ${actual} (off by ${Math.abs(actual - expected)})`];
    }
    return actual === expected ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)?.slice(0, 80)}`];
    if (actual.length !== expected.length) return [`${at}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => compareExpected(e, actual[i], tol, [...path, String(i)]));
  }
  if (actual === null || typeof actual !== 'object') return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
  return Object.entries(expected as Record<string, unknown>).flatMap(([k, e]) => {
    if (!(k in (actual as object))) return [`${[...path, k].join('.')}: missing in output`];
    return compareExpected(e, (actual as Record<string, unknown>)[k], tol, [...path, k]);
  });
}

/** Checks one dispatcher output against a case's expected.json; returns the mismatches. */
export function checkOutput(c: GoldenCase, out: DispatchOutput): string[] {
  if (c.expected.error) {
    if (!out.error) return [`expected MarginInputError ${c.expected.error.code}, got ${JSON.stringify(out).slice(0, 200)}`];
    const want = c.expected.error;
    const hit = out.error.issues.some(
      (i) => i.code === want.code && JSON.stringify(i.path) === JSON.stringify(want.path) && (want.argument === undefined || i.argument === want.argument),
    );
    return hit ? [] : [`expected issue ${JSON.stringify(want)}, got ${JSON.stringify(out.error.issues)}`];
  }
  if (out.error) return [`unexpected MarginInputError ${JSON.stringify(out.error.issues)}`];
  return compareExpected(c.expected.result, out.ok, c.expected.tolerance);
}
