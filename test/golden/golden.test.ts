import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API, PRESETS } from './api.js';
import { checkOutput, compareExpected, loadCases, makeDispatch, resolvePresets, sha256File, type DispatchOutput } from './goldenCases.js';

// Golden cases from published sources or hand calculations (see each case's SOURCE.md). One runner:
// every case dispatches `input.call` to the public API with `input.args` and compares with expected.json.
const ROOT = join(__dirname, '..', '..');
const cases = loadCases();
const dispatch = makeDispatch();

describe('golden cases', () => {
  it('there are at least 25 cases and every case folder is complete', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    for (const entry of readdirSync(__dirname, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const files = readdirSync(join(__dirname, entry.name)).sort();
      expect(files, entry.name).toEqual(['SOURCE.md', 'expected.json', 'input.json']);
    }
  });

  for (const c of cases) {
    it(`${c.name}: ${c.input.call}`, () => {
      const out = JSON.parse(dispatch(API, JSON.stringify({ call: c.input.call, args: resolvePresets(c.input.args, PRESETS) }))) as DispatchOutput;
      expect(out.skipped, `no public function ${c.input.call}`).toBeUndefined();
      expect(checkOutput(c, out)).toEqual([]);
    });
  }
});

// A re-baseline is never automatic: SOURCE.md carries the sha-256 of input.json and expected.json, so
// changing an expected figure (or the input behind it) also needs a changed SOURCE.md, where the new
// figure's source or hand calculation is written down.
describe('golden SOURCE.md pins its input and expected figures', () => {
  for (const c of cases) {
    it(c.name, () => {
      const want = { input: sha256File(join(c.dir, 'input.json')), expected: sha256File(join(c.dir, 'expected.json')) };
      const got = {
        input: /^input-sha256: ([0-9a-f]{64})\s*$/m.exec(c.source)?.[1],
        expected: /^expected-sha256: ([0-9a-f]{64})\s*$/m.exec(c.source)?.[1],
      };
      expect(got, `update ${c.name}/SOURCE.md (the source or hand calculation first, then the hashes)`).toEqual(want);
      // Every SOURCE.md cites a public source (a URL, or a "Source:" line naming a book) or writes a hand calculation out.
      expect(/https?:\/\/|hand calculation|^Source:/im.test(c.source), 'SOURCE.md cites nothing').toBe(true);
      // A source a reader cannot open is no source: every file it names is in this repository, by its
      // path from the repository root (no ../ paths, no design notes kept outside the repository).
      expect(c.source, 'a relative path outside the case folder').not.toMatch(/\.\.\//);
      expect(c.source, 'DESIGN.md is not in the repository').not.toMatch(/DESIGN\.md/);
      for (const [, file] of c.source.matchAll(/(?<![\w/.])((?:src|test|examples|bench)\/[\w./-]*\w|README\.md|BENCHMARKS\.md)/g)) {
        expect(existsSync(join(ROOT, file!)), `${c.name}/SOURCE.md cites ${file}, which does not exist`).toBe(true);
      }
    });
  }
});

// The comparison itself must be able to fail.
describe('golden comparison self-test', () => {
  it('flags a wrong decimal string, a number outside its tolerance, a missing key and a wrong length', () => {
    expect(compareExpected({ a: '1.0' }, { a: '1' }, undefined)).toHaveLength(1);
    expect(compareExpected({ a: 1.5 }, { a: 1.6 }, { paths: { a: 0.05 } })).toHaveLength(1);
    expect(compareExpected({ a: 1.5 }, { a: 1.54 }, { paths: { a: 0.05 } })).toEqual([]);
    expect(compareExpected({ b: '1' }, { a: '1' }, undefined)).toHaveLength(1);
    expect(compareExpected([1, 2], [1, 2, 3], undefined)).toHaveLength(1);
    expect(compareExpected({ u: { '1': { x: '2' } } }, { u: [{ x: '1' }, { x: '2' }] }, undefined)).toEqual([]);
    expect(compareExpected({ x: '10.005' }, { x: '10.01' }, { paths: { '*': 0.01 } })).toEqual([]);
  });
});
