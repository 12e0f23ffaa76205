/**
 * The one-shot decision rows of bench section 7, shared by bench/run.ts (in its own long process) and
 * bench/oneShotChild.ts (in a fresh process): the timing (ours and the reference interleaved, CPU time)
 * and each book's two calls, written once so that both processes time the same work.
 */
import { accountFigures } from '../src/kernel/index';
import { buildScenarioSet, parsePortfolio, withPrices, yearFraction, type MarginParameters, type MarketPrices, type MarketSnapshot } from '../src/index';
import { makeBook, makeMarket } from './generate';
import { refBlack76, refScanRisk } from './reference';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** CPU time of this process so far, microseconds: on a shared machine wall time also counts the time other processes hold the core. */
export function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * Ours against the reference, interleaved in short batches so both see the same machine state: the
 * median CPU time per call of each (microseconds) and the median of the per-batch ratios.
 */
export function pairCpu(ours: (i: number) => void, ref: (i: number) => void, batch: number, refBatch: number, runs: number): { ours: number; ref: number; ratio: number } {
  for (let i = 0; i < batch; i++) ours(i);
  for (let i = 0; i < refBatch; i++) ref(i);
  const o: number[] = [];
  const r: number[] = [];
  const q: number[] = [];
  let k = 0;
  for (let run = 0; run < runs; run++) {
    let c = cpuUs();
    for (let i = 0; i < batch; i++) ours(k + i);
    const a = (cpuUs() - c) / batch;
    c = cpuUs();
    for (let i = 0; i < refBatch; i++) ref(k + i);
    const b = (cpuUs() - c) / refBatch;
    k += batch;
    o.push(a);
    r.push(b);
    q.push(a / b);
  }
  return { ours: median(o), ref: median(r), ratio: median(q) };
}

/** The books' option counts and targets of the one-shot rows. */
export const ONE_SHOT_ROWS = [[10, 7], [50, 3], [200, 2.5]] as const;

/**
 * One one-shot row's two calls: our decision on a fresh snapshot identity (prices already parsed) for
 * a book of `nOptions` options and 5 futures, and the float64 reference (the held options' Black-76
 * prices, then `refScanRisk` over the same scenarios). Each returns a number to sink.
 */
export function oneShotCase(nOptions: number, rawMarket: ReturnType<typeof makeMarket>, market: MarketSnapshot, prices: MarketPrices, params: MarginParameters): { decide: () => number; reference: () => number; warmCalls: number; batch: number; refBatch: number } {
  const set = buildScenarioSet(params, market);
  const moves = Float64Array.from(set.scenarios, (sc) => Number(sc.moves.BTC ?? 0));
  const volShocks = Float64Array.from(set.scenarios, (sc) => (sc.volShock.kind === 'relative' ? sc.volShock.size : 0));
  const w = Float64Array.from(set.scenarios, (sc) => Number(sc.weight));
  const book = parsePortfolio(makeBook(rawMarket, nOptions, 5, 1000 + nOptions));
  const refBook = book.positions.map((p) => {
    const i = market.instruments.get(p.symbol)!;
    const u = market.underlyings.get(i.underlying)!;
    const isFuture = i.kind === 'future';
    return { right: i.right === 'call' ? 1 : -1, F: isFuture ? market.marks.get(p.symbol)!.price!.toNumber() : u.index.toNumber(), K: i.strike?.toNumber() ?? 0, T: i.expiryMs === undefined ? 0 : yearFraction(market.asOfMs, i.expiryMs), vol: market.marks.get(p.symbol)?.iv?.toNumber() ?? 0, qty: p.quantity.toNumber(), base: 0, isFuture };
  });
  return {
    decide: () => accountFigures(book, withPrices(market, prices), params).maintenanceMargin.length,
    reference: () => {
      for (const p of refBook) if (!p.isFuture) p.base = refBlack76(p.right, p.F, p.K, p.T, p.vol, 0);
      return refScanRisk(refBook, moves, volShocks, w);
    },
    // A one-shot call runs far more distinct code than the kept row (valuation, risk arrays, compile,
    // admission, the kernel): it settles after about 2,000 / 1,000 / 300 calls at 10 / 50 / 200 options
    // (measured 2026-12-01: 3.5 ms mean over the first 250 calls at 10 options, 0.45-0.52 ms after 2,000).
    warmCalls: nOptions >= 200 ? 300 : nOptions >= 50 ? 1000 : 2000,
    batch: nOptions >= 200 ? 4 : 10,
    refBatch: nOptions >= 200 ? 10 : 40,
  };
}
