/**
 * Spreading a batch of accounts over every core with node:worker_threads.
 * Run with `npx ts-node examples/workerThreads.ts [accounts]` (default 2,000, a few seconds).
 *
 * Threads belong to the caller: the library stays single-threaded and pure. A pool of long-lived
 * workers receives each market snapshot once (plain JSON) and builds one engine for it; then every
 * batch is split into one slice per worker, and each worker assesses its slice (here generated from a
 * seed, as a real shard would read its accounts from its own store) and returns a small summary: per
 * account its id, status, IM and MM. Accounts are independent, so the split is by account index; in
 * production it would be by account id (hash modulo the number of workers). The pool's answer is
 * checked account by account against the single-thread run, so a pool that mixed up slices or
 * accounts would say so.
 */
import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { makeBook, makeMarket } from '../bench/generate';
import { createMarginEngine, type MarginEngine } from '../src/engine/index';
import { PRESETS, type MarketSnapshotInput } from '../src/index';

/** Messages to a worker: a new snapshot (build one engine for it), or a slice of accounts to assess. */
type Message = { type: 'snapshot'; market: MarketSnapshotInput } | { type: 'batch'; from: number; to: number };
interface Summary {
  accounts: number;
  unhealthy: number;
  /** One line per account, in account order: `id status IM MM` (exact decimal strings). */
  results: string[];
}

/** Assesses accounts [from, to) with one engine: the work every thread (or the single thread) does. */
function assessSlice(engine: MarginEngine, market: MarketSnapshotInput, from: number, to: number): Summary {
  const accounts = {
    *[Symbol.iterator]() {
      for (let i = from; i < to; i++) yield makeBook(market, 15, 5, i + 1, `acct-${i + 1}`);
    },
  };
  let unhealthy = 0;
  const results: string[] = [];
  for (const a of engine.assessEach(accounts)) {
    if (a.status !== 'healthy') unhealthy++;
    results.push(`${a.accountId} ${a.status} ${a.initialMargin} ${a.maintenanceMargin}`);
  }
  return { accounts: to - from, unhealthy, results };
}

/** A long-lived worker: holds one engine per snapshot and answers batch requests. */
class Pool {
  private readonly workers: Worker[];
  constructor(size: number) {
    // Under ts-node the worker must load TypeScript too.
    this.workers = Array.from({ length: size }, () => new Worker(__filename, { execArgv: ['-r', 'ts-node/register/transpile-only'] }));
  }
  private ask<T>(w: Worker, msg: Message): Promise<T> {
    return new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage(msg);
    });
  }
  /** Sends the snapshot once to every worker; resolves when each has built its engine. */
  snapshot(market: MarketSnapshotInput): Promise<unknown[]> {
    return Promise.all(this.workers.map((w) => this.ask(w, { type: 'snapshot', market })));
  }
  /** Splits [0, n) into one slice per worker. */
  batch(n: number): Promise<Summary[]> {
    const k = this.workers.length;
    return Promise.all(this.workers.map((w, i) => this.ask<Summary>(w, { type: 'batch', from: Math.floor((i * n) / k), to: Math.floor(((i + 1) * n) / k) })));
  }
  close(): Promise<number[]> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const market = makeMarket(500);
  console.log(`${n.toLocaleString('en-US')} accounts (20 positions each) on a 500-instrument table, deribit-pm; ${cores} cores (${os.cpus()[0]?.model ?? 'cpu'})`);

  const engine = createMarginEngine(market, PRESETS['deribit-pm']);
  assessSlice(engine, market, 0, Math.min(100, n)); // warm-up, so the single-thread figure is not a cold start
  let t = performance.now();
  const one = assessSlice(engine, market, 0, n);
  const single = performance.now() - t;
  console.log(`1 thread : ${single.toFixed(0)} ms, ${Math.round((n / single) * 1000).toLocaleString('en-US')} accounts/s, ${one.unhealthy} not healthy`);

  t = performance.now();
  const pool = new Pool(cores);
  await pool.snapshot(market);
  console.log(`pool of ${cores} workers started, one engine each: ${(performance.now() - t).toFixed(0)} ms (once per process; then once per snapshot)`);
  await pool.batch(Math.min(100 * cores, n)); // warm-up inside the workers
  t = performance.now();
  const parts = await pool.batch(n);
  const multi = performance.now() - t;
  await pool.close();
  const unhealthy = parts.reduce((s, p) => s + p.unhealthy, 0);
  const pooled = parts.flatMap((p) => p.results);
  // Account by account, in order: the same ids, statuses and exact IM/MM strings as the single thread.
  const same = pooled.length === n && one.results.length === n && pooled.every((r, i) => r === one.results[i]);
  console.log(`${cores} threads: ${multi.toFixed(0)} ms, ${Math.round((n / multi) * 1000).toLocaleString('en-US')} accounts/s, ${unhealthy} not healthy`);
  console.log(`speed-up ${(single / multi).toFixed(2)}x on ${cores} cores`);
  console.log(`compared ${pooled.length.toLocaleString('en-US')} accounts one by one (id, status, IM, MM); same results as one thread: ${same}`);
  if (!same) process.exitCode = 1;
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
} else {
  let engine: MarginEngine | undefined;
  let market: MarketSnapshotInput;
  parentPort!.on('message', (msg: Message) => {
    if (msg.type === 'snapshot') {
      market = msg.market;
      engine = createMarginEngine(market, PRESETS['deribit-pm']);
      parentPort!.postMessage('ready');
    } else parentPort!.postMessage(assessSlice(engine!, market, msg.from, msg.to));
  });
}
