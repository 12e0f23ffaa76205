import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

// Every ```ts block under an `@example` tag in src/ is type-checked and run (issue 11, section 4).
//
// How an example is turned into a module (.tmp/doc-examples/<file>-<n>.ts):
// - its own `import ... from 'portfolio-margin'` (or a subpath) lines are kept, pointed at src/;
// - every other name it uses is imported from the first of: the package root (src/index.ts), the
//   example's own source file (so an internal helper's example can call it), the shared prelude
//   (test/docs/prelude.ts: `book`, `market`, `params`, `prices`, `accounts()`, ... from examples/data);
// - its statements go in a block, so that an example may declare its own `book` or `params`.
// Then one TypeScript program checks all of them (strict, the repository's tsconfig), and each one
// is imported, so it runs; a type error or an exception fails that example's test.
//
// The ```ts blocks of the README's tour (its section "A tour of the API") go through the same harness:
// users copy them, and their prelude names (`book`, `market`, `params`: the sample book under
// `deribit-pm`) are the inputs the tour quotes. A block may also import from `node:` modules (the tour
// reads examples/data, from the repository's root). The one block that needs a live Deribit response
// (`res.result`) is left out.
//
// What an example states is checked too: a line `expression; // 'value'` (or a number, true/false,
// an array or object of literals) asserts that the expression gives that value (see `claimed`);
// `// e.g. value` illustrates and is not checked. So an example whose comments quote figures of a
// particular book must build that book (the prelude's `book` is the sample account).
//
// An example that shows an error must catch it (`try { ... } catch (e) { ... }` or a `safe*` call):
// an uncaught exception fails. To make a new shared name available, export it from prelude.ts.

const ROOT = resolve(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const OUT = join(ROOT, '.tmp', 'doc-examples');
const PRELUDE = join(__dirname, 'prelude.ts');
const SUBPATHS: Record<string, string> = { 'portfolio-margin': 'index.ts', 'portfolio-margin/pricing': 'pricing/index.ts', 'portfolio-margin/presets': 'presets/index.ts' };

interface Example {
  name: string; // src/margin/computeMargin.ts:42
  file: string;
  code: string;
}

const walk = (d: string): string[] =>
  readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });

/** Every ```ts block after an `@example` tag in a TSDoc comment, with the line it starts on. */
function examplesIn(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  for (const c of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const lines = c[0].split('\n').map((l) => l.replace(/^\s*(\/\*\*|\*\/|\*)? ?/, ''));
    const body = lines.join('\n');
    const at = body.indexOf('@example');
    if (at < 0) continue;
    const startLine = text.slice(0, c.index).split('\n').length;
    for (const m of body.slice(at).matchAll(/```ts\n([\s\S]*?)```/g)) {
      const line = startLine + body.slice(0, at + m.index!).split('\n').length;
      out.push({ name: `${relative(ROOT, file)}:${line}`, file, code: m[1]! });
    }
  }
  return out;
}

/** Every ```ts block of the README's tour, but the one that reads a live venue response. */
function readmeTourBlocks(): Example[] {
  const file = join(ROOT, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('\n## A tour of the API');
  const end = text.indexOf('\n## ', start + 5);
  if (start < 0 || end < 0) throw new Error('README.md has no "## A tour of the API" section');
  return [...text.slice(start, end).matchAll(/```ts\n([\s\S]*?)```/g)]
    .filter((m) => !/\bres\.result\b/.test(m[1]!))
    .map((m) => ({ name: `README.md:${text.slice(0, start + m.index!).split('\n').length + 1}`, file, code: m[1]! }));
}

/** Names a module exports (values and types), following `export *` and `export { } from`. */
function exportsOf(file: string, seen = new Map<string, Set<string>>()): Set<string> {
  const known = seen.get(file);
  if (known) return known;
  const names = new Set<string>();
  seen.set(file, names);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const target = (spec: ts.Expression) => resolve(file, '..', (spec as ts.StringLiteral).text.replace(/\.js$/, '.ts'));
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const s of sf.statements) {
    if (ts.isExportDeclaration(s)) {
      if (!s.exportClause && s.moduleSpecifier) exportsOf(target(s.moduleSpecifier), seen).forEach((n) => names.add(n));
      else if (s.exportClause && ts.isNamedExports(s.exportClause)) s.exportClause.elements.forEach((e) => names.add(e.name.text));
    } else if (exported(s)) {
      if (ts.isVariableStatement(s)) s.declarationList.declarations.forEach((d) => ts.isIdentifier(d.name) && names.add(d.name.text));
      else if ('name' in s && s.name && ts.isIdentifier(s.name as ts.Node)) names.add((s.name as ts.Identifier).text);
    }
  }
  return names;
}

/** Identifiers the code refers to (not property names after a dot, not inside strings or comments). */
function identifiers(code: string): Set<string> {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, code);
  const ids = new Set<string>();
  let prev = ts.SyntaxKind.Unknown;
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    // Keywords too: contextual ones (`set`, `type`, `of`) are names; reserved ones match no export.
    const text = scanner.getTokenText();
    if (/^[A-Za-z_$][\w$]*$/.test(text) && prev !== ts.SyntaxKind.DotToken && prev !== ts.SyntaxKind.QuestionDotToken) ids.add(text);
    prev = k;
  }
  return ids;
}

/**
 * A line `expression; // value` states what the expression gives: `value` a literal (a string, a
 * number, true/false, an array or object of literals), alone or followed by `:`, `;` or ` (` and a
 * comment, or by ` = derivation` / `, note`. Such a claim is checked (see CLAIM); `// e.g. value` is an
 * illustration and is not. A string claim ending in `...` states a prefix; a number claim holds to its
 * own decimal places, `4.7594...` to its last digit (truncated) and `~0.6` to one unit of its last
 * digit; `undefined`, `null` and `NaN` are values; an object ending in `, ... }` states some of the
 * fields. A line that looks like a claim but is not read as one fails (see `unreadClaims`).
 */
function claimed(line: string): { indent: string; expr: string; value: string } | undefined {
  // `if (!r.success) r.error.issues[0].code; // 'x'` claims the expression when the condition holds.
  const m = line.match(/^(\s*(?:if \([^()]*\) )?)(?!(?:const|let|var|import|export|for|if|return|throw)\b)(\S.*?);\s*\/\/ (?!e\.g\.)(.*)$/);
  if (!m) return undefined;
  // The expression must be whole on its line (not the tail of a call that starts above).
  const parses = (code: string) => {
    const sf = ts.createSourceFile('claim.ts', code, ts.ScriptTarget.ES2022, true);
    return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length === 0 ? sf : undefined;
  };
  if (!parses(`(${m[2]});`)) return undefined;
  // The shortest literal that the rest of the line leaves as a comment: `'3500' (USD)` states '3500'.
  for (let end = 1; end <= m[3]!.length; end++) {
    const value = m[3]!.slice(0, end).trimEnd();
    const rest = m[3]!.slice(end);
    if (rest !== '' && !/^\s*(?::|;| \(| = |, )/.test(rest)) continue;
    if (/^(?:undefined|null|NaN)$/.test(value)) return { indent: m[1]!, expr: m[2]!, value };
    // `4.7594...`: the digits shown, truncated; `~0.6`: about, to one unit of the last digit.
    // A plain number keeps its text: `0.6020` holds to 4 places, which the number 0.602 would not say.
    const num = value.match(/^(~?)(-?\d+(?:\.\d+)?)(\.\.\.)?$/);
    if (num) return { indent: m[1]!, expr: m[2]!, value: `{ __number: '${num[2]}', __how: '${num[1] ? 'about' : num[3] ? 'truncated' : 'rounded'}' }` };
    // `{ a: 1, ... }`: the fields shown.
    const some = value.match(/^\{(.*),\s*\.\.\.\s*\}$/);
    if (some) {
      const inner = claimed(`x; // {${some[1]} }`);
      if (inner) return { indent: m[1]!, expr: m[2]!, value: `{ __some: ${inner.value} }` };
      continue;
    }
    if (!/^(?:'|-?\d|true\b|false\b|\[|\{)/.test(value) || /\b(?:e\.g|x)\b|\.\.\.(?!')/.test(value)) continue;
    const sf = parses(`(${value});`);
    const st = sf?.statements[0];
    let bad = !sf || sf.statements.length !== 1 || !st || !ts.isExpressionStatement(st);
    // A literal, not arithmetic: `4^0.3 = 1.5157` is a derivation, not the claim 4 XOR 0.
    if (!bad) ts.forEachChild(st!, function noOps(n: ts.Node): void {
      if (ts.isBinaryExpression(n) || ts.isPrefixUnaryExpression(n) && n.operator !== ts.SyntaxKind.MinusToken) bad = true;
      ts.forEachChild(n, noOps);
    });
    // Shorthand properties (`{ code, path }`) describe a shape, not a value.
    let shape = false;
    const visit = (n: ts.Node): void => {
      if (ts.isShorthandPropertyAssignment(n) || ts.isIdentifier(n) && !ts.isPropertyAssignment(n.parent) && !ts.isCallExpression(n.parent)) shape = true;
      ts.forEachChild(n, visit);
    };
    if (!bad) visit(st!);
    if (!bad && !shape) return { indent: m[1]!, expr: m[2]!, value };
  }
  return undefined;
}

/**
 * Lines that look like a claim (`...; // ` then a figure, a string, a list, an object, `~`, `undefined`,
 * `null`, `NaN`, true/false) but that `claimed` cannot read: each must be made readable or say `e.g.`.
 */
function unreadClaims(code: string): string[] {
  return code.split('\n').filter((l) => !/^\s*(?:const|let|var|import|export|for|return|throw)\b/.test(l) && /;\s*\/\/ (?:-?\d|'|\[|\{|~|undefined\b|null\b|NaN\b|true\b|false\b)/.test(l) && !/\/\/.*\be\.g\./.test(l) && !claimed(l));
}

/** The checker every generated module defines: JSON equality (typed arrays as arrays), a string prefix, or a number to its decimals. */
const CLAIM = `const __claim = (where: string, got: unknown, want: unknown): void => {
  const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x));
  const w = want as { __number?: string; __how?: string; __some?: Record<string, unknown> } | undefined;
  if (w && typeof w === 'object' && '__some' in w) {
    for (const [k, v] of Object.entries(w.__some!)) __claim(\`\${where} .\${k}\`, (got as Record<string, unknown> | undefined)?.[k], v);
    return;
  }
  if (w && typeof w === 'object' && '__number' in w) {
    const dp = (w.__number!.split('.')[1] ?? '').length;
    const x = Number(w.__number);
    const g = typeof got === 'number' ? got : typeof got === 'string' ? Number(got) : NaN;
    const ok = w.__how === 'rounded' ? typeof got === 'number' && Math.abs(got - x) <= 0.5 * 10 ** -dp : w.__how === 'about' ? Math.abs(g - x) <= 10 ** -dp * (1 + 1e-9) : (Math.sign(g) === Math.sign(x) || x === 0) && Math.abs(g) - Math.abs(x) >= -1e-15 * Math.abs(x) && Math.abs(g) - Math.abs(x) < 10 ** -dp;
    if (!ok) throw new Error(\`\${where}: the example says \${w.__how === 'about' ? '~' : ''}\${w.__number}\${w.__how === 'truncated' ? '...' : ''}, the code gives \${json(got)}\`);
    return;
  }
  let ok = json(got) === json(want) && (typeof want !== 'number' || !Number.isNaN(want) || Number.isNaN(got as number));
  if (!ok && Number.isNaN(want as number)) ok = Number.isNaN(got as number);
  if (!ok && typeof want === 'string' && want.endsWith('...') && typeof got === 'string') ok = got.startsWith(want.slice(0, -3));
  if (!ok && typeof want === 'number' && typeof got === 'number') {
    const dp = (String(want).split('.')[1] ?? '').length;
    ok = Math.abs(got - want) <= 0.5 * 10 ** -dp;
  }
  if (!ok) throw new Error(\`\${where}: the example says \${json(want)}, the code gives \${json(got)}\`);
};`;

const spec = (from: string, to: string) => {
  const r = relative(from, to).replace(/\.ts$/, '.js');
  return r.startsWith('.') ? r : `./${r}`;
};

function toModule(ex: Example, index: Set<string>, prelude: Set<string>): string {
  const imports: string[] = [];
  const explicit = new Set<string>();
  const body = ex.code
    .split('\n')
    .filter((l) => {
      const m = l.match(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';?\s*$/);
      if (!m) return true;
      if (m[2]!.startsWith('node:')) {
        imports.push(l);
        return false;
      }
      const target = SUBPATHS[m[2]!];
      if (!target) throw new Error(`${ex.name}: examples import from 'portfolio-margin' or its subpaths, not '${m[2]}'`);
      m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '')).filter(Boolean).forEach((n) => explicit.add(n));
      imports.push(l.replace(m[2]!, spec(OUT, join(SRC, target))));
      return false;
    })
    .map((l, i) => {
      const c = claimed(l);
      return c ? `${c.indent}__claim(${JSON.stringify(`line ${i + 1}`)}, ${c.expr}, ${c.value});` : l;
    })
    .join('\n');
  const own = ex.file.endsWith('.ts') ? exportsOf(ex.file) : new Set<string>();
  const from = { index: [] as string[], own: [] as string[], prelude: [] as string[] };
  for (const id of identifiers(body)) {
    if (explicit.has(id)) continue;
    if (index.has(id)) from.index.push(id);
    else if (own.has(id)) from.own.push(id);
    else if (prelude.has(id)) from.prelude.push(id);
  }
  const line = (names: string[], file: string) => (names.length ? [`import { ${names.sort().join(', ')} } from '${spec(OUT, file)}';`] : []);
  return [
    `// ${ex.name}`,
    ...imports,
    ...line(from.index, join(SRC, 'index.ts')),
    ...line(from.own, ex.file),
    ...line(from.prelude, PRELUDE),
    'export {};',
    CLAIM,
    '{',
    body,
    '}',
    '',
  ].join('\n');
}

const examples = walk(SRC).flatMap(examplesIn);
const readmeBlocks = readmeTourBlocks();
const modules = new Map<string, string>(); // example name -> generated file
const diagnostics = new Map<string, string[]>();
const withoutExample: string[] = []; // exported functions and interface methods whose TSDoc has no @example

/**
 * Every function the package's entry points export, and every method of an exported interface (the
 * engine's), must carry an `@example` (the project's rule; function-typed properties are callbacks the
 * caller writes, documented with their interface).
 */
function functionsWithoutExample(program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const hasExample = (n: ts.Node) => ts.getJSDocTags(n).some((t) => t.tagName.text === 'example');
  const where = (d: ts.Node, name: string) => `${name} (${relative(ROOT, d.getSourceFile().fileName)}:${d.getSourceFile().getLineAndCharacterOfPosition(d.getStart()).line + 1})`;
  const out = new Set<string>();
  for (const entry of Object.values(SUBPATHS)) {
    const sf = program.getSourceFile(join(SRC, entry));
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) throw new Error(`entry point ${entry} is not in the program`);
    for (const exported of checker.getExportsOfModule(mod)) {
      const s = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const d of s.declarations ?? []) {
        if (ts.isFunctionDeclaration(d) && d.body && !hasExample(d)) out.add(where(d, s.name));
        if (ts.isVariableDeclaration(d) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)) && !hasExample(d.parent.parent)) out.add(where(d, s.name));
        if (ts.isInterfaceDeclaration(d)) for (const m of d.members) if (ts.isMethodSignature(m) && !hasExample(m)) out.add(where(m, `${s.name}.${m.name.getText()}`));
      }
    }
  }
  return [...out].sort();
}

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const index = exportsOf(join(SRC, 'index.ts'));
  const prelude = exportsOf(PRELUDE);
  const slugs = new Map<string, number>();
  for (const ex of [...examples, ...readmeBlocks]) {
    const base = ex.file.endsWith('.ts') ? relative(SRC, ex.file).replace(/\.ts$/, '').replaceAll('/', '-') : 'README';
    const n = (slugs.get(base) ?? 0) + 1;
    slugs.set(base, n);
    const file = join(OUT, `${base}-${n}.ts`);
    writeFileSync(file, toModule(ex, index, prelude));
    modules.set(ex.name, file);
  }
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  // Strict as a user's project would be; `noUncheckedIndexedAccess` (this repository's extra) is off
  // so that examples can read `r.units[0].im` as users write it.
  const program = ts.createProgram([...modules.values(), ...Object.values(SUBPATHS).map((f) => join(SRC, f))], { ...config.options, noEmit: true, noUncheckedIndexedAccess: false });
  withoutExample.push(...functionsWithoutExample(program));
  // Only the generated files are checked (src is checked by `npm run typecheck`).
  for (const [name, file] of modules) {
    const sf = program.getSourceFile(file)!;
    const found = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    diagnostics.set(
      name,
      found.map((d) => {
        const pos = d.start === undefined ? '' : `line ${sf.getLineAndCharacterOfPosition(d.start).line + 1}: `;
        return pos + ts.flattenDiagnosticMessageText(d.messageText, '\n');
      }),
    );
  }
}, 120_000);

describe('TSDoc is written for users', () => {
  // Comments ship in the declaration files: no tracker numbers or repository paths a user cannot follow.
  it('names no internal issue number or repository path', () => {
    const hits = walk(SRC).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\/\*\*[\s\S]*?\*\//g)].flatMap((c) => (c[0].match(/\bissue #?\d+|\b(?:src|test|bench)\/|DESIGN\.md/gi) ?? []).map((h) => `${relative(ROOT, f)}: ${h}`)),
    );
    expect(hits).toEqual([]);
  });
});

describe("every ```ts block of the README's tour compiles (strict) and runs", () => {
  it('finds the blocks', () => expect(readmeBlocks.length).toBeGreaterThan(6));
  for (const ex of readmeBlocks) {
    it(ex.name, async () => {
      expect(diagnostics.get(ex.name), `type errors in ${modules.get(ex.name)}`).toEqual([]);
      await import(modules.get(ex.name)!);
    });
  }
});

describe('every TSDoc @example compiles and runs', () => {
  it('finds the examples', () => expect(examples.length).toBeGreaterThan(50));
  it('every exported function and engine method has one', () => expect(withoutExample).toEqual([]));
  it("every `; // <figure>` line is a checked claim or says e.g.", () => {
    expect(examples.flatMap((ex) => unreadClaims(ex.code).map((l) => `${ex.name}: ${l.trim()}`))).toEqual([]);
  });
  for (const ex of examples) {
    it(ex.name, async () => {
      expect(diagnostics.get(ex.name), `type errors in ${modules.get(ex.name)}`).toEqual([]);
      await import(modules.get(ex.name)!);
    });
  }
});
