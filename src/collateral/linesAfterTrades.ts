import type { Arithmetic } from '../numeric/Arithmetic.js';
import { compareKeys } from '../numeric/compareKeys.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import { closingValueIn } from './closingValue.js';

/** A position line as the trade model reads and writes it, in any number layer. */
export interface TradeLine<T> {
  symbol: string;
  quantity: T;
  entryPrice?: T;
  isolatedMargin?: T;
  accruedFunding?: T;
}

/** A validated trade in any number layer (see `ParsedTrade`). */
export interface TradeOf<T> {
  symbol: string;
  quantity: T;
  price?: T;
  fee?: T;
}

/** What the trade model reads about the market, in the caller's number layer. */
export interface TradeContext<T> {
  instrument(symbol: string): Instrument;
  contractSize(inst: Instrument): T;
  /** The instrument's valuation at the snapshot: forward (a future's mark) and the option mark values rounded down / up. */
  valuation(inst: Instrument): { forward: T; markValue: T; markValueUp: T };
  /** The value as `Decimal#toFixed()` prints it: the key of the canonical line order. */
  text(x: T): string;
}

/**
 * How the trade model reads a book whose lines are not {@link TradeLine}s (the kernel's compiled
 * lines, whose values the caller keeps): every line is asked its symbol, and only a line of a traded
 * symbol is read (`line`, into a fresh TradeLine: the model's copy, which it may change); any other
 * line comes back as the very object, in place, so that the caller keeps what it holds for it.
 */
export interface BookLines<L, T> {
  /** The line's symbol. */
  symbol(x: L): string;
  /** The line as the trade model reads it: a new object each call. */
  line(x: L): TradeLine<T>;
}

/**
 * The one model of trading a position (see `portfolioAfterTrades`, which documents it and serves
 * `simulate` and `reductionPlan`), written once over a number layer: the Decimal layer runs it with
 * DECIMAL_ARITHMETIC, the kernel's pre-trade check (`engine.check`) with its exact kernel numbers, so
 * that both book the same lines and balances. Internal.
 *
 * @param A the number layer.
 * @param book the account's lines (input order) and collateral balances; not mutated.
 * @param settlementCurrency the account's settlement currency (fees and funding are paid in it).
 * @param trades validated trades, applied in order.
 * @param ctx the market, in A's numbers.
 * @param view how to read lines that are not TradeLines (see {@link BookLines}): only the lines of
 *   the traded symbols are read.
 * @returns untouched lines in their order (the book's very objects), shrunk lines in place (copies),
 *   opened lines appended (lines closed to zero left out); collateral in input order with new assets
 *   appended (sorted per trade).
 * @example
 * ```ts
 * // 10 BTC-PERP long entered at 95,000, mark 100,050: sell 4 at the mark -> 6 left at 95,000, +4 x 5,050 USDC
 * const ctx = { instrument: (s: string) => market.instruments.get(s)!, contractSize: (i: { contractSize: ReturnType<typeof D> }) => i.contractSize, valuation: (i: Parameters<typeof valueInstrument>[1]) => valueInstrument(market, i), text: (x: ReturnType<typeof D>) => x.toFixed() };
 * const lines = { positions: [{ symbol: 'BTC-PERP', quantity: D(10), entryPrice: D(95000) }], collateral: [{ asset: 'USDC', balance: D(0) }] };
 * linesAfterTrades(DECIMAL_ARITHMETIC, lines, 'USDC', [{ symbol: 'BTC-PERP', quantity: D(-4) }], ctx).collateral[0]!.balance.toFixed(); // '20200'
 * ```
 */
export function linesAfterTrades<T>(
  A: Arithmetic<T>,
  book: { positions: readonly TradeLine<T>[]; collateral: readonly { asset: string; balance: T }[] },
  settlementCurrency: string,
  trades: readonly TradeOf<T>[],
  ctx: TradeContext<T>,
): { positions: TradeLine<T>[]; collateral: { asset: string; balance: T }[] };
export function linesAfterTrades<T, L>(
  A: Arithmetic<T>,
  book: { positions: readonly L[]; collateral: readonly { asset: string; balance: T }[] },
  settlementCurrency: string,
  trades: readonly TradeOf<T>[],
  ctx: TradeContext<T>,
  view: BookLines<L, T>,
): { positions: (L | TradeLine<T>)[]; collateral: { asset: string; balance: T }[] };
export function linesAfterTrades<T, L>(
  A: Arithmetic<T>,
  book: { positions: readonly (L | TradeLine<T>)[]; collateral: readonly { asset: string; balance: T }[] },
  settlementCurrency: string,
  trades: readonly TradeOf<T>[],
  ctx: TradeContext<T>,
  view?: BookLines<L, T>,
): { positions: (L | TradeLine<T>)[]; collateral: { asset: string; balance: T }[] } {
  const key = (x?: T) => (x === undefined ? '' : ctx.text(x));
  // Canonical order of a symbol's lines (never the input order, so that a pro-rata remainder lands on the same line whatever the order).
  const cmpLine = (a: TradeLine<T>, b: TradeLine<T>) => A.cmp(a.quantity, b.quantity) || compareKeys(key(a.entryPrice), key(b.entryPrice)) || compareKeys(key(a.accruedFunding), key(b.accruedFunding));
  // The book's own line objects; a line a trade changes is copied first (the book is not mutated), so
  // that an untouched line comes back as the very object it was (the kernel's caller keeps its values).
  // The model's own lines (copies and opened lines) are TradeLines; the book's are read through the view.
  const lines: (L | TradeLine<T>)[] = book.positions.slice();
  const copied = new Set<L | TradeLine<T>>();
  const balances = new Map<string, T>();
  for (const c of book.collateral) balances.set(c.asset, c.balance);
  const added: string[] = [];
  let cash = new Map<string, T>();
  const pay = (asset: string, amount: T) => {
    if (!A.isZero(amount)) cash.set(asset, A.add(cash.get(asset) ?? A.zero, amount));
  };
  const removed = new Set<L | TradeLine<T>>();
  for (const t of trades) {
    cash = new Map();
    const inst = ctx.instrument(t.symbol);
    const v = ctx.valuation(inst);
    const size = ctx.contractSize(inst);
    const cross: TradeLine<T>[] = [];
    for (let k = 0; k < lines.length; k++) {
      const y = lines[k]!;
      const own = view === undefined || copied.has(y);
      if ((own ? (y as TradeLine<T>).symbol : view.symbol(y as L)) !== t.symbol) continue;
      let x = own ? (y as TradeLine<T>) : view.line(y as L);
      if (x.isolatedMargin !== undefined || A.isZero(x.quantity) || removed.has(x)) continue;
      if (!copied.has(x)) copied.add((lines[k] = x = view === undefined ? { ...x } : x));
      cross.push(x);
    }
    let net = A.zero;
    for (const x of cross) net = A.add(net, x.quantity);
    // Closed part, signed as the position: the trade opposes the net quantity up to its size.
    const netSign = A.sign(net);
    const closing = netSign !== 0 && A.sign(t.quantity) === -netSign ? signed(A, A.min(A.abs(t.quantity), A.abs(net)), netSign) : A.zero;
    if (!A.isZero(closing)) {
      const full = A.cmp(closing, net) === 0;
      const order = [...cross].sort(cmpLine);
      let left = closing;
      order.forEach((x, i) => {
        const share = full ? x.quantity : i === order.length - 1 ? left : A.div(A.mul(closing, x.quantity), net);
        left = A.sub(left, share);
        if (A.isZero(share)) return;
        const price = inst.kind === 'future' ? (t.price ?? v.forward) : t.price !== undefined ? A.mul(t.price, size) : A.sign(share) > 0 ? v.markValue : v.markValueUp;
        pay(inst.settlementCurrency, closingValueIn(A, inst, size, share, x.entryPrice ?? v.forward, price));
        const rest = A.sub(x.quantity, share);
        if (x.accruedFunding !== undefined) {
          const paid = A.isZero(rest) ? x.accruedFunding : A.div(A.mul(x.accruedFunding, share), x.quantity);
          pay(settlementCurrency, paid);
          x.accruedFunding = A.sub(x.accruedFunding, paid);
        }
        x.quantity = rest;
        if (A.isZero(rest)) removed.add(x);
      });
    }
    const opening = A.add(t.quantity, closing);
    if (!A.isZero(opening)) {
      // An opened line is the model's own (a later trade of its symbol reads it as is).
      let x: TradeLine<T>;
      if (inst.kind === 'future') x = { symbol: t.symbol, quantity: opening, entryPrice: t.price ?? v.forward };
      else {
        const premium = t.price !== undefined ? A.mul(t.price, size) : A.sign(opening) > 0 ? v.markValueUp : v.markValue;
        pay(inst.settlementCurrency, A.neg(A.mul(opening, premium)));
        x = { symbol: t.symbol, quantity: opening };
      }
      lines.push(x);
      if (view !== undefined) copied.add(x);
    }
    if (t.fee) pay(settlementCurrency, A.neg(t.fee));
    // Booked trade by trade, so that applying trades one call at a time gives these very balances.
    const assets = [...cash.keys()];
    if (assets.length > 1) assets.sort(compareKeys);
    for (const a of assets) {
      const held = balances.get(a);
      if (held === undefined) added.push(a);
      balances.set(a, held === undefined ? cash.get(a)! : A.add(held, cash.get(a)!));
    }
  }
  const collateral: { asset: string; balance: T }[] = [];
  for (const c of book.collateral) collateral.push({ asset: c.asset, balance: balances.get(c.asset)! });
  for (const asset of added.sort(compareKeys)) collateral.push({ asset, balance: balances.get(asset)! });
  return { positions: removed.size === 0 ? lines : lines.filter((x) => !removed.has(x)), collateral };
}

/** `x` (>= 0) with the sign `s` (the Decimal code's `x.mul(s)` for s = +-1). */
function signed<T>(A: Arithmetic<T>, x: T, s: number): T {
  return s < 0 ? A.neg(x) : x;
}
