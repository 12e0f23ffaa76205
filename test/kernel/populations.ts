/**
 * Account populations for the kernel property (`figures` equals the fields of `assess`, byte for byte):
 * seeded generators of raw accounts, each with the parameter sets and ticks it runs under. Shared by
 * test/kernel/figures.property.test.ts and its parts (figuresProperty.ts: over 20,000 accounts per `npm test`) and
 * bench/checkKernel.ts (`npm run check:kernel`, 1,000,000 accounts).
 *
 * Every population is a mulberry32 stream from its seed, so a failure names a population and an
 * index that reproduce it.
 */
import { makeBook, makeMarket, rng } from '../../bench/generate.js';
import { PRESETS } from '../../src/presets/index.js';
import type { MarginParametersInput, MarketSnapshotInput } from '../../src/index.js';
import { sampleMarket } from '../helpers/sample.js';

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: R, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
/** A signed decimal string with up to `dp` places and magnitude up to `max`, sometimes a round number. */
function amount(r: R, max: number, dp: number, signed = true): string {
  const x = r() * max * (signed && r() < 0.5 ? -1 : 1);
  const places = int(r, 0, dp);
  const s = x.toFixed(places);
  return /^-?0(\.0*)?$/.test(s) ? '0' : s.replace(/^-0(?=\.)/, '-0');
}

/** Health sections: haircuts flat and tiered (IM and MM), borrow tiers, a margin-call band. */
export const HEALTH_FLAT_TIERED = {
  id: 'kernel-health',
  version: '1',
  status: { marginCallBand: '0.2' },
  collateral: {
    haircuts: { BTC: { initial: '0.1', maintenance: '0.05' }, ETH: { initial: { tiers: [{ upTo: '100000', haircut: '0' }, { upTo: '400000', haircut: '0.1' }, { haircut: '0.3' }] } }, USDT: { initial: { tiers: [{ upTo: '5000', haircut: '0' }, { haircut: '0.1' }] } } },
    defaultHaircut: { initial: '0.2' },
    borrowTiers: [{ upTo: '100000', rate: '0.05' }, { upTo: '1000000', rate: '0.075' }, { rate: '0.1' }],
  },
};

const pm = () => JSON.parse(JSON.stringify(PRESETS['deribit-pm']));
const pm2023 = () => JSON.parse(JSON.stringify(PRESETS['deribit-pm-2023']));

/** Every add-on, IM scenarios and add-ons of its own, a risk-unit group (portfolio mode; IM from MM, so on the 2023 preset). */
export const KITCHEN = {
  ...pm2023(),
  id: 'kernel-kitchen',
  version: '1',
  riskUnits: [{ id: 'BTCETH', underlyings: ['BTC', 'ETH'] }],
  addOns: {
    shortOptionMinimum: { rate: '0.01', netting: 'calls-or-puts', apply: 'floor' },
    nakedShortOption: { rate: '0.03' },
    deltaContingency: { netDeltaRate: '0.01', grossOptionRate: '0.002' },
    calendarSpread: { rate: '0.01', includeOptions: true },
    concentration: { measure: 'grossNotional', rate: '0.5', bands: [{ upTo: '100000', multiplier: '1' }, { upTo: '1000000', multiplier: '1.5' }, { multiplier: '2' }] },
    minimum: { amount: '25' },
    rollShock: { minAnnualisedMove: '0.01', annualisedMoveRisk: '0.075', includeOptions: true },
    deltaShock: { threshold: '2000000', incrementPerUnit: '0.00005', max: '0.1', includeOptions: true },
  },
  initialMargin: {
    multiplier: '1.2',
    scenarios: { priceRange: { kind: 'relative', range: '0.2' }, priceSteps: 3, volShocks: [{ id: 'up', kind: 'relative', size: '0.4' }] },
    addOns: { concentration: { measure: 'scanRisk', bands: [{ upTo: '5000', multiplier: '1' }, { multiplier: '1.25' }] }, minimum: { amount: '10' } },
  },
};

/**
 * Deribit's 2024 model with a risk-unit group (BTC and ETH as one unit: their aggregated-vector rules
 * combined) and a P&L offset with a cap, on the sample market.
 */
export const DERIBIT_2024_GROUPED = {
  ...pm(),
  id: 'kernel-deribit-2024-grouped',
  version: '1',
  riskUnits: [{ id: 'BTCETH', underlyings: ['BTC', 'ETH'] }],
  scenarios: { ...pm().scenarios, aggregate: { pnlOffset: '0.3', maxOffsetablePnl: '50000', dampener: { amount: '100000', scaling: 'excessOverRange', gains: 'dampenThenOffset' } } },
};

/**
 * A BTC-settled market as Deribit runs it (no USD price anywhere): inverse perpetual and dated futures
 * of 10 USD, inverse options of 1 BTC on two expiries, ETH collateral priced in BTC and tied to ETH.
 */
export const COIN_MARKET: MarketSnapshotInput = {
  asOf: '2026-11-29T08:00:00Z',
  settlementCurrency: 'BTC',
  instruments: [
    { symbol: 'BTC-PERPETUAL', kind: 'future', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '10' },
    { symbol: 'BTC-25DEC26', kind: 'future', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '10', expiry: '2026-12-25T08:00:00Z' },
    { symbol: 'BTC-26JUN27', kind: 'future', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '10', expiry: '2027-06-25T08:00:00Z' },
    ...['80000', '100000', '120000'].flatMap((k) =>
      ['2026-12-25T08:00:00Z', '2027-06-25T08:00:00Z'].flatMap((expiry) =>
        (['call', 'put'] as const).map((right) => ({ symbol: `BTC-${expiry.slice(0, 10)}-${k}-${right[0]!.toUpperCase()}`, kind: 'option' as const, underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse' as const, contractSize: '1', expiry, right, strike: k })),
      ),
    ),
  ],
  underlyings: { BTC: { index: '100000', forwards: { '2026-12-25T08:00:00Z': '100600', '2027-06-25T08:00:00Z': '104100' } }, ETH: { index: '3500' } },
  marks: {
    'BTC-PERPETUAL': { price: '100040' },
    'BTC-25DEC26': { price: '100600' },
    'BTC-26JUN27': { price: '104100' },
    ...Object.fromEntries(['80000', '100000', '120000'].flatMap((k, i) => ['2026-12-25', '2027-06-25'].flatMap((e) => ['C', 'P'].map((r) => [`BTC-${e}-${k}-${r}`, { iv: String(0.5 + 0.05 * i) }])))),
  },
  assets: { ETH: { price: '0.035', underlying: 'ETH' } },
};
const coinSymbols: string[] = COIN_MARKET.instruments.map((i) => i.symbol);

/** A random BTC-settled book: coin quantities of inverse futures (10-USD contracts) and options, entries, funding, BTC and ETH balances. */
function coinBook(r: R, i: number): any {
  const positions: any[] = [];
  const n = int(r, 1, 8);
  for (let k = 0; k < n; k++) {
    const symbol = pick(r, coinSymbols);
    const future = !symbol.endsWith('-C') && !symbol.endsWith('-P');
    const p: any = { symbol, quantity: future ? String(int(r, -200000, 200000) || 10) : amount(r, 40, 1) };
    if (future && r() < 0.6) p.entryPrice = (95000 + 10000 * r()).toFixed(int(r, 0, 1));
    if (future && r() < 0.15) p.accruedFunding = amount(r, 0.01, 8);
    positions.push(p);
  }
  const collateral: any[] = [{ asset: 'BTC', balance: amount(r, 60, 8, false) }];
  if (r() < 0.4) collateral.push({ asset: 'ETH', balance: amount(r, 300, 8, false) });
  return { accountId: `c-${i}`, settlementCurrency: 'BTC', positions, collateral };
}

/** Joint scenario sets and inter-unit credits (SPAN style). */
export const JOINT_CREDITS = {
  ...JSON.parse(JSON.stringify(PRESETS['span-cme-16'])),
  id: 'kernel-joint',
  version: '1',
  interUnitCredits: [{ units: ['BTC', 'ETH'], deltaRatio: ['1', '20'], rate: '0.5' }, { units: ['SOL', 'XRP'], deltaRatio: ['1', '50'], rate: '0.3' }],
  joint: [{ id: 'j1', units: ['DOGE', 'XRP'], scenarios: [{ id: 'crash', moves: { DOGE: '-0.3', XRP: '-0.25' } }, { id: 'pump', moves: { DOGE: '0.4', XRP: '0.2' }, weight: '0.5' }] }],
};

/** A tick that moves every index and futures mark (and ages the snapshot by an hour). */
export function movedPrices(market: any, r: R): any {
  const { instruments: _t, ...prices } = market;
  const f = 0.85 + 0.3 * r();
  return {
    ...prices,
    asOf: '2026-11-29T09:00:00Z',
    underlyings: Object.fromEntries(Object.entries(market.underlyings).map(([k, v]: [string, any]) => [k, { ...v, index: (Number(v.index) * f).toFixed(4) }])),
    marks: Object.fromEntries(Object.entries(market.marks).map(([k, v]: [string, any]) => [k, v.price !== undefined ? { ...v, price: (Number(v.price) * f * (0.995 + 0.01 * r())).toFixed(4) } : v])),
    assets: Object.fromEntries(Object.entries(market.assets).map(([k, v]: [string, any]) => [k, v.underlying ? { ...v, price: (Number(v.price) * f).toFixed(4) } : v])),
  };
}

export interface Population {
  name: string;
  /** The market (raw JSON) and the parameter sets the population runs under (one engine each). */
  market: any;
  params: MarginParametersInput[];
  /** Also evaluate the compiled handle on a moved tick (`withPrices`). */
  moved: boolean;
  /** The smallest kernel share asserted (the rest goes through the Decimal path). */
  minKernelShare: number;
  account(r: R, i: number): any;
}

const BENCH = makeMarket(500);
const SAMPLE = sampleMarket();
const benchOptions: any[] = BENCH.instruments.filter((i: any) => i.kind === 'option');
const benchFutures: any[] = BENCH.instruments.filter((i: any) => i.kind === 'future');
const sampleSymbols: string[] = SAMPLE.instruments.map((i: any) => i.symbol);
const sampleFutures: string[] = SAMPLE.instruments.filter((i: any) => i.kind === 'future').map((i: any) => i.symbol);
const perps: string[] = BENCH.instruments.filter((i: any) => i.symbol.endsWith('-PERP')).map((i: any) => i.symbol);

/** A random book on the sample market: inverse instruments, fractional quantities, funding, borrowing, 8-decimal balances. */
function sampleBook(r: R, i: number, maxPositions = 10): any {
  const positions: any[] = [];
  const n = int(r, 0, maxPositions);
  for (let k = 0; k < n; k++) {
    const symbol = pick(r, sampleSymbols);
    const p: any = { symbol, quantity: amount(r, 30, r() < 0.7 ? 1 : 4) };
    if (sampleFutures.includes(symbol) && r() < 0.6) p.entryPrice = (80000 * (1 + 0.4 * r())).toFixed(int(r, 0, 2));
    if (symbol.startsWith('ETH-PERP') && p.entryPrice) p.entryPrice = (3000 + 1000 * r()).toFixed(int(r, 0, 2));
    if (r() < 0.15) p.accruedFunding = amount(r, 50, 2);
    positions.push(p);
  }
  const collateral: any[] = [];
  for (const asset of ['USDC', 'BTC', 'ETH', 'USDT']) {
    if (r() < 0.3) continue;
    const big = asset === 'USDC' || asset === 'USDT';
    collateral.push({ asset, balance: amount(r, big ? 500000 : 20, big ? 2 : 8, r() < 0.25) });
  }
  return { accountId: `s-${i}`, settlementCurrency: 'USDC', positions, collateral };
}

/** A whale on the bench market: 1,000-100,000 contracts per line, balances in the billions with 8 decimals. */
function whaleBook(r: R, i: number): any {
  const positions: any[] = [];
  for (let k = 0; k < 15; k++) positions.push({ symbol: pick(r, benchOptions).symbol, quantity: ((r() < 0.5 ? -1 : 1) * (1000 + r() * 99000)).toFixed(int(r, 0, 2)) });
  for (let k = 0; k < 5; k++) {
    const f = pick(r, benchFutures);
    positions.push({ symbol: f.symbol, quantity: ((r() < 0.5 ? -1 : 1) * (1000 + r() * 99000)).toFixed(int(r, 0, 3)), entryPrice: (Number(BENCH.marks[f.symbol].price) * (0.9 + 0.2 * r())).toFixed(4) });
  }
  return {
    accountId: `w-${i}`,
    settlementCurrency: 'USDC',
    positions,
    collateral: [
      { asset: 'USDC', balance: (1e9 + r() * 9e9).toFixed(8) },
      { asset: 'BTC', balance: (r() * 100000).toFixed(8) },
      { asset: 'ETH', balance: (r() * 1000000).toFixed(8) },
    ],
  };
}

/**
 * Futures-only books on perpetuals with whole prices and whole quantities: every requirement and
 * equity is a whole number of cents, so each rounding sits exactly on its boundary, and the damped
 * tails tie with the grid's extreme moves. The USDC balance is chosen around the requirement so that
 * equity lands on, just above or just below each status threshold.
 */
function boundaryBook(r: R, i: number): any {
  const positions: any[] = [];
  const n = int(r, 1, 4);
  for (let k = 0; k < n; k++) positions.push({ symbol: pick(r, perps), quantity: String(int(r, -20, 20) || 1), ...(r() < 0.5 ? { entryPrice: String(int(r, 1, 200000)) } : {}) });
  return { accountId: `b-${i}`, settlementCurrency: 'USDC', positions, collateral: [{ asset: 'USDC', balance: String(int(r, 0, 3_000_000)) + (r() < 0.5 ? '' : `.${int(r, 0, 99)}`) }] };
}

export const POPULATIONS: Population[] = [
  { name: 'bench 20-position accounts, deribit-pm', market: BENCH, params: [PRESETS['deribit-pm']], moved: true, minKernelShare: 0.995, account: (r, i) => makeBook(BENCH, 15, 5, Math.floor(r() * 2 ** 31), `bench-${i}`) },
  { name: 'whales, deribit-pm', market: BENCH, params: [PRESETS['deribit-pm']], moved: true, minKernelShare: 0.995, account: whaleBook },
  { name: 'boundaries and thresholds, deribit-pm and span-cme-16', market: BENCH, params: [PRESETS['deribit-pm'], PRESETS['span-cme-16']], moved: false, minKernelShare: 0.99, account: boundaryBook },
  {
    name: 'sample market, portfolio presets, with and without haircuts and borrowing',
    market: SAMPLE,
    params: [PRESETS['deribit-pm'], PRESETS['span-classic-16'], PRESETS['span-cme-16'], { ...pm(), id: 'pm-health', health: HEALTH_FLAT_TIERED }, KITCHEN],
    moved: true,
    minKernelShare: 0.95,
    account: (r, i) => sampleBook(r, i),
  },
  { name: 'coin-settled (BTC) books, deribit-pm: inverse futures, perpetual and options in the coin', market: COIN_MARKET, params: [PRESETS['deribit-pm']], moved: true, minKernelShare: 0.99, account: coinBook },
  { name: 'sample market, deribit-pm with a risk-unit group and a capped P&L offset', market: SAMPLE, params: [DERIBIT_2024_GROUPED], moved: true, minKernelShare: 0.95, account: (r, i) => sampleBook(r, i) },
  { name: 'joint scenario sets and inter-unit credits', market: BENCH, params: [JOINT_CREDITS], moved: false, minKernelShare: 0.9, account: (r, i) => makeBook(BENCH, int(r, 2, 12), int(r, 0, 5), Math.floor(r() * 2 ** 31), `j-${i}`) },
];
