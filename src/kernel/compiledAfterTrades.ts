import { linesAfterTrades, type BookLines, type TradeContext, type TradeLine, type TradeOf } from '../collateral/linesAfterTrades.js';
import { LIMITS } from '../schema/fields.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import { collateralOf, compileLines, linesOf, type CompiledAccount, type LineView } from './compileAccount.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import type { KernelTick } from './kernelTick.js';
import type { FastTrade } from './fastPortfolio.js';
import { DECIMAL_ROUNDED } from './decimalRounded.js';
import { abs, approx, cmp, exactString, fromDecimal, inWideMode, KV, NOT_COVERED, UNDECIDED } from './kv.js';

/**
 * A booked amount the compiled form takes as an input: exact, as the Decimal layer's own (untainted).
 * An input has at most 30 digits (tooLong), a booked amount up to 40: the Decimal layer's rounding of
 * a pro-rata share (19/39 of a lot) or of an inverse future's 1/entry, which {@link DECIMAL_ROUNDED}
 * reproduces digit for digit; the kernel's figures then carry the 40-digit quantities as wide values,
 * tainting every later result the Decimal layer rounds (kv.ts), as for any wide input.
 */
function booked(v: KV): KV {
  const exact = v.k === 0 ? v.d === 1 : v.k === 1 && v.bd === 1n;
  // simulate's after-portfolio meets the boundary's limits on a decimal field: at most 40 digits and
  // 30 places print in 64 characters (past that, LIMITS.maxDecimalChars decides), and |v| <= 1e24
  // (LIMITS.maxAbsAmount: a trade's cash can push a balance past it). Beyond either, the Decimal
  // path raises the boundary's error.
  if (!exact || v.t !== 0 || (v.e > 30 && exactString(v).length > LIMITS.maxDecimalChars)) throw NOT_COVERED;
  if (Math.abs(approx(v)) >= 1e23 && cmp(abs(v), MAX_ABS) > 0) throw NOT_COVERED;
  return v;
}

/** LIMITS.maxAbsAmount (1e24) as a kernel value. */
const MAX_ABS = fromDecimal(LIMITS.maxAbsAmount);

/** A trade's amount as a kernel value (the fast reader's already are; a parsed trade's are Decimals). */
function kernelValue(v: KV | { d: number[] | null; e: number; s: number }): KV {
  return v instanceof KV ? v : fromDecimal(v);
}

/** The trade model's market and book view at one tick (see compiledAfterTrades). */
interface TradeModel {
  ctx: TradeContext<KV>;
  view: BookLines<LineView, KV>;
}

// Per tick, made once rather than per check (an engine is one tick); a WeakMap, so that a dropped
// engine's tick is not kept alive by the last check it served.
const models = new WeakMap<KernelTick, TradeModel>();

/** The trade model's context and book view at `tick` (made on the tick's first check). */
function modelOf(tick: KernelTick): TradeModel {
  const m = models.get(tick);
  if (m !== undefined) return m;
  const table = tick.table;
  const ctx: TradeContext<KV> = {
    instrument: (symbol) => table.insts[table.index[symbol]!]!,
    contractSize: (inst: Instrument) => table.size[table.index[inst.symbol]!]!,
    valuation: (inst: Instrument) => tick.instrument(table.index[inst.symbol]!),
    text: exactString,
  };
  // The whole book goes to the trade model, which reads only the lines of the traded symbols
  // (BookLines): an untouched line comes back as the very compiled line, whose values the account
  // holds already; a line the model read, shrunk or opened as its own TradeLine, booked here.
  const view: BookLines<LineView, KV> = {
    symbol: (l) => table.symbols[l.inst]!,
    line: (l) => {
      const x: TradeLine<KV> = { symbol: table.symbols[l.inst]!, quantity: l.q };
      if (l.entry) x.entryPrice = l.entry;
      if (l.isolated) x.isolatedMargin = l.isolated;
      if (l.funding) x.accruedFunding = l.funding;
      return x;
    },
  };
  const model = { ctx, view };
  models.set(tick, model);
  return model;
}

/**
 * The compiled account after trades (the pre-trade check's): the library's one trade model
 * (`linesAfterTrades`, the rule `simulate` books with) run on the compiled account's own values in
 * kernel numbers, then compiled on this tick, so that no Decimal portfolio is rebuilt and no input
 * string printed and read again. Undefined when the kernel cannot book the trades as the Decimal
 * layer does (a value the kernel holds only as an interval or a tainted bound, a traded
 * instrument or a paid asset this tick cannot serve): the caller then runs the Decimal trade model,
 * which also raises the right errors.
 *
 * @param c the account before the trades (usable at this tick).
 * @param trades validated trades (by `fastTrades`, or `parseTrades` with Decimal amounts), checked
 *   against the table (`checkTrades`'s rules hold).
 * @param before the account's lines (`linesOf(c)`), when the caller has decoded them already.
 * @param balances the account's collateral (`collateralOf(c)`), likewise.
 * @param transient the caller drops the result before anything else is compiled and gives it back
 *   with `releaseCompiled` (its ints stay in the compile's scratch buffer: see compileLines).
 */
export function compiledAfterTrades(
  c: CompiledAccount,
  trades: readonly (FastTrade | TradeOf<{ d: number[] | null; e: number; s: number }>)[],
  tick: KernelTick,
  before: readonly LineView[] = linesOf(c),
  balances: readonly { asset: string; balance: KV }[] = collateralOf(c),
  transient = false,
): CompiledAccount | undefined {
  try {
    return inWideMode(() => {
      const table = tick.table;
      const kt: TradeOf<KV>[] = trades.map((t) => {
        const i = table.index[t.symbol];
        if (i === undefined || !tick.instrument(i).ok) throw NOT_COVERED;
        // The table's own symbol string: the trade model compares it with each line's (view.symbol), the same object.
        const x: TradeOf<KV> = { symbol: table.symbols[i]!, quantity: kernelValue(t.quantity) };
        if (t.price !== undefined) x.price = kernelValue(t.price);
        if (t.fee !== undefined) x.fee = kernelValue(t.fee);
        return x;
      });
      const { ctx, view } = modelOf(tick);
      const after = linesAfterTrades(DECIMAL_ROUNDED, { positions: before, collateral: balances }, c.settlementCurrency, kt, ctx, view);
      // The model's own array (a copy of the book's), its TradeLines replaced by compiled lines in place.
      const lines = after.positions as LineView[];
      const traded = new Set<number>();
      for (let j = 0; j < lines.length; j++) {
        // A compiled line has an instrument index; a TradeLine never has one.
        if (lines[j]!.inst !== undefined) continue;
        const x = lines[j] as unknown as TradeLine<KV>;
        const l: LineView = { inst: table.index[x.symbol]!, q: booked(x.quantity) };
        if (x.entryPrice !== undefined) l.entry = booked(x.entryPrice);
        if (x.isolatedMargin !== undefined) l.isolated = booked(x.isolatedMargin);
        if (x.accruedFunding !== undefined) l.funding = booked(x.accruedFunding);
        lines[j] = l;
      }
      for (const t of trades) traded.add(table.index[t.symbol]!);
      const collateral = after.collateral.map((x, j) => {
        // A balance the trades left alone: the account's own (an input, within the limits; its asset
        // checked with the account's), the very object, which the recompile then keeps in place.
        if (j < balances.length && x.balance === balances[j]!.balance && x.asset === balances[j]!.asset) return balances[j]!;
        const balance = booked(x.balance);
        if (!KA.isZero(balance) && !tick.asset(x.asset).ok) throw NOT_COVERED;
        return { asset: x.asset, balance };
      });
      // The boundary's count limits (LIMITS.maxPositions, maxCollateral), which simulate's after-portfolio
      // meets when it is read back: past either, the Decimal path raises simulate's refusal (parseAfterTrades).
      if (lines.length > LIMITS.maxPositions || collateral.length > LIMITS.maxCollateral) throw NOT_COVERED;
      // An incremental recompile: the units the trades cannot reach keep their plan (compileLines).
      const paid = new Set<string>();
      for (let j = 0; j < collateral.length; j++) if (j >= balances.length || collateral[j]!.balance !== balances[j]!.balance) paid.add(collateral[j]!.asset);
      return compileLines(c.accountId, c.settlementCurrency, lines, collateral, tick, { c, traded, paid, read: { lines: before, balances } }, transient);
    });
  } catch (e) {
    if (e === NOT_COVERED || e === UNDECIDED) return undefined;
    throw e;
  }
}
