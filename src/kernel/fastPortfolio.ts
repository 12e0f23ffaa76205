import { LIMITS, RESERVED_NAME } from '../schema/fields.js';
import { parsedKind } from '../schema/parsedBrand.js';
import { cmp, fromDecimal, fromDecimalString, KV } from './kv.js';

/** The schema's smallest entry price (LIMITS.minPrice, a 'price' field), as a kernel value. */
const MIN_PRICE = fromDecimal(LIMITS.minPrice);
/** When LIMITS.minPrice is a power of ten `10^-e`: that e (any m >= 1 units of 10^-e', e' <= e, is at least it); else -Infinity. */
const MIN_PRICE_POWER = MIN_PRICE.k === 0 && MIN_PRICE.m === 1 && MIN_PRICE.d === 1 ? MIN_PRICE.e : -Infinity;

/** Whether an entry price is at least LIMITS.minPrice, exactly: a whole number of units no finer than it without aligning scales, else by `cmp`. */
function atLeastMinPrice(v: KV): boolean {
  if (v.k === 0 && v.d === 1 && v.m >= 1 && v.e <= MIN_PRICE_POWER) return true;
  return cmp(v, MIN_PRICE) >= 0;
}

/** A portfolio read by {@link fastPortfolio}: the schema's fields, amounts as exact kernel values. */
export interface FastPortfolio {
  accountId: string;
  settlementCurrency: string;
  positions: { symbol: string; q: KV; entry?: KV; isolated?: KV; funding?: KV }[];
  collateral: { asset: string; balance: KV }[];
}

// The schema's keys, compared as strings (a property name is an internalized string: a compare is
// mostly a pointer check, cheaper than a Set's hashed lookup, for every key of every line).
const positionKey = (k: string): boolean => k === 'symbol' || k === 'quantity' || k === 'entryPrice' || k === 'isolatedMargin' || k === 'accruedFunding';
const portfolioKey = (k: string): boolean => k === 'accountId' || k === 'settlementCurrency' || k === 'positions' || k === 'collateral';
const collateralKey = (k: string): boolean => k === 'asset' || k === 'balance';
const tradeKey = (k: string): boolean => k === 'symbol' || k === 'quantity' || k === 'price' || k === 'fee';
/**
 * Whether a string is a decimal in the common spelling: a sign, 1 to 24 integer digits, up to 30
 * decimals, at most 30 digits in all, i.e. `/^-?\d{1,24}(?:\.\d{1,30})?$/` with at most 30 digits (a
 * subset of the schema's plain decimals: no '+', no bare point, below 1e24, at most 30 significant
 * digits where the schema allows 40). One pass, no regex.
 */
function plainDecimal(x: string): boolean {
  const n = x.length;
  if (n > 32) return false;
  let i = n > 0 && x.charCodeAt(0) === 45 ? 1 : 0;
  const from = i;
  for (let c = x.charCodeAt(i); c >= 48 && c <= 57; c = x.charCodeAt(++i));
  const whole = i - from;
  if (whole < 1 || whole > 24) return false;
  if (i === n) return true;
  if (x.charCodeAt(i) !== 46) return false;
  const point = ++i;
  for (let c = x.charCodeAt(i); c >= 48 && c <= 57; c = x.charCodeAt(++i));
  const decimals = i - point;
  return i === n && decimals >= 1 && decimals <= 30 && whole + decimals <= 30;
}

function plain(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Every key (own and inherited enumerable, as the schema walks them) is one the schema knows. */
function knownKeys(x: Record<string, unknown>, known: (k: string) => boolean): boolean {
  for (const k in x) if (!known(k)) return false;
  return true;
}

/** The schema's identifier (idField): 1 to 128 characters, never the reserved name. */
function id(x: unknown): x is string {
  return typeof x === 'string' && x.length >= 1 && x.length <= LIMITS.maxSymbolChars && x !== RESERVED_NAME;
}

/** A decimal field in its common spellings (a plain decimal string or a safe integer), exact; undefined otherwise. */
function amount(x: unknown): KV | undefined {
  if (typeof x === 'string') {
    if (!plainDecimal(x)) return undefined;
    // Leading zeros pass the spelling check; keep the bound |x| <= 1e24 exact: at most 24 significant integer digits.
    const v = fromDecimalString(x);
    return v.k === 2 ? undefined : v;
  }
  if (typeof x === 'number' && Number.isSafeInteger(x)) return fromDecimalString(String(x));
  return undefined;
}

/**
 * The strict fast reader of a raw account (the schema's common shape, without zod or Decimal): a plain
 * object with exactly the schema's keys, identifiers of 1 to 128 characters (never the reserved name), amounts as plain decimal
 * strings or safe integers within the schema's bounds and constraints (entry price >= LIMITS.minPrice, isolated
 * margin >= 0), distinct collateral assets. Anything else (an unusual spelling, a bad field, a key
 * too many) returns undefined, and the caller parses with the schema, which throws the right error
 * or accepts an uncommon spelling. It must never accept what the schema rejects (a property test
 * over the fuzz inputs checks this), and what it accepts has the values the schema gives.
 *
 * Runs in wide mode (whales' amounts of 16 to 30 digits are exact BigInt values); longer ones return
 * undefined (the schema path then serves the account). Internal.
 */
export function fastPortfolio(raw: unknown): FastPortfolio | undefined {
  if (!plain(raw) || !knownKeys(raw, portfolioKey)) return undefined;
  const { accountId, settlementCurrency, positions, collateral } = raw;
  if (!id(accountId) || !id(settlementCurrency) || !Array.isArray(positions) || !Array.isArray(collateral)) return undefined;
  if (positions.length > LIMITS.maxPositions || collateral.length > LIMITS.maxCollateral) return undefined;
  const out: FastPortfolio = { accountId, settlementCurrency, positions: [], collateral: [] };
  for (const p of positions) {
    if (!plain(p) || !knownKeys(p, positionKey) || !id(p.symbol)) return undefined;
    const q = amount(p.quantity);
    if (!q) return undefined;
    const line: FastPortfolio['positions'][number] = { symbol: p.symbol, q };
    if ('entryPrice' in p) {
      const e = amount(p.entryPrice);
      // At least LIMITS.minPrice, as the schema's 'price' constraint (an undecided comparison falls back too).
      if (!e || !atLeastMinPrice(e)) return undefined;
      line.entry = e;
    }
    if ('isolatedMargin' in p) {
      const m = amount(p.isolatedMargin);
      if (!m || (m.k === 0 ? m.m < 0 : m.b < 0n)) return undefined;
      line.isolated = m;
    }
    if ('accruedFunding' in p) {
      const f = amount(p.accruedFunding);
      if (!f) return undefined;
      line.funding = f;
    }
    out.positions.push(line);
  }
  const seen = new Set<string>();
  for (const c of collateral) {
    if (!plain(c) || !knownKeys(c, collateralKey) || !id(c.asset) || seen.has(c.asset)) return undefined;
    seen.add(c.asset);
    const b = amount(c.balance);
    if (!b) return undefined;
    out.collateral.push({ asset: c.asset, balance: b });
  }
  return out;
}

/** Trades read by {@link fastTrades}: the schema's fields, amounts as exact kernel values. */
export interface FastTrade {
  symbol: string;
  quantity: KV;
  price?: KV;
  fee?: KV;
}

/** A non-negative amount (the schema's `nonNegative` decimals; -0 reads as 0, as there). */
function nonNegative(x: unknown): KV | undefined {
  const v = amount(x);
  return v && (v.k === 0 ? v.m >= 0 : v.b >= 0n) ? v : undefined;
}

/**
 * The strict fast reader of `engine.check`'s trades (the trades schema's common shape, without zod or
 * Decimal): a plain array of at most 10,000 plain objects with the schema's keys only, a symbol of 1
 * to 128 characters (never the reserved name), amounts as {@link fastPortfolio} reads them, price and
 * fee not negative. Anything else returns undefined and the caller parses with the schema (which
 * throws the right error, or accepts an uncommon spelling). It must never accept what the schema
 * rejects (a property test over mutated trades checks this). Runs in wide mode. Internal.
 */
export function fastTrades(raw: unknown): FastTrade[] | undefined {
  if (!Array.isArray(raw) || Object.getPrototypeOf(raw) !== Array.prototype || raw.length > 10_000 || parsedKind(raw) !== undefined) return undefined;
  const out: FastTrade[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t: unknown = raw[i];
    if (!plain(t) || !knownKeys(t, tradeKey) || !id(t.symbol)) return undefined;
    const quantity = amount(t.quantity);
    if (!quantity) return undefined;
    const x: FastTrade = { symbol: t.symbol, quantity };
    if ('price' in t) {
      const p = nonNegative(t.price);
      if (!p) return undefined;
      x.price = p;
    }
    if ('fee' in t) {
      const f = nonNegative(t.fee);
      if (!f) return undefined;
      x.fee = f;
    }
    out.push(x);
  }
  return out;
}
