/**
 * Seeded synthetic books and markets for the benchmark (and the worker-threads example). Nothing
 * here is random at run time: a mulberry32 generator with a fixed seed makes every run identical.
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNDERLYINGS = [
  { name: 'BTC', index: 100000, step: 5000 },
  { name: 'ETH', index: 3500, step: 100 },
  { name: 'SOL', index: 200, step: 5 },
  { name: 'XRP', index: 2.5, step: 0.1 },
  { name: 'DOGE', index: 0.4, step: 0.02 },
];
const EXPIRIES = ['2026-12-04T08:00:00Z', '2026-12-25T08:00:00Z', '2027-01-29T08:00:00Z', '2027-03-26T08:00:00Z', '2027-06-25T08:00:00Z'];

/**
 * A market with about `nInstruments` instruments over 5 underlyings: per underlying a linear
 * perpetual, dated futures per expiry, and calls and puts around the money.
 */
export function makeMarket(nInstruments: number): any {
  const instruments: any[] = [];
  const marks: Record<string, any> = {};
  const underlyings: Record<string, any> = {};
  const assets: Record<string, any> = {};
  const perUnderlying = Math.ceil(nInstruments / UNDERLYINGS.length);
  const r = rng(7);
  for (const u of UNDERLYINGS) {
    underlyings[u.name] = { index: String(u.index), rate: '0' };
    assets[u.name] = { price: String(u.index), underlying: u.name };
    const base = { underlying: u.name, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' };
    instruments.push({ symbol: `${u.name}-PERP`, kind: 'future', ...base });
    marks[`${u.name}-PERP`] = { price: String(u.index) };
    for (const e of EXPIRIES) {
      const s = `${u.name}-${e.slice(0, 10)}`;
      instruments.push({ symbol: s, kind: 'future', ...base, expiry: e });
      marks[s] = { price: (u.index * (1 + 0.01 * r())).toFixed(4) };
    }
    let k = 0;
    let count = 1 + EXPIRIES.length;
    while (count < perUnderlying) {
      const e = EXPIRIES[k % EXPIRIES.length]!;
      const strikeStep = Math.floor(k / EXPIRIES.length / 2) * (k % 2 === 0 ? 1 : -1);
      const strike = +(u.index + strikeStep * u.step).toFixed(6);
      if (strike > 0) {
        for (const right of ['call', 'put'] as const) {
          if (count >= perUnderlying) break;
          const s = `${u.name}-${e.slice(0, 10)}-${strike}-${right === 'call' ? 'C' : 'P'}`;
          if (marks[s]) continue;
          instruments.push({ symbol: s, kind: 'option', ...base, expiry: e, right, strike: String(strike) });
          marks[s] = { iv: (0.4 + 0.4 * r()).toFixed(4) };
          count++;
        }
      }
      k++;
    }
  }
  return { asOf: '2026-11-29T08:00:00Z', settlementCurrency: 'USDC', instruments, underlyings, marks, assets };
}

/** A book of `nOptions` options plus `nFutures` futures and 3 collateral assets, drawn from `market`. */
export function makeBook(market: any, nOptions: number, nFutures: number, seed: number, id = `acct-${seed}`): any {
  const r = rng(seed);
  const options = market.instruments.filter((i: any) => i.kind === 'option');
  const futures = market.instruments.filter((i: any) => i.kind === 'future');
  const positions: any[] = [];
  const pick = (list: any[]) => list[Math.floor(r() * list.length)];
  for (let i = 0; i < nOptions; i++) positions.push({ symbol: pick(options).symbol, quantity: String(Math.round((r() - 0.5) * 40) || 1) });
  for (let i = 0; i < nFutures; i++) {
    const f = pick(futures);
    positions.push({ symbol: f.symbol, quantity: String(Math.round((r() - 0.5) * 20) || 1), entryPrice: market.marks[f.symbol].price });
  }
  return {
    accountId: id,
    settlementCurrency: 'USDC',
    positions,
    collateral: [
      { asset: 'USDC', balance: String(Math.round(200000 + r() * 2_000_000)) },
      { asset: 'BTC', balance: (r() * 10).toFixed(4) },
      { asset: 'ETH', balance: (r() * 100).toFixed(4) },
    ],
  };
}
