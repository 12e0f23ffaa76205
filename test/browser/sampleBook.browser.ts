import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketSnapshotInput, PortfolioInput } from '../../src/index.js';

// The browser claim, in a real browser (`npm run test:browser`, not part of `npm test`): the ESM build
// bundled for the browser, loaded into a page of headless Chromium (Debian's `chromium` package,
// driven by playwright-core; no browser download), computes the sample book's figures, and they equal
// the Node results byte for byte. CHROMIUM_PATH overrides the browser binary (default: `chromium`
// on the PATH). No network: the page is blank and the bundle is inlined.
const ROOT = resolve(__dirname, '..', '..');
// The sample files are trusted JSON of the documented input shapes; the library checks them at run time anyway.
const load = <T>(f: string): T => JSON.parse(readFileSync(join(ROOT, 'examples', 'data', f), 'utf8')) as T;
const inputs = {
  market: load<MarketSnapshotInput>('market.json'),
  books: [load<PortfolioInput>('book.json'), load<PortfolioInput>('book-near-limit.json')],
};

/** What both sides compute: margin under every preset, exposure, assessment. Runs in Node and in the page. */
const compute = (pm: typeof import('../../src/index.js'), { market, books }: typeof inputs): string =>
  JSON.stringify(
    books.map((book) => ({
      margin: Object.entries(pm.PRESETS).map(([, params]) => pm.computeMargin(book, market, params)),
      exposure: pm.netExposure(book, market),
      assessment: pm.assessAccount(book, market, pm.PRESETS['deribit-pm']),
      liquidation: pm.liquidationPrices(book, market, pm.PRESETS['deribit-pm']),
    })),
  );

let context: BrowserContext | undefined;
let profile = '';

beforeAll(async () => {
  const executablePath = process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  profile = mkdtempSync(join(tmpdir(), 'pm-chromium-'));
  // A fresh profile; no sandbox (CI runs as root), no GPU, no background traffic of any kind.
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/**
 * The float diagnostics `pnlVector` and `aggregatedVector` (raw float64 scenario P&L, documented as such) taken out of the
 * JSON, and returned apart. Engines' Math.exp / Math.log differ in the last bit: V8 in Node 20 and in
 * Chromium 156 disagree on about 6-9% of arguments, so raw floats may differ in their last digits.
 * Every figure the library states as a decimal passes through `fromFloat` at 12 significant digits
 * and must be identical.
 */
function split(json: string): { exact: string; floats: number[] } {
  const floats: number[] = [];
  const exact = JSON.stringify(JSON.parse(json), (k, v: unknown) => {
    if ((k === 'pnlVector' || k === 'aggregatedVector') && Array.isArray(v)) {
      floats.push(...(v as number[]));
      return `[${v.length} floats]`;
    }
    return v;
  });
  return { exact, floats };
}

describe('in headless Chromium', () => {
  it("computes the sample books' figures as Node does: every decimal byte for byte, float diagnostics to 12 digits", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    const bundle = esbuild.buildSync({ entryPoints: [join(ROOT, 'dist', 'esm', 'index.js')], bundle: true, format: 'iife', globalName: 'PortfolioMargin', platform: 'browser', target: 'es2022', minify: true, write: false, logLevel: 'silent' });
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"><title>portfolio-margin</title></head><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const inBrowser = await page.evaluate(
      ({ source, data }) => {
        const pm = (globalThis as unknown as { PortfolioMargin: never }).PortfolioMargin;
        const userAgent = (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent;
        return { userAgent, result: (0, eval)(source)(pm, data) as string };
      },
      { source: `(${compute.toString()})`, data: inputs },
    );
    expect(errors).toEqual([]);
    expect(inBrowser.userAgent).toMatch(/HeadlessChrome/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const node = compute(require(join(ROOT, 'dist', 'index.js')), inputs);
    const [b, n] = [split(inBrowser.result), split(node)];
    expect(n.exact.length).toBeGreaterThan(10_000);
    const at = [...n.exact].findIndex((c, i) => c !== b.exact[i]);
    // On a difference, show where it starts rather than two 100 KB strings.
    expect(at < 0 && b.exact.length === n.exact.length ? 'identical' : `first difference at ${at}: node ...${n.exact.slice(at - 200, at + 80)}... browser ...${b.exact.slice(at - 200, at + 80)}...`).toBe('identical');
    expect(b.floats).toHaveLength(n.floats.length);
    const worst = Math.max(0, ...n.floats.map((x, i) => Math.abs(x - b.floats[i]!) / Math.max(Math.abs(x), 1e-300)));
    expect(worst).toBeLessThan(1e-12);
  });
});
