/**
 * One SPAN parse measurement in its own process (run by bench/run.ts), so that the peak memory it
 * reports is the parse's own: `node --expose-gc -r ts-node/register/transpile-only bench/spanParseChild.ts <spn|pa2> <file> <cc> [filter]`
 * (bench/run.ts writes the synthetic file to a temporary directory first).
 * Prints one JSON line: text size, time of our parse and of a plain float64 reference scan of the
 * same numbers, peak RSS added by the parse, heap retained by the result.
 */
import { parseSpanFile } from '../src/span/parseSpanFile';
import { refScanPa2, refScanSpn } from './reference';
import { readFileSync } from 'node:fs';

const [format, path, cc, filterArg] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const text = readFileSync(path!, 'latin1');
const products = filterArg === 'filter' ? { products: [cc!] } : undefined;
let sink = 0;
// Reference first (it allocates nothing that lasts), then ours with the peak RSS around it.
const t0 = performance.now();
sink += format === 'pa2' ? refScanPa2(text) : refScanSpn(text);
const refMs = performance.now() - t0;
gc();
const heap0 = process.memoryUsage().heapUsed;
const rss0 = process.resourceUsage().maxRSS;
const t1 = performance.now();
const file = parseSpanFile(text, products);
const ms = performance.now() - t1;
const rss1 = process.resourceUsage().maxRSS;
gc();
const heap1 = process.memoryUsage().heapUsed;
sink += file.products.reduce((a, p) => a + p.contracts.length, 0);
process.stdout.write(
  JSON.stringify({ bytes: text.length, contracts: file.products.reduce((a, p) => a + p.contracts.length, 0), ms, refMs, peakRssMB: (rss1 - rss0) / 1024, rssBeforeMB: rss0 / 1024, retainedMB: (heap1 - heap0) / 2 ** 20, sink: sink > 0 }) + '\n',
);
