/**
 * Spreading a batch of accounts over every core with a well-kept worker pool (piscina).
 * Run with `npx ts-node examples/workerThreads.ts [accounts]` (default 4,000, a few seconds).
 *
 * Threads belong to the caller: the library stays single-threaded and pure. Each worker receives
 * the instrument table once (`workerData`) and builds one engine; every task carries a tick number,
 * the tick's prices (about 20 KB for 500 instruments; the worker moves its engine with `withPrices`
 * once per tick, not once per task) and a slice of raw JSON accounts; it answers with their figures
 * (`engine.figuresEach`: status, equities, IM, MM, ratios; no tree). Accounts are independent, so the
 * batch is split by account index; in production by account id (hash modulo the number of shards).
 * The pool's answer is checked account by account against the single-thread run, so a pool that
 * mixed up slices or accounts would say so.
 */
import os from 'node:os';
import { isMainThread, workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { makeBook, makeMarket } from '../bench/generate';
import { createMarginEngine, type MarginEngine } from '../src/engine/index';
import { PRESETS, type MarketPricesInput, type MarketSnapshotInput } from '../src/index';

/** One task: the tick's number and prices, and the raw accounts to margin at that tick. */
interface Task {
  tick: number;
  prices: MarketPricesInput;
  accounts: unknown[];
}

/** One line per account, in order: `id status IM MM exact` (exact decimal strings). */
function figureLines(engine: MarginEngine, accounts: Iterable<unknown>): string[] {
  const lines: string[] = [];
  for (const f of engine.figuresEach(accounts as Iterable<never>)) {
    lines.push(`${f.accountId} ${f.status} ${f.initialMargin} ${f.maintenanceMargin} ${f.exact}`);
  }
  return lines;
}

/** The prices part of a snapshot (what changes on every tick). */
function pricesOf(m: MarketSnapshotInput): MarketPricesInput {
  const { asOf, settlementCurrency, underlyings, marks, assets } = m;
  return { asOf, settlementCurrency, underlyings, marks, assets } as MarketPricesInput;
}

// Worker side: one engine per worker, moved to the task's tick once.
let workerEngine: MarginEngine | undefined;
let workerTick = -1;
/** The pool's task function (piscina calls the module's default export). */
export default function marginSlice(task: Task): string[] {
  if (workerEngine === undefined) workerEngine = createMarginEngine((workerData as { market: MarketSnapshotInput }).market, PRESETS['deribit-pm']);
  if (task.tick !== workerTick) {
    workerEngine = workerEngine.withPrices(task.prices);
    workerTick = task.tick;
  }
  return figureLines(workerEngine, task.accounts);
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 4000);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const market = makeMarket(500);
  const prices = pricesOf(market);
  console.log(`${n.toLocaleString('en-US')} accounts (20 positions each, raw JSON) on a 500-instrument table, deribit-pm; ${cores} cores (${os.cpus()[0]?.model ?? 'cpu'})`);
  const accounts = Array.from({ length: n }, (_, i) => makeBook(market, 15, 5, i + 1, `acct-${i + 1}`));

  const engine = createMarginEngine(market, PRESETS['deribit-pm']).withPrices(prices);
  figureLines(engine, accounts.slice(0, Math.min(200, n))); // warm-up, so the single-thread figure is not a cold start
  let t = performance.now();
  const one = figureLines(engine, accounts);
  const single = performance.now() - t;
  console.log(`1 thread : ${single.toFixed(0)} ms, ${Math.round((n / single) * 1000).toLocaleString('en-US')} accounts/s`);

  t = performance.now();
  const pool = new Piscina<Task, string[]>({
    filename: __filename,
    minThreads: cores,
    maxThreads: cores,
    workerData: { market },
    // Under ts-node the workers must load TypeScript too.
    execArgv: ['-r', 'ts-node/register/transpile-only'],
  });
  // Slices of a few hundred accounts keep every worker busy without a message per account.
  const slice = Math.max(50, Math.ceil(n / (cores * 8)));
  const run = (tick: number, count: number): Promise<string[][]> => {
    const tasks: Promise<string[]>[] = [];
    for (let from = 0; from < count; from += slice) tasks.push(pool.run({ tick, prices, accounts: accounts.slice(from, Math.min(count, from + slice)) }));
    return Promise.all(tasks);
  };
  await run(0, Math.min(200 * cores, n)); // start-up and warm-up inside the workers
  console.log(`pool of ${cores} workers started and warmed, one engine each: ${(performance.now() - t).toFixed(0)} ms (once per process)`);
  // The same tick as the warm-up: the timed run is margining only (a new tick costs each worker one
  // withPrices, about what the single thread pays for it).
  t = performance.now();
  const parts = await run(0, n);
  const multi = performance.now() - t;
  await pool.destroy();
  const pooled = parts.flat();
  // Account by account, in order: the same ids, statuses and exact IM/MM strings as the single thread.
  const same = pooled.length === n && one.length === n && pooled.every((r, i) => r === one[i]);
  const unhealthy = one.filter((l) => l.split(' ')[1] !== 'healthy').length;
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
}
