import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/built.js';

// The package as a user gets it, all in one scratch project so that the slow part (the install) is
// paid once:
// 1. a git clone of this repository (plus the working tree's uncommitted changes, committed in the
//    clone, so that a developer's `npm test` checks what they have; in CI the clone is the commit),
// 2. installed with `npm install git+file://<clone>`: npm installs the clone's dev dependencies, runs
//    its `prepare` build and packs it, exactly as for a git URL from a hosting site,
// 3. next to the notebook toolchain the README documents (typescript, ts-node, @types/node).
// The scratch project then serves the consumer type matrix, CommonJS and ESM at run time, the subpath
// entries, and the README's notebook setup. Dependencies come from npm's cache (filled by `npm ci`).
const root = ROOT;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
let dir = '';
let app = '';

const run = (cmd: string, args: string[], opts: ExecFileSyncOptions = {}) =>
  execFileSync(cmd, args, { stdio: 'pipe', encoding: 'utf8', ...opts }) as unknown as string;
const git = (cwd: string, ...args: string[]) => run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd });

/** The README's notebook section: its shell setup, its tsconfig.json and its first script. */
function notebookDocs(): { sh: string; tsconfig: string; script: string } {
  const section = readme.split(/^### /m).find((s) => s.startsWith('Notebooks'));
  if (!section) throw new Error('README has no "### Notebooks ..." section');
  const block = (lang: string) => {
    const m = section.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
    if (!m) throw new Error(`README notebook section has no \`\`\`${lang} block`);
    return m[1]!;
  };
  return { sh: block('sh'), tsconfig: block('json'), script: block('ts') };
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'pm-consumer-'));
  const repo = join(dir, 'repo');
  git(dir, 'clone', '--quiet', root, repo);
  const diff = run('git', ['diff', 'HEAD', '--binary'], { cwd: root, maxBuffer: 256 << 20 });
  if (diff) execFileSync('git', ['apply', '--binary', '-'], { cwd: repo, input: diff });
  for (const f of run('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: root }).split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    cpSync(join(root, f), join(repo, f));
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'working tree');

  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'commonjs' }));
  const tools = notebookDocs().sh.match(/\S+@\d[\w.-]*/g) ?? [];
  expect(tools.join(' ')).toMatch(/typescript@5\.9\.3.*ts-node@10\.9\.2/);
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `git+file://${repo}`, ...tools], { cwd: app, maxBuffer: 64 << 20 });
}, 420_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm install git+<repository>', () => {
  it('builds dist on prepare and ships only dist, README, LICENSE and CHANGELOG', () => {
    const pkg = join(app, 'node_modules', 'portfolio-margin');
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/index.d.mts', 'dist/esm/index.js', 'dist/esm/package.json', 'dist/pricing.js', 'LICENSE', 'CHANGELOG.md']) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    expect(existsSync(join(pkg, 'src'))).toBe(false);
  });
});

// One consumer source, compiled under each module setting with `skipLibCheck: false` (so the
// package's own declarations are checked too) and then run with node. `@ts-expect-error` lines fail
// the compile if the error they expect does not happen (e.g. `Decimal` degrading to `any`).
const consumer = `import { D, MarginInputError, netExposure, type Decimal, type ExposureReport } from 'portfolio-margin';
import { black76Price } from 'portfolio-margin/pricing';
import { PRESETS } from 'portfolio-margin/presets';

const sum: Decimal = D('0.1').plus('0.2');
// @ts-expect-error a number is not a Decimal (this line compiles if Decimal is any-like)
const notDecimal: Decimal = 5;
// @ts-expect-error D is a constructor of Decimal, not of strings
const notString: string = D('1');
const report: ExposureReport = netExposure(
  { accountId: 'c1', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '2' }], collateral: [] },
  {
    asOf: '2026-11-29T08:00:00Z', settlementCurrency: 'USDC',
    instruments: [{ symbol: 'BTC-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }],
    underlyings: { BTC: { index: '100000' } }, marks: { 'BTC-PERP': { price: '100000' } }, assets: {},
  },
);
const price: number = black76Price('call', 100, 100, 0.5, 0.2, 0.02);
let sameClass = false;
try {
  black76Price('call', -1, 100, 0.5, 0.2, 0.02);
} catch (e) {
  sameClass = e instanceof MarginInputError; // thrown by the pricing entry, caught with the root's class
}
console.log(JSON.stringify([sum.toFixed(), report.underlyings[0]!.delta, report.underlyings[0]!.deltaNotional, price.toFixed(6), PRESETS['deribit-pm'].id, sameClass, notDecimal !== undefined && notString !== undefined]));
`;
// Hand calculations: 0.1 + 0.2 = 0.3 exactly; 2 BTC-PERP of 1 BTC at index and mark 100,000: delta
// 2 x 100,000 / 100,000 = 2 BTC, notional 200,000; Black-76 call F = K = 100, T = 0.5, r = 2%,
// sigma = 20%: 5.58110672460481 (py_vollib's black() doctest).
const expected = JSON.stringify(['0.3', '2', '200000', '5.581107', 'deribit-pm', true, true]);

// The host environment, declared by hand instead of @types/node or the DOM lib: checking either
// would triple the compile time and prove nothing about this package. zod's declarations name `URL`.
const environment = `declare class URL { constructor(url: string); readonly href: string }
declare var console: { log(...args: unknown[]): void };
`;

const setups = {
  'CommonJS, moduleResolution node10': { type: 'commonjs', module: 'CommonJS', moduleResolution: 'Node10', esModuleInterop: true },
  'CommonJS, moduleResolution node16': { type: 'commonjs', module: 'Node16', moduleResolution: 'Node16' },
  'ESM ("type": "module"), moduleResolution NodeNext': { type: 'module', module: 'NodeNext', moduleResolution: 'NodeNext' },
  'ESM, moduleResolution Bundler': { type: 'module', module: 'ESNext', moduleResolution: 'Bundler' },
} as const;

describe('a strict TypeScript consumer (skipLibCheck: false) type-checks and runs in every module setup', () => {
  const folders = Object.keys(setups).map((_, i) => `consumer-${i}`);
  beforeAll(() => {
    Object.values(setups).forEach(({ type, ...options }, i) => {
      const d = join(app, folders[i]!);
      mkdirSync(d);
      writeFileSync(join(d, 'package.json'), JSON.stringify({ type }));
      writeFileSync(join(d, 'consumer.ts'), consumer);
      writeFileSync(join(d, 'env.d.ts'), environment);
      const compilerOptions = { ...options, strict: true, skipLibCheck: false, skipDefaultLibCheck: true, target: 'ES2022', lib: ['ES2022'], types: [], outDir: 'out' };
      writeFileSync(join(d, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts', 'env.d.ts'] }));
    });
    // One tsc process builds all four projects (the parsed declarations are shared between them).
    // Node10 needs esModuleInterop: zod's own declarations default-import CommonJS modules.
    try {
      run('node', [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', ...folders], { cwd: app });
    } catch (e) {
      throw new Error(`tsc failed:\n${(e as { stdout?: string }).stdout ?? e}`);
    }
  }, 240_000);
  Object.keys(setups).forEach((name, i) => {
    it(name, () => {
      expect(run('node', [join(folders[i]!, 'out', 'consumer.js')], { cwd: app }).trim()).toBe(expected);
    });
  });
});

describe("the README's notebook setup (ts-node from an empty folder)", () => {
  it('runs the README notebook script with the documented tsconfig and tool versions', () => {
    const { tsconfig, script } = notebookDocs();
    const nb = join(app, 'notebook');
    mkdirSync(nb);
    run('npm', ['init', '-y'], { cwd: nb });
    writeFileSync(join(nb, 'tsconfig.json'), tsconfig);
    writeFileSync(join(nb, 'margin.ts'), script);
    // The notebook folder sits inside the scratch app, so node finds the packages the README installs.
    const out = run('node', [join(app, 'node_modules', 'ts-node', 'dist', 'bin.js'), 'margin.ts'], { cwd: nb });
    // Deribit's published example (test/golden/margin-deribit-btc-perp-25): IM 53,125, MM 28,125.
    expect(out).toContain("{ initialMargin: '53125', maintenanceMargin: '28125' }");
  });
});
