/**
 * `npm run conformance:derive -- PATH...`: runs Derive v2's own margin test cases through the
 * library's venue-exact presets and checks what the venue's harness checks, at its tolerances.
 *
 * Each PATH is a PMRM_2 case file (`test_<n>_<name>.json` with `Scenario`, `Parameters`, `Result`),
 * an SRM `test-cases.json`-shaped file, an SRM `test-cases-portfolio.json`-shaped file, or a folder of
 * them (searched recursively, files in name order). One line per case:
 *   PASS <name> | SKIP <name>: <why> | FAIL <name>: <field> got <x> expected <y>
 * with <name> the case file's base name (PMRM_2) or the case key (SRM), then `N passed, M failed`
 * alone on the last line; the exit code is 1 when any case failed.
 *
 * Sign convention: Derive's managers return margin = value - requirement (>= 0 healthy). The library
 * reports requirements; the runner compares Derive's MM with `equity - maintenanceMargin` and IM with
 * `equity - initialMargin`, equity being the account's equity at market value (the presets keep every
 * haircut inside margin, so equity has none).
 *
 * Every account is margined through `createMarginEngine(market, params).assess(portfolio)`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createMarginEngine, D, parseMarginParameters, parseMarket, parsePortfolio, type AccountAssessment, type Decimal } from '../../src/index';
import { passes, show, TOL_PMRM2, TOL_SRM } from './check';
import { pmrm2Case, pmrm2Skip } from './pmrm2Case';
import { readJson, type Json } from './readJson';
import { srmCase, srmPortfolioCase, type SrmCase } from './srmCases';

type Outcome = { kind: 'pass' } | { kind: 'skip'; why: string } | { kind: 'fail'; why: string };

/** Derive's signed margins from an assessment: equity - requirement. */
function deriveMargins(a: AccountAssessment): { mm: Decimal; im: Decimal; equity: Decimal } {
  const equity = new D(a.equity);
  return { equity, mm: equity.minus(a.margin.maintenanceMargin), im: equity.minus(a.margin.initialMargin) };
}

function runPmrm2(raw: Json): Outcome {
  const c = pmrm2Case(raw);
  // The case is built from the venue's JSON, not yet checked: parse* take it as it is (same checks, same order).
  const params = parseMarginParameters(c.params);
  const a = createMarginEngine(parseMarket(c.market), params).assess(parsePortfolio(c.portfolio));
  const { mm, im } = deriveMargins(a);
  const unit = a.margin.units[0];
  const got = (field: string): Decimal => {
    if (field === 'MM') return mm;
    if (field === 'IM') return im;
    if (field === 'OptionMTM') return new D(a.equityBreakdown.optionValue);
    if (field === 'CollateralMTM') return a.equityBreakdown.collateral.lines.filter((l) => c.collateralAssets.includes(l.asset)).reduce((t, l) => t.plus(l.value), new D(0));
    const i = Number(/^scenario\[(\d+)\]$/.exec(field)![1]);
    // The harness's scenario P&L is weighted by the scenario's dampening factor.
    const v = unit?.pnlVector[i] ?? 0;
    return new D(v).mul(c.weights[i] ?? 1);
  };
  if (c.checks.filter((x) => x.field.startsWith('scenario')).length !== c.weights.length) return { kind: 'fail', why: `scenarios got ${c.weights.length} expected ${c.checks.filter((x) => x.field.startsWith('scenario')).length}` };
  for (const x of c.checks) {
    const g = got(x.field);
    if (!passes(x.kind, g, x.expected, TOL_PMRM2)) return { kind: 'fail', why: `${x.field} got ${show(g)} expected ${show(x.expected)}` };
  }
  return { kind: 'pass' };
}

function runSrm(c: SrmCase): Outcome {
  // The case is built from the venue's JSON, not yet checked: parse* take it as it is (same checks, same order).
  const params = parseMarginParameters(c.params);
  const a = createMarginEngine(parseMarket(c.market), params).assess(parsePortfolio(c.portfolio));
  const { mm, im, equity } = deriveMargins(a);
  for (const x of c.checks) {
    let g = x.field.toLowerCase().endsWith('mm') ? mm : x.field.toLowerCase().endsWith('im') ? im : equity;
    if (c.compare === 'dollars') {
      // Whole dollars, truncated toward zero; rounded to 1e-9 first so that an exact 880 computed a
      // hair below does not truncate to 879.
      g = g.toDecimalPlaces(9, D.ROUND_HALF_UP).toDecimalPlaces(0, D.ROUND_DOWN);
      if (!g.eq(x.expected)) return { kind: 'fail', why: `${x.field} got ${show(g)} expected ${show(x.expected)}` };
    } else if (!passes('rel', g, x.expected, TOL_SRM)) return { kind: 'fail', why: `${x.field} got ${show(g)} expected ${show(x.expected)}` };
  }
  return { kind: 'pass' };
}

/** Every case in a file, named, with its outcome (an error is a FAIL naming it). */
function* casesOf(path: string): Generator<[string, () => Outcome]> {
  const raw = readJson(readFileSync(path, 'utf8'));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('constructor' in raw)) throw new Error(`${path}: not a JSON object`);
  const top = raw as { [k: string]: Json };
  if ('Scenario' in top && 'Parameters' in top && 'Result' in top) {
    const name = basename(path).replace(/\.json$/, '');
    const skip = pmrm2Skip(name, raw);
    yield [name, () => (skip ? { kind: 'skip', why: skip } : runPmrm2(raw))];
    return;
  }
  for (const [name, c] of Object.entries(top)) {
    const o = c as { [k: string]: Json } | null;
    if (o && typeof o === 'object' && 'Scenario' in o && 'Result' in o) yield [name, () => runSrm(srmCase(c))];
    else if (o && typeof o === 'object' && 'options' in o) yield [name, () => runSrm(srmPortfolioCase(name, c))];
    else yield [name, () => ({ kind: 'fail', why: 'format not recognised (neither a PMRM_2 case, an SRM test case nor an SRM portfolio case)' })];
  }
}

function filesOf(path: string): string[] {
  if (!existsSync(path)) return [path]; // reported as a FAIL line by the reader
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((f) => {
      const p = join(path, f);
      return statSync(p).isDirectory() ? filesOf(p) : f.endsWith('.json') ? [p] : [];
    });
}

function main(paths: string[]): number {
  if (!paths.length) {
    console.error('usage: npm run conformance:derive -- PATH... (PMRM_2 case files, SRM test-cases(-portfolio).json files, or folders of them)');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of paths.flatMap(filesOf)) {
    let cases: [string, () => Outcome][];
    try {
      cases = [...casesOf(file)];
    } catch (e) {
      console.log(`FAIL ${basename(file)}: ${(e as Error).message}`);
      failed++;
      continue;
    }
    for (const [name, run] of cases) {
      let out: Outcome;
      try {
        out = run();
      } catch (e) {
        out = { kind: 'fail', why: `error ${(e as Error).message}` };
      }
      if (out.kind === 'pass') {
        passed++;
        console.log(`PASS ${name}`);
      } else if (out.kind === 'skip') console.log(`SKIP ${name}: ${out.why}`);
      else {
        failed++;
        console.log(`FAIL ${name}: ${out.why}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
