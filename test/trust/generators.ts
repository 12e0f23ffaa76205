import fc from 'fast-check';
import { sampleBook, sampleMarket } from '../helpers/sample.js';

/** The sample market (examples/data/market.json) and the symbols of its instruments. */
export const MARKET = sampleMarket();
export const SYMBOLS: string[] = MARKET.instruments.map((i: { symbol: string }) => i.symbol);
export const LINEAR_FUTURES = ['BTC-PERP', 'ETH-PERP', 'BTC-25DEC26', 'BTC-26MAR27'];
export const SEED_BOOK = sampleBook();

/** Every preset-based parameter set the properties run under. */
export const PRESET_IDS = ['deribit-pm', 'deribit-standard', 'span-classic-16', 'span-cme-16'] as const;

/** A decimal string with up to `dp` decimals in [-max, max]: what a caller sends. */
export const decimalString = (max: number, dp = 2): fc.Arbitrary<string> =>
  fc.integer({ min: -max * 10 ** dp, max: max * 10 ** dp }).map((n) => {
    const neg = n < 0;
    const s = String(Math.abs(n)).padStart(dp + 1, '0');
    const out = dp ? `${s.slice(0, -dp)}.${s.slice(-dp)}` : s;
    return (neg ? '-' : '') + out;
  });

export interface Position {
  symbol: string;
  quantity: string;
  entryPrice?: string;
}

/** Positions in the sample market's instruments (symbols may repeat: they net). */
export const positionArb = (symbols: readonly string[] = SYMBOLS): fc.Arbitrary<Position> =>
  fc.record(
    { symbol: fc.constantFrom(...symbols), quantity: decimalString(30, 1), entryPrice: fc.option(fc.integer({ min: 1000, max: 120000 }).map(String), { nil: undefined }) },
    { requiredKeys: ['symbol', 'quantity'] },
  ).map((p) => {
    const out: Position = { symbol: p.symbol, quantity: p.quantity };
    // Entry prices only on futures (they are meaningless on options, and equity uses them for futures).
    if (p.entryPrice !== undefined && !p.symbol.includes('-C') && !p.symbol.includes('-P')) out.entryPrice = p.entryPrice;
    return out;
  });

export interface Balance {
  asset: string;
  balance: string;
}

/** Collateral balances in distinct assets of the sample market (USDC, BTC, ETH, USDT). */
export const collateralArb = (assets: readonly string[] = ['USDC', 'BTC', 'ETH', 'USDT']): fc.Arbitrary<Balance[]> =>
  fc.uniqueArray(fc.constantFrom(...assets), { maxLength: assets.length }).chain((names) =>
    fc.tuple(...names.map((asset) => (asset === 'USDC' || asset === 'USDT' ? decimalString(500000, 2) : decimalString(20, 4)).map((balance) => ({ asset, balance })))),
  );

export interface Book {
  accountId: string;
  settlementCurrency: string;
  positions: Position[];
  collateral: Balance[];
}

export const bookArb = (opts: { symbols?: readonly string[]; maxPositions?: number; assets?: readonly string[] } = {}): fc.Arbitrary<Book> =>
  fc.record({
    positions: fc.array(positionArb(opts.symbols), { maxLength: opts.maxPositions ?? 8 }),
    collateral: collateralArb(opts.assets),
  }).map((b) => ({ accountId: 'prop', settlementCurrency: 'USDC', positions: b.positions, collateral: b.collateral }));

/** Deterministic permutation of `xs` driven by `keys` (fast-check shrinks the keys). */
export function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.k - b.k || b.i - a.i)
    .map((e) => e.x);
}

/** Keys whose string values are identifiers or labels echoed from the input (a symbol may be called "NaN"). */
const ID_KEYS = new Set(['accountId', 'symbol', 'symbols', 'asset', 'underlying', 'underlyings', 'unit', 'units', 'id', 'name', 'label', 'message', 'settlementCurrency', 'quoteCurrency', 'paramsId', 'paramsVersion', 'version', 'source', 'code', 'rule', 'component', 'path']);

/**
 * Walks a JSON-like value and returns the paths of every forbidden leaf: NaN, +/-Infinity, -0,
 * undefined, non-plain objects, and amount strings in exponent notation or spelling NaN/Infinity/-0
 * (identifier fields, which echo the caller's names, excepted).
 */
export function badLeaves(v: unknown, path = '$', key = ''): string[] {
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? [] : [`${path}=${String(Object.is(v, -0) ? '-0' : v)}`];
  if (typeof v === 'string') {
    if (ID_KEYS.has(key)) return [];
    return /^[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+$/.test(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity' || v === '-0' ? [`${path}="${v}"`] : [];
  }
  if (v === null || typeof v === 'boolean') return [];
  if (v === undefined) return [`${path}=undefined`];
  if (Array.isArray(v)) return v.flatMap((x, i) => badLeaves(x, `${path}[${i}]`, key));
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return [`${path}: ${proto?.constructor?.name ?? 'non-plain'} object`];
    return Object.entries(v as object).flatMap(([k, x]) => badLeaves(x, `${path}.${k}`, k));
  }
  return [`${path}: ${typeof v}`];
}
