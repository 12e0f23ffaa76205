/**
 * `npm run bench`: every figure of BENCHMARKS.md, side by side with a plain float64 reference kernel
 * (bench/reference.ts) timed in the same process. Median of several runs after warm-up.
 *
 * Environment: BENCH_MEMORY_ACCOUNTS (default: as many of the 100,000 accounts as fit in about 60 s at
 * the measured rate) sets the size of the iterator batch whose peak heap is reported; BENCH_QUICK=1
 * shortens every section (a smoke run, figures not for the record).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createMarginEngine } from '../src/engine/index';
import { assessAccount } from '../src/health/index';
import { black76Greeks, black76GreeksInto, black76Price, buildScenarioSet, netExposure, parseMarginParameters, parseMarket, parseMarketPrices, parsePortfolio, PRESETS, withPrices, yearFraction, type PortfolioInput } from '../src/index';
import { makeBook, makeMarket, rng } from './generate';
import { parseSpanFile, spanRequirement } from '../src/span/index';
import { syntheticPa2, syntheticSpn } from './spanFiles';
import { refBlack76, refBlack76Greeks, refDotScan, refFloatFigures, refScanRisk, type RefFloatAccount } from './reference';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { POPULATIONS } from '../test/kernel/populations';
import { cpuUs, median, ONE_SHOT_ROWS, oneShotCase, pairCpu } from './oneShot';

const QUICK = process.env.BENCH_QUICK === '1';
const started = performance.now();
let sink = 0; // results flow here so no work is optimised away


/** Median time per call in microseconds: `warm` untimed calls, then `runs` runs of `batch` calls. */
function timeUs(f: (i: number) => void, batch: number, runs = 7, warm = batch): number {
  for (let i = 0; i < warm; i++) f(i);
  const per: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) f(i);
    per.push(((performance.now() - t) * 1000) / batch);
  }
  return median(per);
}

/**
 * Ours against the reference, interleaved run by run so both see the same machine noise: the median
 * time per call of each (microseconds) and the median of the per-run ratios.
 */
function pairUs(ours: (i: number) => void, ref: (i: number) => void, batch: number, runs = 9): { ours: number; ref: number; ratio: number } {
  for (let i = 0; i < batch; i++) {
    ours(i);
    ref(i);
  }
  const o: number[] = [];
  const r: number[] = [];
  const q: number[] = [];
  for (let k = 0; k < runs; k++) {
    let t = performance.now();
    for (let i = 0; i < batch; i++) ours(i);
    const a = ((performance.now() - t) * 1000) / batch;
    t = performance.now();
    for (let i = 0; i < batch; i++) ref(i);
    const b = ((performance.now() - t) * 1000) / batch;
    o.push(a);
    r.push(b);
    q.push(a / b);
  }
  return { ours: median(o), ref: median(r), ratio: median(q) };
}

const rows: { figure: string; ours: string; reference: string; ratio: string; target: string; met: string }[] = [];
function row(figure: string, ours: string, reference: string, ratio: number | undefined, target: string, met: boolean | undefined): void {
  rows.push({ figure, ours, reference, ratio: ratio === undefined ? '-' : `${ratio.toFixed(2)}x`, target, met: met === undefined ? '-' : met ? 'yes' : 'NO' });
  console.log(`  ${figure}: ${ours}${reference !== '-' ? `  (reference ${reference}${ratio !== undefined ? `, ratio ${ratio.toFixed(2)}x` : ''})` : ''}  target ${target}: ${met === undefined ? '-' : met ? 'met' : 'MISSED'}`);
}
const us = (x: number) => (x < 10 ? `${x.toFixed(3)} us` : x < 1000 ? `${x.toFixed(1)} us` : `${(x / 1000).toFixed(2)} ms`);
const perS = (x: number) => `${Math.round(x).toLocaleString('en-US')}/s`;

console.log(`portfolio-margin benchmark${QUICK ? ' (QUICK: smoke run, not for the record)' : ''}`);
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores; node ${process.version}; ${os.platform()} ${os.arch()}; ${new Date().toISOString().slice(0, 10)}\n`);

// ---------------------------------------------------------------------------------------------------
console.log('1. Pricing (per call, 1,024 mixed inputs: moneyness 0.5..1.5, T 1 day..2 years, vol 10..150%)');
{
  const r = rng(1);
  const N = 1024;
  const F = new Float64Array(N), K = new Float64Array(N), T = new Float64Array(N), V = new Float64Array(N), R = new Float64Array(N);
  const right: ('call' | 'put')[] = [];
  const rightN = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    F[i] = 100;
    K[i] = 100 * (0.5 + r());
    T[i] = 1 / 365 + 2 * r();
    V[i] = 0.1 + 1.4 * r();
    R[i] = 0.05 * r();
    right.push(i % 2 ? 'call' : 'put');
    rightN[i] = i % 2 ? 1 : -1;
  }
  const out = new Float64Array(6);
  const batch = QUICK ? 20_000 : 200_000;
  const p = pairUs(
    (i) => { const j = i & 1023; sink += black76Price(right[j]!, F[j]!, K[j]!, T[j]!, V[j]!, R[j]!); },
    (i) => { const j = i & 1023; sink += refBlack76(rightN[j]!, F[j]!, K[j]!, T[j]!, V[j]!, R[j]!); },
    batch,
  );
  row('black76Price', us(p.ours), us(p.ref), p.ratio, '<= 1.3x', p.ratio <= 1.3);
  const g = pairUs(
    (i) => { const j = i & 1023; sink += black76Greeks(right[j]!, F[j]!, K[j]!, T[j]!, V[j]!, R[j]!).gamma; },
    (i) => { const j = i & 1023; refBlack76Greeks(rightN[j]!, F[j]!, K[j]!, T[j]!, V[j]!, R[j]!, out); sink += out[2]!; },
    batch,
  );
  row('black76Greeks', us(g.ours), us(g.ref), g.ratio, '<= 1.3x', g.ratio <= 1.3);
  const mine = new Float64Array(6);
  const gi = pairUs(
    (i) => { const j = i & 1023; black76GreeksInto(mine, right[j]!, F[j]!, K[j]!, T[j]!, V[j]!, R[j]!); sink += mine[2]!; },
    (i) => { const j = i & 1023; refBlack76Greeks(rightN[j]!, F[j]!, K[j]!, T[j]!, V[j]!, R[j]!, out); sink += out[2]!; },
    batch,
  );
  row('black76GreeksInto (caller\'s Float64Array)', us(gi.ours), us(gi.ref), gi.ratio, '<= 1.3x', gi.ratio <= 1.3);
}

// ---------------------------------------------------------------------------------------------------
const params = parseMarginParameters(PRESETS['deribit-pm']);
const rawMarket = makeMarket(500);
const market = parseMarket(rawMarket);
const { instruments: _table, ...rawPrices } = rawMarket;
const prices = parseMarketPrices(rawPrices);
console.log('\n2. One account, one shot (netExposure + assessAccount incl. portfolio margin and pricing of the held options; parsed book), deribit-pm');
{
  const set = buildScenarioSet(params, market);
  const moves = Float64Array.from(set.scenarios, (s) => Number(s.moves.BTC ?? 0));
  const volShocks = Float64Array.from(set.scenarios, (s) => (s.volShock.kind === 'relative' ? s.volShock.size : 0));
  // deribit-pm folds its extended table's weight (0.16 / |move|) into the risk arrays (pnlScale): the
  // reference applies it as a weight.
  const weights = Float64Array.from(set.scenarios, (s) => (s.pnlScale?.BTC ? Number(s.pnlScale.BTC[0]) / Number(s.pnlScale.BTC[1]) : Number(s.weight)));
  console.log(`  scenario set: ${set.scenarios.length} scenarios (9 moves x 3 vol states + 8 tails)`);
  for (const nOptions of [10, 50, 200]) {
    const book = parsePortfolio(makeBook(rawMarket, nOptions, 5, 1000 + nOptions));
    // The reference's inputs: per position the float facts a hand-written kernel would start from.
    const refBook = book.positions.map((p) => {
      const inst = market.instruments.get(p.symbol)!;
      const u = market.underlyings.get(inst.underlying)!;
      const isFuture = inst.kind === 'future';
      return {
        right: inst.right === 'call' ? 1 : -1,
        F: isFuture ? market.marks.get(p.symbol)!.price!.toNumber() : u.index.toNumber(),
        K: inst.strike?.toNumber() ?? 0,
        T: inst.expiryMs === undefined ? 0 : yearFraction(market.asOfMs, inst.expiryMs),
        vol: market.marks.get(p.symbol)?.iv?.toNumber() ?? 0,
        qty: p.quantity.toNumber(),
        base: 0,
        isFuture,
      };
    });
    const reference = () => {
      for (const p of refBook) if (!p.isFuture) p.base = refBlack76(p.right, p.F, p.K, p.T, p.vol, 0); // pricing included
      sink += refScanRisk(refBook, moves, volShocks, weights);
    };
    // A fresh snapshot identity per call (same prices, already parsed): nothing memoised per snapshot
    // (valuations, scenario set, risk arrays) survives from the previous call, so pricing is included.
    const ours = () => {
      const fresh = withPrices(market, prices);
      sink += netExposure(book, fresh).underlyings.length;
      sink += assessAccount(book, fresh, params).maintenanceMargin.length;
    };
    const batch = QUICK ? 3 : nOptions >= 200 ? 10 : 30;
    const o = timeUs(ours, batch, QUICK ? 3 : 7, batch);
    const ref = timeUs(reference, batch * 20, QUICK ? 3 : 7);
    row(`one-shot, ${nOptions} options + 5 futures + 3 assets`, us(o), us(ref), o / ref, '<= 1.5x', o / ref <= 1.5);
  }
}

// ---------------------------------------------------------------------------------------------------
console.log('\n3. Many accounts through one engine (500-instrument table, 20 positions = 15 options + 5 futures, 3 assets; raw JSON accounts, parse included)');
let accountsPerSecond = 0;
{
  let t = performance.now();
  const engine = createMarginEngine(rawMarket, params);
  const build = performance.now() - t;
  console.log(`  engine for the snapshot (parse market, scenario set, ${engine.riskArrays.instruments.size} instruments valued and revalued): ${build.toFixed(1)} ms (first, cold)`);
  const buildWarm = median(Array.from({ length: QUICK ? 1 : 5 }, () => { const t0 = performance.now(); createMarginEngine(market, params); return performance.now() - t0; }));
  row('engine per snapshot (500 instruments x 35 scenarios)', `${buildWarm.toFixed(1)} ms`, '-', undefined, '-', undefined);
  const accounts = (n: number, seed: number) => ({
    *[Symbol.iterator]() {
      for (let i = 0; i < n; i++) yield makeBook(rawMarket, 15, 5, seed + i, `acct-${seed + i}`);
    },
  });
  // Generation is not ours to time: measure it alone and subtract.
  const n = QUICK ? 300 : 5000;
  const runs = QUICK ? 1 : 3;
  for (const a of engine.assessEach(accounts(QUICK ? 100 : 1000, 1))) sink += a.status.length; // warm-up
  const gen: number[] = [];
  const tot: number[] = [];
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    for (const b of accounts(n, 10_000 * (r + 1))) sink += b.positions.length;
    gen.push(performance.now() - t);
    t = performance.now();
    for (const a of engine.assessEach(accounts(n, 10_000 * (r + 1)))) sink += a.status.length;
    tot.push(performance.now() - t);
  }
  const perAccountUs = ((median(tot) - median(gen)) * 1000) / n;
  accountsPerSecond = 1e6 / perAccountUs;

  // The physical limit: float64 multiply-adds of the same positions over the same risk arrays.
  // engine.riskArrays is a fresh copy on every read: read it once.
  const arrays = engine.riskArrays;
  const symbols = [...arrays.instruments.keys()];
  const nScen = engine.scenarioSet.scenarios.length;
  const flat = new Float64Array(symbols.length * nScen);
  symbols.forEach((s, i) => flat.set(arrays.instruments.get(s)!.pnl, i * nScen));
  const pos = new Map(symbols.map((s, i) => [s, i]));
  const refAccounts = Array.from(accounts(n, 10_000), (b) => ({
    qty: Float64Array.from(b.positions, (p: { quantity: string }) => Number(p.quantity)),
    idx: Int32Array.from(b.positions, (p: { symbol: string }) => pos.get(p.symbol)!),
  }));
  const scratch = new Float64Array(nScen);
  const refUs = timeUs((i) => { const a = refAccounts[i % n]!; sink += refDotScan(a.qty, a.idx, flat, nScen, scratch); }, n * 10, QUICK ? 3 : 7);
  const refPerSecond = 1e6 / refUs;
  row('engine.assessEach, per account', us(perAccountUs), us(refUs), perAccountUs / refUs, '-', undefined);
  row('accounts per second per core', perS(accountsPerSecond), perS(refPerSecond), refPerSecond / accountsPerSecond, '>= 50,000/s', accountsPerSecond >= 50_000);
  console.log(`  (ratio here = reference rate / our rate; generation of the JSON accounts, ${us((median(gen) * 1000) / n)} each, is subtracted)`);

  // -------------------------------------------------------------------------------------------------
  console.log('\n4. Memory: peak heap while a lazily generated batch streams through engine.assessEach');
  const fit = Math.max(1000, Math.min(100_000, Math.round(accountsPerSecond * 60)));
  const nMem = Number(process.env.BENCH_MEMORY_ACCOUNTS ?? (QUICK ? 2000 : fit));
  (globalThis as { gc?: () => void }).gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  let peak = baseHeap;
  let k = 0;
  let unhealthy = 0;
  t = performance.now();
  for (const a of engine.assessEach(accounts(nMem, 1_000_000))) {
    if (a.status !== 'healthy') unhealthy++;
    if (++k % 250 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const secs = (performance.now() - t) / 1000;
  const mb = (x: number) => `${(x / 2 ** 20).toFixed(0)} MB`;
  console.log(`  ${nMem.toLocaleString('en-US')} accounts in ${secs.toFixed(1)} s (${unhealthy} not healthy); heap before ${mb(baseHeap)}`);
  row(`peak heap, ${nMem.toLocaleString('en-US')}-account iterator batch`, mb(peak), '-', undefined, '< 256 MB', peak < 256 * 2 ** 20);
  if (nMem < 100_000) console.log(`  (100,000 accounts would take ~${Math.round(100_000 / accountsPerSecond)} s at this rate; run with BENCH_MEMORY_ACCOUNTS=100000 for the full batch)`);
}

// ---------------------------------------------------------------------------------------------------
console.log('\n5. Parsing (validation + Decimal conversion)');
{
  const big = makeBook(rawMarket, 8000, 2000, 42, 'big');
  const copies = Array.from({ length: QUICK ? 2 : 8 }, () => JSON.parse(JSON.stringify(big)));
  const perBook = timeUs((i) => { sink += parsePortfolio(copies[i % copies.length]).positions.length; }, copies.length, QUICK ? 2 : 7, 2);
  const rate = (10_000 / perBook) * 1e6;
  row('parsePortfolio, 10,000 positions', `${perS(rate)} positions`, '-', undefined, '>= 300,000/s', rate >= 300_000);
  const mCopies = Array.from({ length: 4 }, () => JSON.parse(JSON.stringify(rawMarket)));
  const perMarket = timeUs((i) => { sink += parseMarket(mCopies[i % 4]).instruments.size; }, 4, QUICK ? 2 : 5, 2);
  row('parseMarket, 500 instruments', us(perMarket), '-', undefined, '-', undefined);
  console.log(`  snapshot size: ${JSON.stringify(rawMarket).length.toLocaleString('en-US')} bytes of JSON for 500 instruments with prices; prices alone ${JSON.stringify({ ...rawMarket, instruments: undefined }).length.toLocaleString('en-US')} bytes`);
}

// ---------------------------------------------------------------------------------------------------
console.log('\n6. SPAN risk-parameter files: parseSpanFile on synthetic files (written to a temporary directory, never committed)');
{
  const mbTarget = QUICK ? 5 : 50;
  const dir = mkdtempSync(join(os.tmpdir(), 'pm-span-'));
  try {
    for (const format of ['spn', 'pa2'] as const) {
      const { text, ccs } = format === 'spn' ? syntheticSpn(mbTarget) : syntheticPa2(mbTarget);
      const file = join(dir, `bench.${format}`);
      writeFileSync(file, text, 'latin1');
      const mbs = text.length / 1e6;
      // Each measurement in its own process, so that its peak memory is its own (maxRSS).
      const measure = (filter: boolean) =>
        JSON.parse(
          execFileSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', join(__dirname, 'spanParseChild.ts'), format, file, ccs[Math.floor(ccs.length / 2)]!, ...(filter ? ['filter'] : [])], {
            encoding: 'utf8',
            maxBuffer: 1 << 20,
          }),
        ) as { contracts: number; ms: number; refMs: number; peakRssMB: number; retainedMB: number };
      const full = measure(false);
      const rate = (ms: number) => `${(mbs / (ms / 1000)).toFixed(1)} MB/s`;
      console.log(`  .${format}: ${mbs.toFixed(1)} MB, ${full.contracts.toLocaleString('en-US')} contracts, ${ccs.length} combined commodities: ${(full.ms / 1000).toFixed(1)} s`);
      row(`parseSpanFile .${format}, ${mbs.toFixed(0)} MB (${full.contracts.toLocaleString('en-US')} contracts)`, rate(full.ms), rate(full.refMs), full.ms / full.refMs, '-', undefined);
      row(`  peak RSS added / heap retained, .${format} ${mbs.toFixed(0)} MB`, `${full.peakRssMB.toFixed(0)} / ${full.retainedMB.toFixed(0)} MB`, '-', undefined, '-', undefined);
      const one = measure(true);
      row(`parseSpanFile .${format}, products filter (1 of ${ccs.length})`, rate(one.ms), rate(one.refMs), one.ms / one.refMs, '-', undefined);
      row(`  peak RSS added / heap retained, .${format} filtered`, `${one.peakRssMB.toFixed(0)} / ${one.retainedMB.toFixed(0)} MB`, '-', undefined, '-', undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // One account against a parsed file: 24 positions (12 futures months, 12 options) in one combined commodity.
  const { text } = syntheticSpn(0.2);
  const spanFile = parseSpanFile(text, { products: ['C0'] });
  const positions = [
    ...Array.from({ length: 12 }, (_, m) => ({ exchange: 'BEX', productCode: 'C0', productType: 'FUT', period: `2026${String(m + 1).padStart(2, '0')}`, quantity: String((m % 3) - 1 || 2) })),
    ...Array.from({ length: 12 }, (_, m) => ({ exchange: 'BEX', productCode: 'C0', productType: 'OOF', period: `2026${String(m + 1).padStart(2, '0')}`, right: 'C', strike: String(80 + 2 * (m % 20)), quantity: '-1' })),
  ];
  const per = timeUs(() => { sink += spanRequirement(spanFile, positions).maintenance.length; }, QUICK ? 20 : 200, QUICK ? 3 : 7, 20);
  row('spanRequirement, one account (24 positions, 1 commodity)', us(per), '-', undefined, '-', undefined);
}

// ---------------------------------------------------------------------------------------------------
console.log('\n7. The exact kernel: figures without the tree (issue 10), deribit-pm, 500-instrument table, 20-position accounts');
const results: { id: string; ours_us: number; reference_us: number; ratio: number }[] = [];
const extra: Record<string, unknown> = {};
{
  // CPU time per call, ours and the reference interleaved (pairCpu, bench/oneShot.ts).
  const cpu = cpuUs;
  const record = (id: string, figure: string, x: { ours: number; ref: number; ratio: number }, refName: string, target: string, limit: number) => {
    results.push({ id, ours_us: +x.ours.toFixed(3), reference_us: +x.ref.toFixed(3), ratio: +x.ratio.toFixed(2) });
    row(figure, us(x.ours), `${us(x.ref)} ${refName}`, x.ratio, target, x.ratio <= limit);
  };
  const engine = createMarginEngine(rawMarket, params);
  const N = QUICK ? 500 : 4000;
  const books = Array.from({ length: N }, (_, i) => makeBook(rawMarket, 15, 5, 700_000 + i, `k-${i}`));
  const handles = books.map((b) => engine.compile(b));
  // refDotScan's inputs, and refFloatFigures' (the same methodology in float64), prepared untimed.
  // engine.riskArrays is a fresh copy on every read: read it once.
  const ra = engine.riskArrays;
  const symbols = [...ra.instruments.keys()];
  const nScen = engine.scenarioSet.scenarios.length;
  const flat = new Float64Array(symbols.length * nScen);
  symbols.forEach((sym, i) => flat.set(ra.instruments.get(sym)!.pnl, i * nScen));
  const pos = new Map(symbols.map((sym, i) => [sym, i]));
  const inst = new Map<string, any>(rawMarket.instruments.map((x: any) => [x.symbol, x]));
  const marks = Float64Array.from(symbols, (sym) => Number(rawMarket.marks[sym]?.price ?? 0));
  const weights = ra.weights;
  const refAccounts = books.map((b) => ({ qty: Float64Array.from(b.positions, (p: any) => Number(p.quantity)), idx: Int32Array.from(b.positions, (p: any) => pos.get(p.symbol)!) }));
  const floatAccounts: RefFloatAccount[] = books.map((b) => {
    const byU = new Map<string, { q: number[]; i: number[]; strikes: Map<string, number>; buckets: Map<string, number> }>();
    let optionValue = 0;
    const futQty: number[] = [];
    const futIdx: number[] = [];
    const futEntry: number[] = [];
    for (const p of b.positions) {
      const x = inst.get(p.symbol);
      const u = byU.get(x.underlying) ?? { q: [] as number[], i: [] as number[], strikes: new Map<string, number>(), buckets: new Map<string, number>() };
      byU.set(x.underlying, u);
      const q = Number(p.quantity);
      u.q.push(q);
      u.i.push(pos.get(p.symbol)!);
      if (x.kind === 'option') {
        const k = `${x.expiry}|${x.strike}`;
        u.strikes.set(k, (u.strikes.get(k) ?? 0) + q);
        optionValue += q * Number(ra.valuations!.get(p.symbol)!.markValue.toNumber());
      } else {
        const k = x.expiry ?? 'perpetual';
        u.buckets.set(k, (u.buckets.get(k) ?? 0) + q);
        futQty.push(q);
        futIdx.push(pos.get(p.symbol)!);
        futEntry.push(Number(p.entryPrice ?? rawMarket.marks[p.symbol].price));
      }
    }
    const units = [...byU.entries()].map(([und, u]) => {
      let short = 0;
      for (const v of u.strikes.values()) if (v < 0) short -= v;
      let long = 0;
      let shortF = 0;
      for (const v of u.buckets.values()) if (v > 0) long += v;
      else shortF -= v;
      const price = Number(rawMarket.underlyings[und].index);
      return { qty: Float64Array.from(u.q), idx: Int32Array.from(u.i), addOnUnits: Float64Array.of(0.01 * short, 0.01 * Math.min(long, shortF)), addOnPrice: Float64Array.of(price, price) };
    });
    const cash = b.collateral.reduce((t: number, c: any) => t + Number(c.balance) * (c.asset === 'USDC' ? 1 : Number(rawMarket.assets[c.asset].price)), 0);
    return { units, cash, futQty: Float64Array.from(futQty), futIdx: Int32Array.from(futIdx), futEntry: Float64Array.from(futEntry), optionValue };
  });
  const scratch = new Float64Array(nScen);
  const out = new Float64Array(5);
  const dot = (i: number) => {
    const a = refAccounts[i % N]!;
    sink += refDotScan(a.qty, a.idx, flat, nScen, scratch);
  };
  const runs = QUICK ? 5 : 31;
  // Every row times the settled call. CPU time counts V8's compiler threads, and the kernel is a lot of
  // code: a one-batch warm-up (200 calls) timed its compilation too (measured 2026-12-01: the kept row
  // read 48-51 us while the same calls, timed again right after for the float-figures row, read 27-40
  // us). Each row is warmed by a fixed number of calls first, and the warm-up's own mean is printed
  // beside it, so the cost of a process's first calls stays on the record.
  const warmUps: Record<string, { calls: number; ours_us: number }> = {};
  /** Runs `f` `calls` times (a twentieth in QUICK runs) untimed by pairCpu; returns the calls and their mean CPU us. */
  const warmUp = (f: (i: number) => void, calls: number) => {
    const n = QUICK ? Math.ceil(calls / 20) : calls;
    const c0 = cpu();
    for (let i = 0; i < n; i++) f(i);
    return { calls: n, ours_us: (cpu() - c0) / n };
  };
  const warmRow = (id: string, w: { calls: number; ours_us: number }, x: { ref: number }, refName: string) => {
    warmUps[id] = { calls: w.calls, ours_us: +w.ours_us.toFixed(3) };
    row(`  the same, mean of the first ${w.calls} calls (V8 compiling)`, us(w.ours_us), `${us(x.ref)} ${refName}`, w.ours_us / x.ref, '-', undefined);
  };
  const keptCall = (i: number) => { sink += engine.figures(handles[i % N]!).equity.length; };
  const keptWarm = warmUp(keptCall, 20_000);
  const kept = pairCpu(keptCall, dot, 200, 2000, runs);
  record('figures.kept', 'figures, kept handles', kept, 'refDotScan', '<= 30x', 30);
  warmRow('figures.kept', keptWarm, kept, 'refDotScan');
  const fl = pairCpu((i) => { sink += engine.figures(handles[i % N]!).equity.length; }, (i) => { refFloatFigures(floatAccounts[i % N]!, flat, nScen, weights, marks, 1.3, scratch, out); sink += out[0]!; }, 200, 2000, runs);
  row('figures, kept handles (against the float figures)', us(fl.ours), `${us(fl.ref)} refFloatFigures`, fl.ratio, '-', undefined);
  extra.refFloatFigures = { ours_us: +fl.ours.toFixed(3), reference_us: +fl.ref.toFixed(3), ratio: +fl.ratio.toFixed(2) };
  const rawCall = (i: number) => { sink += engine.figures(books[i % N]).equity.length; };
  const rawWarm = warmUp(rawCall, 10_000);
  const raw = pairCpu(rawCall, dot, 100, 2000, runs);
  record('figures.raw', 'figures, raw JSON accounts', raw, 'refDotScan', '<= 40x', 40);
  warmRow('figures.raw', rawWarm, raw, 'refDotScan');
  // The kernel calls above run the methodology's shared generic code (netting, add-ons, requirement)
  // on kernel numbers: V8 deoptimises it, and the next few hundred Decimal calls re-optimise it (CPU
  // time counts the compiler threads). A 20-call warm-up timed that, not assess: warm up past it.
  const engine2023 = createMarginEngine(rawMarket, parseMarginParameters(PRESETS['deribit-pm-2023']));
  for (let i = 0; i < (QUICK ? 300 : 1000); i++) sink += engine.assess(books[i % N]).equity.length + engine2023.assess(books[i % N]).equity.length;
  const assessed = pairCpu((i) => { sink += engine.assess(books[i % N]).equity.length; }, dot, 40, 2000, QUICK ? 3 : 11);
  record('assess', 'assess, raw JSON accounts (for comparison)', assessed, 'refDotScan', '-', Infinity);
  // The model's own cost: the same accounts under the previous model, batch for batch.
  const models = pairCpu((i) => { sink += engine.assess(books[i % N]).equity.length; }, (i) => { sink += engine2023.assess(books[i % N]).equity.length; }, 40, 40, QUICK ? 3 : 11);
  row('assess, deribit-pm against deribit-pm-2023 (same accounts)', us(models.ours), `${us(models.ref)} deribit-pm-2023`, models.ratio, '-', undefined);
  extra.assessAgainst2023 = { ours_us: +models.ours.toFixed(3), reference_us: +models.ref.toFixed(3), ratio: +models.ratio.toFixed(2) };
  const befores = handles.map((h) => engine.figures(h));
  const trades = books.map((b, i) => [{ symbol: b.positions[i % b.positions.length].symbol, quantity: i % 2 ? '1' : '-1' }]);
  // check runs the trade model and an incremental recompile besides a figures call: V8 needs a few
  // thousand calls to settle it (50 warm-up calls timed its optimisation: 3.9x instead of 2.6x).
  for (let i = 0; i < (QUICK ? 500 : 5000); i++) sink += engine.check(handles[i % N]!, trades[i % N]!, befores[i % N]).reason.length;
  const chk = pairCpu((i) => { sink += engine.check(handles[i % N]!, trades[i % N]!, befores[i % N]).reason.length; }, (i) => { sink += engine.figures(handles[i % N]!).equity.length; }, 50, 200, runs);
  record('check', 'check, one trade, kept handle, before given', chk, 'figures', '<= 2x', 2);

  // One-shot decision on a fresh snapshot (new identity per call, prices already parsed).
  for (const [nOptions, limit] of ONE_SHOT_ROWS) {
    const c = oneShotCase(nOptions, rawMarket, market, prices, params);
    const settle = warmUp(() => { sink += c.decide(); }, c.warmCalls);
    const x = pairCpu(() => { sink += c.decide(); }, () => { sink += c.reference(); }, c.batch, c.refBatch, QUICK ? 3 : 9);
    record(`oneshot.decision.${nOptions}`, `one-shot decision, ${nOptions} options + 5 futures, fresh snapshot`, x, 'refScanRisk', `<= ${limit}x`, limit);
    warmRow(`oneshot.decision.${nOptions}`, settle, x, 'refScanRisk');
  }
  // The same rows in a fresh process (bench/oneShotChild.ts): the rows above run after everything
  // else in this process, and V8's feedback on the shared code is wider for it. Both are recorded;
  // the rows above (this process) are the ones judged against the targets.
  const fresh: { nOptions: number; ours_us: number; reference_us: number; ratio: number }[] = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'oneShotChild.ts'), ...(QUICK ? ['quick'] : [])], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  for (const f of fresh) row(`one-shot decision, ${f.nOptions} options, in a fresh process (bench/oneShotChild.ts)`, us(f.ours_us), `${us(f.reference_us)} refScanRisk`, f.ratio, '-', undefined);
  extra.oneshotFreshProcess = fresh;
  extra.warmUp = warmUps;

  // Fallback rates: the bench population and a whale population.
  const share = (eng: ReturnType<typeof createMarginEngine>, accts: PortfolioInput[]) => accts.filter((a) => eng.figures(eng.compile(a)).exact === 'decimal').length / accts.length;
  const fb = share(engine, books);
  const whales = POPULATIONS.find((p) => p.name.startsWith('whales'))!;
  const wr = rng(4242);
  const whaleBooks = Array.from({ length: QUICK ? 200 : 2000 }, (_, i) => whales.account(wr, i));
  const fw = share(createMarginEngine(whales.market, whales.params[0]!), whaleBooks);
  row('fallback to the Decimal path, bench population', `${(100 * fb).toFixed(2)}% of ${N}`, '-', undefined, '<= 0.5%', fb <= 0.005);
  row('fallback to the Decimal path, whales', `${(100 * fw).toFixed(2)}% of ${whaleBooks.length}`, '-', undefined, '<= 0.5%', fw <= 0.005);

  // Retained memory per kept handle: heap (and array-buffer) growth over 20,000 handles, after full GCs.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const mem = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const M = QUICK ? 2000 : 20_000;
  const more = Array.from({ length: M }, (_, i) => makeBook(rawMarket, 15, 5, 900_000 + i, `m-${i}`));
  const before = mem();
  const keptHandles = more.map((b) => engine.compile(b));
  const bytes = (mem() - before) / M;
  sink += keptHandles.length;
  row('retained memory per kept handle (20 positions)', `${bytes.toFixed(0)} bytes`, '-', undefined, '<= 2 KB', bytes <= 2048);

  const machine = `${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores; node ${process.version}; ${os.platform()} ${os.arch()}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`;
  const file = join(__dirname, 'results.json');
  writeFileSync(file, JSON.stringify({ rows: results, 'fallbackRate.bench': fb, 'fallbackRate.whales': fw, bytesPerHandle: Math.round(bytes), machine, date: new Date().toISOString(), timing: 'CPU time per call (process.cpuUsage), ours and the reference interleaved in short batches; ratio = median of the per-batch ratios', ...extra }, null, 2) + '\n');
  console.log(`  results written to ${file}`);
}

console.log('\nSummary');
const cols = ['figure', 'ours', 'reference', 'ratio', 'target', 'met'] as const;
const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
console.log(`| ${cols.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`);
console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(`| ${cols.map((c, i) => r[c].padEnd(width[i]!)).join(' | ')} |`);
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s${sink === 42 ? '' : ''}`);
