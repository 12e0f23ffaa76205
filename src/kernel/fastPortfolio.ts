import { LIMITS, RESERVED_NAME } from '../schema/fields.js';
import { parsedKind } from '../schema/parsedBrand.js';
import { cmp, fromDecimal, fromDecimalString, inWideMode, KV, small, ZERO } from './kv.js';

/** The schema's smallest entry price (LIMITS.minPrice, a 'price' field), as a kernel value. */
const MIN_PRICE = fromDecimal(LIMITS.minPrice);
/** When LIMITS.minPrice is a power of ten `10^-e`: that e (any m >= 1 units of 10^-e', e' <= e, is at least it); else -Infinity. */
const MIN_PRICE_POWER = MIN_PRICE.k === 0 && MIN_PRICE.m === 1 && MIN_PRICE.d === 1 ? MIN_PRICE.e : -Infinity;

/** Whether an entry price is at least LIMITS.minPrice, exactly: a whole number of units no finer than it without aligning scales, else by `cmp`. */
function atLeastMinPrice(v: KV): boolean {
  if (v.k === 0 && v.d === 1 && v.m >= 1 && v.e <= MIN_PRICE_POWER) return true;
  return cmp(v, MIN_PRICE) >= 0;
}

/** A position line as {@link fastPortfolio} reads it by default: the schema's fields, amounts as exact kernel values (absent: undefined). */
export interface FastLine {
  symbol: string;
  q: KV;
  entry?: KV;
  isolated?: KV;
  funding?: KV;
}

/**
 * Makes the caller's line of a position read by {@link fastPortfolio} (its fields checked already),
 * or refuses it (undefined: the whole account is then left to the schema path), e.g. the compile's
 * line with its instrument's table index, made once per line instead of a reader's line and then a
 * compile's one.
 */
export type FastLineMaker<L> = (symbol: string, q: KV, entry: KV | undefined, isolated: KV | undefined, funding: KV | undefined) => L | undefined;

/** A portfolio read by {@link fastPortfolio}: the schema's fields, amounts as exact kernel values, lines as the caller makes them. */
export interface FastPortfolio<L = FastLine> {
  accountId: string;
  settlementCurrency: string;
  positions: L[];
  collateral: { asset: string; balance: KV }[];
}

/** The default line: the schema's fields, one object shape for every line. */
const fastLine: FastLineMaker<FastLine> = (symbol, q, entry, isolated, funding) => ({ symbol, q, entry, isolated, funding });

// The schema's keys, compared as strings (a property name is an internalized string: a compare is
// mostly a pointer check, cheaper than a Set's hashed lookup, for every key of every line).
const positionKey = (k: string): boolean => k === 'symbol' || k === 'quantity' || k === 'entryPrice' || k === 'isolatedMargin' || k === 'accruedFunding';
const portfolioKey = (k: string): boolean => k === 'accountId' || k === 'settlementCurrency' || k === 'positions' || k === 'collateral';
const collateralKey = (k: string): boolean => k === 'asset' || k === 'balance';
const tradeKey = (k: string): boolean => k === 'symbol' || k === 'quantity' || k === 'price' || k === 'fee';
/** An object that is not an array (what {@link plain} is asked of). */
function objectNotArray(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Whether an object that is not an array is plain JSON (its prototype Object.prototype or null).
 * The readers below read a field of x first (a value they need anyway, read once): V8 then knows x's
 * maps here and folds the prototype test to a constant, where Object.getPrototypeOf on an object of
 * unknown map is a call into the runtime for every object read.
 */
function plain(x: object): boolean {
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

/**
 * A decimal field in its common spellings, exact; undefined otherwise. A string must be a decimal in
 * the common spelling: a sign, 1 to 24 integer digits, up to 30 decimals, at most 30 digits in all,
 * i.e. `/^-?\d{1,24}(?:\.\d{1,30})?$/` with at most 30 digits (a subset of the schema's plain
 * decimals: no '+', no bare point, below 1e24, at most 30 significant digits where the schema allows
 * 40); a number must be a safe integer. Checked and read in one pass (no regex, no second walk): up to
 * 15 significant digits are a float's exact integer, as `fromDecimalString` reads them; a longer one is
 * read by `fromDecimalString` in wide mode (exact BigInt), so the reader gives the same values in or
 * out of wide mode.
 */
function amount(x: unknown): KV | undefined {
  // A safe integer of 16 digits is exact only in wide mode (outside it, fromDecimalString makes it an interval).
  if (typeof x !== 'string') return typeof x !== 'number' || !Number.isSafeInteger(x) ? undefined : x < 1e15 && x > -1e15 ? fromDecimalString(String(x)) : wideAmount(String(x));
  const n = x.length;
  if (n > 32) return undefined;
  // 1 for a leading '-', else 0, without a branch on the sign (as mixed as the account's data): its
  // code XOR 45 is 0 only for '-' (NaN, an empty string's, reads as 0: 45).
  const neg = ((x.charCodeAt(0) ^ 45) - 1) >>> 31;
  // The sign as a factor (m is not 0 where it applies: -m exactly).
  const sign = 1 - 2 * neg;
  let i = neg;
  const from = i;
  // m: the digits as one integer (leading zeros add nothing), exact while at most 15 of them are
  // significant, i.e. while m < 1e15; past that m stays >= 1e15 (10^15 is a float and each step
  // rounds monotonically), so m < 1e15 says exactly whether there are at most 15, without a count.
  let m = 0;
  for (; i < n; i++) {
    const c = x.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
  }
  const whole = i - from;
  if (whole < 1 || whole > 24) return undefined;
  let e = 0;
  if (i < n) {
    if (x.charCodeAt(i) !== 46) return undefined;
    const point = ++i;
    for (; i < n; i++) {
      const c = x.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      m = m * 10 + c;
    }
    e = n - point;
    if (e < 1 || e > 30 || whole + e > 30) return undefined;
  }
  // At most 30 digits: never beyond the kernel's inputs (tooLong), never a bound (interval).
  if (!(m < 1e15)) return wideAmount(x);
  if (m === 0) return ZERO;
  // Trailing decimal zeros do not count (1.50 is 15 x 10^-1), as fromDecimalString trims them.
  while (e > 0 && m % 10 === 0) (m /= 10), e--;
  if (e === 0 && m <= SHARED_INTS) return sharedInt(sign * m);
  return small(sign * m, e);
}

/**
 * A decimal string read exactly in wide mode (BigInt). Out of {@link amount}: a closure there over
 * its argument would make V8 allocate a context on every call, the common short amounts included.
 */
function wideAmount(x: string): KV {
  return inWideMode(() => fromDecimalString(x));
}

/** Whole amounts up to this magnitude are shared values (see sharedInt). */
const SHARED_INTS = 1024;
const sharedInts: (KV | undefined)[] = new Array(2 * SHARED_INTS + 1).fill(undefined);

/**
 * The kernel value of a small whole amount (|m| <= SHARED_INTS, most quantities), made once and
 * shared (a KV is immutable): a raw account's lines allocate no value for their quantities.
 */
function sharedInt(m: number): KV {
  let v = sharedInts[m + SHARED_INTS];
  if (v === undefined) sharedInts[m + SHARED_INTS] = v = small(m, 0);
  return v;
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
 * Amounts of 16 to 30 digits (whales') are read as exact BigInt values in wide mode whether or not the
 * caller runs in it; longer ones return undefined (the schema path then serves the account). Internal.
 *
 * @param line makes each position's line (see {@link FastLineMaker}); by default a {@link FastLine}.
 */
export function fastPortfolio<L>(raw: unknown, line: FastLineMaker<L>): FastPortfolio<L> | undefined;
export function fastPortfolio(raw: unknown): FastPortfolio | undefined;
export function fastPortfolio<L>(raw: unknown, line: FastLineMaker<L> = fastLine as unknown as FastLineMaker<L>): FastPortfolio<L> | undefined {
  if (!objectNotArray(raw)) return undefined;
  const { accountId, settlementCurrency, positions, collateral } = raw;
  if (!plain(raw) || !knownKeys(raw, portfolioKey)) return undefined;
  if (!id(accountId) || !id(settlementCurrency) || !Array.isArray(positions) || !Array.isArray(collateral)) return undefined;
  if (positions.length > LIMITS.maxPositions || collateral.length > LIMITS.maxCollateral) return undefined;
  // The lines and balances at their final lengths, written by index (no growth step every few lines).
  const lines = new Array<L>(positions.length);
  const balances = new Array<{ asset: string; balance: KV }>(collateral.length);
  let n = 0;
  const out: FastPortfolio<L> = { accountId, settlementCurrency, positions: lines, collateral: balances };
  for (const p of positions) {
    if (!objectNotArray(p)) return undefined;
    const symbol = p.symbol;
    if (!plain(p) || !knownKeys(p, positionKey) || !id(symbol)) return undefined;
    const q = amount(p.quantity);
    if (q === undefined) return undefined;
    let entry: KV | undefined;
    let isolated: KV | undefined;
    let funding: KV | undefined;
    if ('entryPrice' in p) {
      entry = amount(p.entryPrice);
      // At least LIMITS.minPrice, as the schema's 'price' constraint (an undecided comparison falls back too).
      if (entry === undefined || !atLeastMinPrice(entry)) return undefined;
    }
    if ('isolatedMargin' in p) {
      isolated = amount(p.isolatedMargin);
      if (!isolated || (isolated.k === 0 ? isolated.m < 0 : isolated.b < 0n)) return undefined;
    }
    if ('accruedFunding' in p) {
      funding = amount(p.accruedFunding);
      if (!funding) return undefined;
    }
    const l = line(symbol, q, entry, isolated, funding);
    if (l === undefined) return undefined;
    lines[n++] = l;
  }
  // As many lines as were read (a getter that changed the array's length while it was read).
  if (n !== lines.length) lines.length = n;
  n = 0;
  for (const c of collateral) {
    if (!objectNotArray(c)) return undefined;
    const asset = c.asset;
    if (!plain(c) || !knownKeys(c, collateralKey) || !id(asset)) return undefined;
    const b = amount(c.balance);
    if (b === undefined) return undefined;
    balances[n++] = { asset, balance: b };
  }
  if (n !== balances.length) balances.length = n;
  return distinctAssets(balances) ? out : undefined;
}

/** Whether no asset is listed twice: a pairwise compare for an account's few balances (no Set made per account), a Set beyond. */
function distinctAssets(cs: readonly { asset: string }[]): boolean {
  const n = cs.length;
  if (n > 16) return new Set(cs.map((c) => c.asset)).size === n;
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (cs[i]!.asset === cs[j]!.asset) return false;
  return true;
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
 * rejects (a property test over mutated trades checks this). Long amounts are read in wide mode, as
 * fastPortfolio reads them. Internal.
 */
export function fastTrades(raw: unknown): FastTrade[] | undefined {
  if (!Array.isArray(raw) || Object.getPrototypeOf(raw) !== Array.prototype || raw.length > 10_000 || parsedKind(raw) !== undefined) return undefined;
  const out: FastTrade[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t: unknown = raw[i];
    if (!objectNotArray(t) || !plain(t) || !knownKeys(t, tradeKey) || !id(t.symbol)) return undefined;
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
