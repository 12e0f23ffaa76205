import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built.js';
import { assessAccount, computeMargin, createMarginEngine, parseMarginParameters, parseMarket, parsePortfolio, PRESETS, type MarketSnapshotInput, type PortfolioInput } from '../../src/index.js';

// Moving work between threads (README, "Threads and workers"): the supported form is the raw JSON
// input (market snapshot, parameter set, accounts) in, plain JSON results out. Parsed values hold
// Decimal instances and Maps, which the structured clone algorithm refuses; a worker parses what it
// receives, once per snapshot (an engine), as the exchange shards do.
// The worker runs the CommonJS build: npm test builds it first; run alone, the file builds a stale or
// missing dist itself (ensureBuilt).
const ROOT = resolve(__dirname, '..', '..');
// The sample files are trusted JSON of the documented input shapes; the library checks them at run time anyway.
const load = <T>(f: string): T => JSON.parse(readFileSync(join(ROOT, 'examples', 'data', f), 'utf8')) as T;
const market = load<MarketSnapshotInput>('market.json');
const books = [load<PortfolioInput>('book.json'), load<PortfolioInput>('book-near-limit.json')];
const params = PRESETS['deribit-pm'];

describe('moving snapshots and accounts between threads', () => {
  beforeAll(() => ensureBuilt());
  it('raw inputs and every result survive structuredClone unchanged', () => {
    for (const v of [market, params, ...books, computeMargin(books[0]!, market, params), assessAccount(books[1]!, market, params)]) {
      expect(structuredClone(v)).toEqual(v);
    }
  });

  it('parsed values are not cloneable: post the raw JSON instead', () => {
    expect(() => structuredClone(parseMarket(market))).toThrow();
    expect(() => structuredClone(parsePortfolio(books[0]))).toThrow();
    expect(() => structuredClone(parseMarginParameters(params))).toThrow();
  });

  it('a worker given the raw snapshot, parameters and accounts returns the same bytes as this thread', async () => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const pm = require(workerData.dist);
      const engine = pm.createMarginEngine(workerData.market, workerData.params); // parsed once per snapshot
      parentPort.postMessage(workerData.books.map((b) => engine.assess(b)));`;
    const worker = new Worker(code, { eval: true, workerData: { dist: join(ROOT, 'dist', 'index.js'), market, params, books } });
    const fromWorker = await new Promise((resolveMessage, reject) => {
      worker.once('message', resolveMessage);
      worker.once('error', reject);
    });
    await worker.terminate();
    const engine = createMarginEngine(market, params);
    expect(JSON.stringify(fromWorker)).toBe(JSON.stringify(books.map((b) => engine.assess(b))));
  });
});
