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

/** Every path (array of keys) inside a JSON value, the root excluded. */
export function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...prefix, i], ...paths(x, [...prefix, i])]);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...paths(x, [...prefix, k])]);
  return [];
}

/** Values that break naive parsers: odd decimal spellings, extreme numbers, wrong types, reserved names. */
export const HOSTILE: unknown[] = [
  'NaN', 'Infinity', '-Infinity', '0x10', '', ' 1', '1e5', '1E-7', '-0', '+5', '.5', '5.', '1_000', '١٢٣',
  '9'.repeat(70), '999999999999999999999999', '-999999999999999999999999', '1000000000000000000000001', '0.' + '0'.repeat(40) + '1',
  0, -0, 1e308, -1e308, 5e-324, 1e-300, NaN, Infinity, -Infinity, 2 ** 53 + 1, 0.1 + 0.2,
  null, true, false, {}, [], [[]], { valueOf: 1 }, { __proto__: { x: 1 } }, 'constructor', '__proto__',
  '2026-02-30T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00+01:00', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z',
  'call', 'put', 'future', 'option', 'linear', 'inverse', 'portfolio', 'standard', 'BTC', 'USDC', 'x'.repeat(200),
];

export type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'unknownKey' } | { kind: 'duplicate' };
/** One mutation of a JSON value: set a hostile or random value, delete, add an unknown key, duplicate. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE).map((value): Mutation => ({ kind: 'set', value })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value): Mutation => ({ kind: 'set', value })) },
  { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'delete' }) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'unknownKey' }) },
  { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'duplicate' }) },
);

/** A deep copy of `root` with one mutation at `path`. */
export function mutate(root: unknown, path: (string | number)[], m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(root));
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], copy);
  const key = path[path.length - 1]!;
  if (m.kind === 'set') parent[key] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.kind === 'unknownKey') {
    const target = parent[key];
    if (target && typeof target === 'object' && !Array.isArray(target)) target.bogusKey = 1;
    else parent.bogusKey = 1;
  } else if (Array.isArray(parent)) parent.push(JSON.parse(JSON.stringify(parent[key as number])));
  else parent[key] = [parent[key], parent[key]];
  return copy;
}

