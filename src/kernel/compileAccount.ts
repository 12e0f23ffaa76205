import { nettedHoldings, riskUnitPlan, type PlanContext, type PlanHolding } from '../margin/accountPlan.js';
import { ADD_ON_ORDER, addOnApply } from '../margin/addOnOrder.js';
import { calendarSpreadParts } from '../margin/calendarSpreadCharge.js';
import type { Holding } from '../margin/Holding.js';
import type { AddOnParams, MarginParameters } from '../margin/MarginParameters.js';
import { holdsAny } from '../margin/minimumCharge.js';
import { nakedShortParts } from '../margin/nakedShortOptionCharge.js';
import type { AddOnPart } from '../margin/ratedSum.js';
import { shortOptionParts } from '../margin/shortOptionMinimum.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { positionInput } from '../schema/positionInput.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import { assetIndexOf, type KernelTable, type KernelTick } from './kernelTick.js';
import { exactString, fromDecimal, inWideMode, KV, NOT_COVERED, UNDECIDED, ZERO } from './kv.js';
import { pushValue, valueAt } from './packedValues.js';

/*
 * A compiled account (internal): its inputs and its plan (netting, risk units, scan entries in
 * canonical order, static add-on inputs), built by the shared plan code in kernel numbers and packed
 * into one Int32Array `I` (see packedValues.ts for a value's 3 ints). Layout:
 *
 *   header   [nLines, offColl, nColl, offUnitTable, nUnits, offTies, nTies, offDyn, nDyn]
 *   line     [inst, flags (1 entry, 2 isolated, 4 funding), q, entry?, isolated?, funding?]   (input order)
 *   coll     [asset, balance]                                                                (input order)
 *   unit     [nEntries, nHeld, nMm, nIm (-1: no IM block), entries, held, MM add-ons, IM add-ons]
 *            (each unit preceded by the values only it refers to; the unit table lists their offsets)
 *   entry    [src (instrument >= 0, or -(asset + 1)), qRef (slot of its value; -1: a coin entered at
 *             the mark, recomputed each tick), qfRef (-1: the value's own float; else `floats` index,
 *             or the dynamic coin's index when qRef is -1), key (the sort key: instrument >= 0 for a
 *             position or coin entry, -(asset + 1) for collateral)]
 *   held     [inst, qRef]
 *   add-on   [kind (ADD_ON_ORDER index), apply (0 add, 1 floor), n, then n parts [inst, unitsRef]];
 *            n = -1: one fixed amount [ref]; n = -2: inputs that move with the tick (from the holdings)
 *   tie      [asset, underlying (registry index, -1 none)]
 *   dyn      [inst]   inverse futures with a line entered at the mark
 *
 * Asset and underlying names are indices in the table's registry (kernelTick.ts), instruments indices
 * in the table; unit ids stay strings (shared). A handle of a 20-position account is about 1.5 KB.
 */
export interface CompiledAccount {
  table: KernelTable;
  /** The parameter set it was planned for (risk-unit groups, add-on blocks). */
  params: MarginParameters;
  accountId: string;
  settlementCurrency: string;
  I: Int32Array;
  /** Values that are not small exact decimals (BigInt, rationals), by index. */
  side: KV[] | undefined;
  /** Floats of entries whose value is not a small exact decimal (a coin amount), by index. */
  floats: number[] | undefined;
  unitIds: string[];
  /** Set when the kernel never covers this account (isolated positions, ...): the Decimal path serves it. */
  notCovered?: string;
  /** The input itself, kept only when its amounts do not fit the kernel's numbers (more than 30 digits). */
  source?: PortfolioInput;
}

export const H_LINES = 0;
export const H_COLL = 1;
export const H_NCOLL = 2;
export const H_UNITS = 3;
export const H_NUNITS = 4;
export const H_TIES = 5;
export const H_NTIES = 6;
export const H_DYN = 7;
export const H_NDYN = 8;
export const HEADER = 9;
export const F_ENTRY = 1;
export const F_ISOLATED = 2;
export const F_FUNDING = 4;
export const ADD_FIXED = -1;
export const ADD_MOVING = -2;

/** One line as read back from a compiled account. */
export interface LineView {
  inst: number;
  q: KV;
  entry?: KV;
  isolated?: KV;
  funding?: KV;
}

/** The position lines of a compiled account, in input order. */
export function linesOf(c: CompiledAccount): LineView[] {
  const I = c.I;
  const out: LineView[] = [];
  let k = HEADER;
  for (let n = I[H_LINES]!; n > 0; n--) {
    const flags = I[k + 1]!;
    const l: LineView = { inst: I[k]!, q: valueAt(I, c.side ?? [], k + 2) };
    k += 5;
    if (flags & F_ENTRY) (l.entry = valueAt(I, c.side ?? [], k)), (k += 3);
    if (flags & F_ISOLATED) (l.isolated = valueAt(I, c.side ?? [], k)), (k += 3);
    if (flags & F_FUNDING) (l.funding = valueAt(I, c.side ?? [], k)), (k += 3);
    out.push(l);
  }
  return out;
}

/** The collateral of a compiled account, in input order. */
export function collateralOf(c: CompiledAccount): { asset: string; index: number; balance: KV }[] {
  const I = c.I;
  const out: { asset: string; index: number; balance: KV }[] = [];
  for (let i = 0, k = I[H_COLL]!; i < I[H_NCOLL]!; i++, k += 4) out.push({ asset: c.table.assetNames[I[k]!]!, index: I[k]!, balance: valueAt(I, c.side ?? [], k + 1) });
  return out;
}

/** A position or balance in kernel numbers: exact, or not covered when it has more than 30 significant digits. */
function input(x: { d: number[] | null; e: number; s: number }): KV {
  const v = fromDecimal(x);
  if (v.k !== 0 && v.k !== 1) throw NOT_COVERED;
  if (v.k === 1 && (v.b >= 10n ** 30n || v.b <= -(10n ** 30n))) throw NOT_COVERED;
  return v;
}

/** An add-on of one unit and parameter block, its tick-independent inputs precomputed by the shared parts rules. */
interface StaticAddOn {
  kind: number;
  apply: 0 | 1;
  parts?: { units: KV; inst: number }[];
  fixed?: KV;
}

/**
 * The unit's add-ons of one parameter block with their tick-independent inputs precomputed by the
 * same parts functions the Decimal layer runs per call; inputs that move (deltas, inverse futures'
 * units of underlying) are left to the tick. Each part's units are pre-multiplied by the add-on's
 * rate (exact: the amount `sum units * rate * price` is the same value).
 */
function staticAddOns(held: readonly PlanHolding<KV>[], a: AddOnParams, table: KernelTable): StaticAddOn[] {
  const moving = held.some((h) => h.inst.kind === 'future' && h.inst.settlement === 'inverse');
  const indexOf = (h: { symbol: string }) => table.index.get(h.symbol)!;
  // Holdings with this unit's sizes; prices and deltas are the tick's (not read by the static parts).
  const holdings = held.map((h): Holding<KV> & { inst: number } => {
    const i = h.inst;
    const hold: Holding<KV> & { inst: number } = { symbol: h.symbol, kind: i.kind, underlying: i.underlying, units: KA.mul(h.qty, table.size[indexOf(h)]!), unitPrice: ZERO, delta: 0, inst: indexOf(h) };
    if (i.right) hold.right = i.right;
    if (i.strike) hold.strike = i.strike;
    if (i.expiryMs !== undefined) hold.expiryMs = i.expiryMs;
    return hold;
  });
  const rated = (ps: AddOnPart<KV>[], rate: Decimal) => ps.map((x) => ({ units: KA.mul(x.units, fromDecimal(rate)), inst: (x.at as Holding<KV> & { inst: number }).inst }));
  const out: StaticAddOn[] = [];
  ADD_ON_ORDER.forEach((kind, code) => {
    if (!a[kind]) return;
    const apply = addOnApply(kind, a) === 'floor' ? 1 : 0;
    if (kind === 'shortOptionMinimum') out.push({ kind: code, apply, parts: rated(shortOptionParts(KA, holdings, a.shortOptionMinimum!.netting), a.shortOptionMinimum!.rate) });
    else if (kind === 'nakedShortOption' && !moving) out.push({ kind: code, apply, parts: rated(nakedShortParts(KA, holdings), a.nakedShortOption!.rate) });
    else if (kind === 'calendarSpread' && !moving && !a.calendarSpread!.includeOptions) out.push({ kind: code, apply, parts: rated(calendarSpreadParts(KA, holdings, false), a.calendarSpread!.rate) });
    // grossNotional = sum |units| * unitPrice over the holdings: one part per holding (rate 1: the measure).
    else if (kind === 'concentration' && a.concentration!.measure === 'grossNotional' && !moving) out.push({ kind: code, apply, parts: holdings.map((h) => ({ units: KA.abs(h.units), inst: h.inst })) });
    else if (kind === 'minimum') out.push({ kind: code, apply, fixed: holdsAny(KA, holdings) ? fromDecimal(a.minimum!.amount) : ZERO });
    else out.push({ kind: code, apply });
  });
  return out;
}

/**
 * An inverse future's coin amount as the Decimal layer computes it (the shared netting rule in Decimal
 * over the account's cross lines of that symbol; a line without an entry is entered at this tick's mark).
 */
export function decimalCoin(lines: readonly LineView[], inst: number, symbol: string, tick: KernelTick): Decimal {
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
  const base = { table, params: tick.r.margin, accountId: pf.accountId, settlementCurrency: pf.settlementCurrency };
  const lines: LineView[] = [];
  const collateral: { asset: string; balance: KV }[] = [];
  try {
    for (const p of pf.positions) {
      const inst = table.index.get(p.symbol);
      if (inst === undefined) throw new MarginInputError([{ code: 'unknown_symbol', path: ['positions'], message: `no instrument ${p.symbol} in the market's instrument table`, argument: 'portfolio' }]);
      const line: LineView = { inst, q: input(p.quantity) };
      if (p.entryPrice !== undefined) line.entry = input(p.entryPrice);
      if (p.isolatedMargin !== undefined) line.isolated = input(p.isolatedMargin);
      if (p.accruedFunding !== undefined) line.funding = input(p.accruedFunding);
      lines.push(line);
    }
    for (const c of pf.collateral) collateral.push({ asset: c.asset, balance: input(c.balance) });
  } catch (e) {
    if (e !== NOT_COVERED) throw e;
    const source: PortfolioInput = { accountId: pf.accountId, settlementCurrency: pf.settlementCurrency, positions: pf.positions.map(positionInput), collateral: pf.collateral.map((c) => ({ asset: c.asset, balance: decimalString(c.balance) })) };
    return { ...base, I: new Int32Array(HEADER), side: undefined, floats: undefined, unitIds: [], notCovered: 'an amount with more than 30 significant digits', source };
  }
  let notCovered: string | undefined = lines.some((l) => l.isolated !== undefined) ? 'isolated positions' : undefined;
  const ties: [number, number][] = [];
  const dynamicCoins: string[] = [];
  const ctx: PlanContext<KV> = {
    instruments: table.instruments,
    params: tick.r.margin,
    contractSize: (inst) => table.size[table.index.get(inst.symbol)!]!,
    // A line of an inverse future without an entry price is entered at the mark: its coin amount
    // changes every tick (recomputed then); this tick's mark gives the plan its shape.
    forward: (inst) => {
      if (!dynamicCoins.includes(inst.symbol)) dynamicCoins.push(inst.symbol);
      return tick.instrument(table.index.get(inst.symbol)!).forward;
    },
    hasArray: (symbol) => tick.arrays.instruments.has(symbol),
    assetUnderlying: (asset) => {
      const u = tick.arrays.assets.get(asset)?.underlying;
      ties.push([assetIndexOf(table, asset), u === undefined ? -1 : assetIndexOf(table, u)]);
      return u;
    },
  };

  // Pack the inputs.
  const ints: number[] = new Array<number>(HEADER).fill(0);
  const side: KV[] = [];
  const floats: number[] = [];
  const lineSlot: number[] = [];
  ints[H_LINES] = lines.length;
  for (const l of lines) {
    ints.push(l.inst, (l.entry ? F_ENTRY : 0) | (l.isolated ? F_ISOLATED : 0) | (l.funding ? F_FUNDING : 0));
    lineSlot.push(ints.length);
    pushValue(ints, side, l.q);
    if (l.entry) pushValue(ints, side, l.entry);
    if (l.isolated) pushValue(ints, side, l.isolated);
    if (l.funding) pushValue(ints, side, l.funding);
  }
  ints[H_COLL] = ints.length;
  ints[H_NCOLL] = collateral.length;
  const collSlot = new Map<string, number>();
  for (const c of collateral) {
    ints.push(assetIndexOf(table, c.asset));
    collSlot.set(c.asset, ints.length);
    pushValue(ints, side, c.balance);
  }

  // The plan (shared rules), then packed.
  const unitIds: string[] = [];
  if (notCovered === undefined) {
    try {
      const cross = lines.filter((l) => l.isolated === undefined).map((l) => ({ symbol: table.symbols[l.inst]!, quantity: l.q, ...(l.entry ? { entryPrice: l.entry } : {}) }));
      const held = nettedHoldings(KA, cross, ctx);
      const plan = riskUnitPlan(KA, held, collateral, ctx, true);
      // A coin amount is a sum of 40-digit quotients in the Decimal layer: take it from the shared
      // netting rule in Decimal (exact in wide mode), so that its float and its value are the Decimal layer's.
      const coins = new Map<string, KV>();
      const coinFloats = new Map<string, number>();
      for (const h of held) {
        if (KA.isZero(h.coin) || dynamicCoins.includes(h.symbol)) continue;
        const coin = decimalCoin(lines, table.index.get(h.symbol)!, h.symbol, tick);
        if (coin.isZero()) throw UNDECIDED;
        coins.set(h.symbol, fromDecimal(coin));
        coinFloats.set(h.symbol, coin.toNumber());
      }
      // A symbol with one cross line shares that line's quantity slot; a netted sum gets its own.
      const lineOf = new Map<number, number>();
      lines.forEach((l, i) => l.isolated === undefined && lineOf.set(l.inst, lineOf.has(l.inst) ? -1 : i));
      const qtySlot = new Map<string, number>();
      for (const h of held) {
        const only = lineOf.get(table.index.get(h.symbol)!)!;
        if (only >= 0) qtySlot.set(h.symbol, lineSlot[only]!);
        else {
          qtySlot.set(h.symbol, ints.length);
          pushValue(ints, side, h.qty);
        }
      }
      const valueSlot = (v: KV): number => {
        const s = ints.length;
        pushValue(ints, side, v);
        return s;
      };
      const unitAt: number[] = [];
      for (const u of plan) {
        unitIds.push(u.id);
        const mm = staticAddOns(u.held, tick.r.margin.addOns, table);
        const imBlock = tick.r.margin.initialMargin.addOns;
        const im = imBlock ? staticAddOns(u.held, imBlock, table) : undefined;
        // Values the unit refers to that are not stored yet (coins, add-on parts) go first.
        const entryRefs = u.entries.map((e) => {
          if (e.kind === 'position') return [table.index.get(e.array)!, qtySlot.get(e.key)!, -1, table.index.get(e.key)!];
          const src = -(assetIndexOf(table, e.array) + 1);
          if (e.kind === 'collateral') return [src, collSlot.get(e.key)! /* the balance slot */, -1, src];
          const key = table.index.get(e.key)!;
          if (dynamicCoins.includes(e.key)) return [src, -1, dynamicCoins.indexOf(e.key), key];
          const slot = valueSlot(coins.get(e.key)!);
          floats.push(coinFloats.get(e.key)!);
          return [src, slot, floats.length - 1, key];
        });
        const addOnRefs = (list: StaticAddOn[]) => list.map((x) => ({ x, refs: x.parts ? x.parts.map((p) => [p.inst, valueSlot(p.units)]) : x.fixed ? [valueSlot(x.fixed)] : [] }));
        const mmRefs = addOnRefs(mm);
        const imRefs = im ? addOnRefs(im) : undefined;
        unitAt.push(ints.length);
        ints.push(u.entries.length, u.held.length, mm.length, im ? im.length : -1);
        for (const r of entryRefs) ints.push(r[0]!, r[1]!, r[2]!, r[3]!);
        for (const h of u.held) ints.push(table.index.get(h.symbol)!, qtySlot.get(h.symbol)!);
        for (const list of imRefs ? [mmRefs, imRefs] : [mmRefs]) {
          for (const { x, refs } of list) {
            if (x.parts) {
              ints.push(x.kind, x.apply, x.parts.length);
              for (const r of refs as number[][]) ints.push(r[0]!, r[1]!);
            } else if (x.fixed) ints.push(x.kind, x.apply, ADD_FIXED, (refs as number[])[0]!);
            else ints.push(x.kind, x.apply, ADD_MOVING);
          }
        }
      }
      // The units' offsets, in unit order.
      ints[H_UNITS] = ints.length;
      ints[H_NUNITS] = plan.length;
      ints.push(...unitAt);
    } catch (e) {
      if (e === UNDECIDED) notCovered = 'a coin amount the kernel cannot read as the Decimal layer does';
      else if (e instanceof MarginInputError && e.issues[0]?.code === 'missing_risk_array') notCovered = 'an instrument without a risk array';
      else throw e;
    }
  }
  ints[H_TIES] = ints.length;
  ints[H_NTIES] = ties.length;
  for (const [a, u] of ties) ints.push(a, u);
  ints[H_DYN] = ints.length;
  ints[H_NDYN] = dynamicCoins.length;
  for (const s of dynamicCoins) ints.push(table.index.get(s)!);
  return { ...base, I: Int32Array.from(ints), side: side.length ? side : undefined, floats: floats.length ? floats : undefined, unitIds, ...(notCovered ? { notCovered } : {}) };
}
