/**
 * Issue 11, section 2, second item. `npm run typecheck` compiles test/types/inputs.test-d.ts, whose
 * mistakes are marked `@ts-expect-error`; but such a directive is satisfied by any error on its line,
 * a wrong one included. Here the file is compiled again with the directives switched off, and each
 * marked line must fail exactly once, with the code and message named in its brackets
 * (`// @ts-expect-error [TS2345: text in the message] why`); no unmarked line may fail. So the type
 * test fails if an input type widens back to `unknown`, and also if a negative case starts failing
 * for another reason than the one it documents.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const FILE = resolve(__dirname, 'inputs.test-d.ts');
const MARK = /\/\/ @ts-expect-error \[(TS\d+): ([^\]]+)\] (.+)$/;

interface Found {
  line: number;
  code: string;
  message: string;
}

/** Diagnostics of the type test with its directives switched off (line numbers 1-based). */
function diagnostics(): Found[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(__dirname, '..', '..', 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('tsconfig.json did not parse');
  const options = { ...config.options, noEmit: true, types: [] }; // the type test needs no Node types
  const host = ts.createCompilerHost(options);
  const text = readFileSync(FILE, 'utf8').replaceAll('// @ts-expect-error', '// (expect-error)');
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (resolve(name) === FILE ? ts.createSourceFile(name, text, language) : original(name, language, ...rest));
  const program = ts.createProgram([FILE], options, host);
  const source = program.getSourceFile(FILE)!;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ({
    line: source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
    code: `TS${d.code}`,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

/** The marked mistakes: the line that must fail (the one after the directive), its code and a fragment of its message. */
function marks(): { line: number; code: string; fragment: string; why: string }[] {
  return readFileSync(FILE, 'utf8')
    .split('\n')
    .flatMap((l, i) => {
      const m = MARK.exec(l.trim());
      return m ? [{ line: i + 2, code: m[1]!, fragment: m[2]!, why: m[3]! }] : [];
    });
}

describe('precise input types (issue 11, section 2)', () => {
  const found = diagnostics();
  const expected = marks();

  it('covers the mistakes the issue names', () => {
    const whys = expected.map((e) => e.why).join('\n');
    for (const w of ['swapped arguments', 'typo key in a position', 'a number where the trades go', 'a number where an id goes', 'a missing required field', 'an unknown preset key', 'a parsed market where a portfolio goes']) {
      expect(whys).toContain(w);
    }
  });

  it('every marked line fails once, for the documented reason', () => {
    for (const e of expected) {
      const at = found.filter((f) => f.line === e.line);
      expect(at.map((f) => f.code), `line ${e.line} (${e.why})`).toEqual([e.code]);
      expect(at[0]!.message, `line ${e.line} (${e.why})`).toContain(e.fragment);
    }
  });

  it('nothing else fails: the positive cases (README tour, presets, parsed values, outputs fed back) compile', () => {
    const marked = new Set(expected.map((e) => e.line));
    expect(found.filter((f) => !marked.has(f.line))).toEqual([]);
  });
});
