import { nettedHoldings, riskUnitPlan, type PlanContext } from '../margin/accountPlan.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { positionInput } from '../schema/positionInput.js';
import { decimalString } from '../numeric/rounding.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import type { KernelTable, KernelTick } from './kernelTick.js';
import { exactString, fromDecimal, inWideMode, KV, NOT_COVERED, UNDECIDED } from './kv.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { D, type Decimal } from '../numeric/decimal.js';

/** One position line as the account gave it (kept for the Decimal path and the per-tick checks). */
export interface KernelLine {
  /** Index in the kernel table. */
  inst: number;
  q: KV;
  entry?: KV;
  isolated?: KV;
  funding?: KV;
}

/** One scan entry of a compiled unit. */
export interface KernelEntry {
  kind: 'position' | 'coin' | 'collateral';
  /** The sort key (symbol, or asset for collateral). */
  key: string;
  /** Kernel table index of the instrument (position entries), else -1. */
  inst: number;
  /** Asset key of a coin or collateral entry's risk array. */
  asset: string;
  q: KV;
  /** `q` as the float64 the Decimal layer reads from it (`toNumber()`), for the shared float scan. */
  qf: number;
  /**
   * A coin entry whose amount depends on the tick (an inverse future line without an entry price is
   * entered at the mark): the symbol, recomputed each tick (see `tickCoin`).
   */
  dynamic?: string;
}

/** One netted symbol of a compiled unit (for the add-ons' holdings). */
export interface KernelHeld {
  inst: number;
  qty: KV;
  qf: number;
}

/** One risk unit of a compiled account: the shared plan's unit, in kernel numbers. */
export interface KernelUnit {
  id: string;
  entries: KernelEntry[];
  held: KernelHeld[];
}

/**
 * An account compiled for the kernel: its inputs in kernel numbers (exact: compiled in wide mode) and
 * its plan (netting, risk units, scan entries in canonical order) from the shared plan code. Valid on
 * every tick of the same instrument table whose asset ties (`ties`) are the ones it was planned with.
 */
export interface CompiledAccount {
  table: KernelTable;
  accountId: string;
  settlementCurrency: string;
  lines: KernelLine[];
  collateral: { asset: string; balance: KV }[];
  /** Set when the kernel never covers this account (isolated positions, ...): the Decimal path serves it. */
  notCovered?: string;
  /** The input itself, kept only when its amounts do not fit the kernel's numbers (more than 30 digits). */
  source?: PortfolioInput;
  /** Symbols of inverse futures with a line without an entry price (their coin amount moves with the mark). */
  dynamicCoins: string[];
  /** Assets the plan looked up a tie for, with the underlying found ('' = none). */
  ties: [string, string][];
  units: KernelUnit[];
}

/** A position or balance in kernel numbers: exact, or marked not covered when it has more than 30 significant digits. */
function input(x: { d: number[] | null; e: number; s: number }): KV {
  const v = fromDecimal(x);
  if (v.k !== 0 && v.k !== 1) throw NOT_COVERED;
  if (v.k === 1 && (v.b >= 10n ** 30n || v.b <= -(10n ** 30n))) throw NOT_COVERED;
  return v;
}

/**
 * An inverse future's coin amount as the Decimal layer computes it (the shared netting rule in Decimal
 * over the account's cross lines of that symbol; a line without an entry is entered at this tick's mark).
 */
export function decimalCoin(lines: readonly KernelLine[], inst: number, symbol: string, tick: KernelTick): Decimal {
  const v = tick.instrument(inst).valuation;
  const positions = lines
    .filter((l) => l.inst === inst && l.isolated === undefined)
    .map((l) => ({ symbol, quantity: new D(exactString(l.q)), ...(l.entry ? { entryPrice: new D(exactString(l.entry)) } : {}) }));
  const ctx: PlanContext<Decimal> = {
    instruments: tick.table.instruments,
    params: tick.r.margin,
    contractSize: (x) => x.contractSize,
    forward: () => {
      if (!v) throw NOT_COVERED;
      return v.forward;
    },
    hasArray: () => true,
    assetUnderlying: () => undefined,
  };
  const [h] = nettedHoldings(DECIMAL_ARITHMETIC, positions, ctx);
  return h ? h.coin : new D(0);
}

/**
 * Compiles a parsed, checked portfolio against the tick it is compiled on. Throws MarginInputError
 * only as the plan does for the Decimal layer (`unknown_symbol`); anything the kernel does not cover
 * is recorded in `notCovered` instead.
 */
export function compileAccount(pf: Portfolio, tick: KernelTick): CompiledAccount {
  return inWideMode(() => compileWide(pf, tick));
}

function compileWide(pf: Portfolio, tick: KernelTick): CompiledAccount {
  const table = tick.table;
  const base = { table, accountId: pf.accountId, settlementCurrency: pf.settlementCurrency };
  const lines: KernelLine[] = [];
  const collateral: { asset: string; balance: KV }[] = [];
  let notCovered: string | undefined;
  try {
    for (const p of pf.positions) {
      const inst = table.index.get(p.symbol);
      if (inst === undefined) throw new MarginInputError([{ code: 'unknown_symbol', path: ['positions'], message: `no instrument ${p.symbol} in the market's instrument table`, argument: 'portfolio' }]);
      const line: KernelLine = { inst, q: input(p.quantity) };
      if (p.entryPrice !== undefined) line.entry = input(p.entryPrice);
      if (p.isolatedMargin !== undefined) line.isolated = input(p.isolatedMargin);
      if (p.accruedFunding !== undefined) line.funding = input(p.accruedFunding);
      lines.push(line);
    }
    for (const c of pf.collateral) collateral.push({ asset: c.asset, balance: input(c.balance) });
  } catch (e) {
    if (e !== NOT_COVERED) throw e;
    const source: PortfolioInput = { accountId: pf.accountId, settlementCurrency: pf.settlementCurrency, positions: pf.positions.map(positionInput), collateral: pf.collateral.map((c) => ({ asset: c.asset, balance: decimalString(c.balance) })) };
    return { ...base, lines: [], collateral: [], notCovered: 'an amount with more than 30 significant digits', source, dynamicCoins: [], ties: [], units: [] };
  }
  if (lines.some((l) => l.isolated !== undefined)) notCovered = 'isolated positions';
  const ties: [string, string][] = [];
  const dynamicCoins: string[] = [];
  const ctx: PlanContext<KV> = {
    instruments: table.instruments,
    params: tick.r.margin,
    contractSize: (inst) => table.size[table.index.get(inst.symbol)!]!,
    // An inverse future line without an entry price uses the mark: its coin amount changes every tick
    // (recomputed then); this tick's mark gives the plan its shape.
    forward: (inst) => {
      if (!dynamicCoins.includes(inst.symbol)) dynamicCoins.push(inst.symbol);
      return tick.instrument(table.index.get(inst.symbol)!).forward;
    },
    hasArray: (symbol) => tick.arrays.instruments.has(symbol),
    assetUnderlying: (asset) => {
      const u = tick.arrays.assets.get(asset)?.underlying;
      ties.push([asset, u ?? '']);
      return u;
    },
  };
  const cross = lines.filter((l) => l.isolated === undefined).map((l) => ({ symbol: table.symbols[l.inst]!, quantity: l.q, ...(l.entry ? { entryPrice: l.entry } : {}) }));
  let units: KernelUnit[] = [];
  try {
    const held = nettedHoldings(KA, cross, ctx);
    const plan = riskUnitPlan(KA, held, collateral, ctx, true);
    // A coin amount is a sum of 40-digit quotients in the Decimal layer: take it from the shared
    // netting rule in Decimal (exact in wide mode), so that its float and its value are the Decimal layer's.
    const coins = new Map<string, { q: KV; qf: number }>();
    for (const h of held) {
      if (KA.isZero(h.coin) || dynamicCoins.includes(h.symbol)) continue;
      const coin = decimalCoin(lines, table.index.get(h.symbol)!, h.symbol, tick);
      if (coin.isZero()) throw UNDECIDED;
      coins.set(h.symbol, { q: fromDecimal(coin), qf: coin.toNumber() });
    }
    units = plan.map((u) => ({
      id: u.id,
      entries: u.entries.map((e) => {
        const dynamic = e.kind === 'coin' && dynamicCoins.includes(e.key);
        const coin = e.kind === 'coin' ? coins.get(e.key) : undefined;
        const base = { kind: e.kind, key: e.key, inst: e.kind === 'position' ? table.index.get(e.array)! : -1, asset: e.kind === 'position' ? '' : e.array };
        // A dynamic coin's amount and float are read each tick (tickCoin); none is needed now.
        if (dynamic) return { ...base, q: e.qty, qf: NaN, dynamic: e.key };
        return coin ? { ...base, ...coin } : { ...base, q: e.qty, qf: KA.toNumber(e.qty) };
      }),
      held: u.held.map((h) => ({ inst: table.index.get(h.symbol)!, qty: h.qty, qf: KA.toNumber(h.qty) })),
    }));
  } catch (e) {
    if (e === UNDECIDED) notCovered ??= 'a coin amount the kernel cannot read as the Decimal layer does';
    else if (e instanceof MarginInputError && e.issues[0]?.code === 'missing_risk_array') notCovered ??= 'an instrument without a risk array';
    else throw e;
  }
  return { ...base, lines, collateral, ...(notCovered ? { notCovered } : {}), dynamicCoins, ties, units };
}
