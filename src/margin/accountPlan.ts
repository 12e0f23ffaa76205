import { compareKeys } from '../numeric/compareKeys.js';
import type { Arithmetic } from '../numeric/Arithmetic.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarginParameters } from './MarginParameters.js';

/** A position as the plan reads it, in any number layer. */
export interface PlanPosition<T> {
  symbol: string;
  quantity: T;
  entryPrice?: T;
  /** The caller's index of the instrument (the kernel's table index), carried to the holding: equal for positions of one symbol, distinct for distinct symbols. */
  at?: number;
  /** The instrument of `symbol` when the caller has looked it up already (else `ctx.instruments` is read). */
  instrument?: Instrument;
}

/** One netted symbol: summed quantity and, for an inverse future, its entry-dependent coin amount. */
export interface PlanHolding<T> {
  symbol: string;
  inst: Instrument;
  /** Net quantity, contracts. */
  qty: T;
  /** Sum of `q * size / entry` (coin) of an inverse future's lines; 0 otherwise. */
  coin: T;
  /** The positions' `at` (the caller's index of the instrument), if given. */
  at?: number;
}

/** One line of a scan: what moves (`kind`, `key`), by how much (`qty`), and whose risk array (`array`). */
export interface PlanEntry<T> {
  kind: 'position' | 'coin' | 'collateral';
  /** Symbol (position, coin) or asset (collateral): the sort key. */
  key: string;
  /** Contracts (position) or coin / asset units (coin, collateral). */
  qty: T;
  /** Key of the risk array: `arrays.instruments` for a position, `arrays.assets` for a coin or collateral. */
  array: string;
}

/** One risk unit: its id, underlyings (distinct, in the order met), netted holdings (symbol order), scan entries (canonical order). */
export interface PlanUnit<T> {
  id: string;
  /** Distinct, in the order met (a unit has one or a few: an array, not a Set, made per unit of every account). */
  underlyings: string[];
  held: PlanHolding<T>[];
  entries: PlanEntry<T>[];
}

/** What the plan needs to know about the market and the risk arrays, in the caller's number layer. */
export interface PlanContext<T> {
  instruments: ReadonlyMap<string, Instrument>;
  params: MarginParameters;
  contractSize(inst: Instrument): T;
  /** The forward of an instrument (a future's mark): the entry of a line without an entry price. */
  forward(inst: Instrument): T;
  /** Whether a held symbol has a risk array (portfolio mode; otherwise `missing_risk_array`); `at`: the holding's. */
  hasArray(symbol: string, at: number | undefined): boolean;
  /** The underlying a settlement coin or collateral asset moves with in the scenarios (its risk array), if any. */
  assetUnderlying(asset: string): string | undefined;
}

/** A kind's place in the canonical order (a comparison, not a keyed lookup by the kind's name: run per pair of entries of every unit). */
function kindOrder(kind: PlanEntry<unknown>['kind']): number {
  return kind === 'position' ? 0 : kind === 'coin' ? 1 : 2;
}

/** The canonical order of scan entries: positions, then inverse futures' coin amounts, then collateral; each by key. */
export function compareEntries(a: { kind: PlanEntry<unknown>['kind']; key: string }, b: { kind: PlanEntry<unknown>['kind']; key: string }): number {
  return kindOrder(a.kind) - kindOrder(b.kind) || compareKeys(a.key, b.key);
}

/**
 * Netting (the shared structure of both number layers): positions summed per symbol, with an inverse
 * future's entry-dependent coin amount `q * size / entry` (entry absent: the mark), symbols without a
 * quantity or coin amount left out, in symbol order.
 *
 * @param inSymbolOrder true when the caller has put the positions in symbol order already (equal
 *   symbols in input order; the kernel orders its lines by the table's symbol ranks): not checked again.
 * @throws MarginInputError `unknown_symbol` for a symbol outside the instrument table.
 */
export function nettedHoldings<T>(A: Arithmetic<T>, positions: readonly PlanPosition<T>[], ctx: PlanContext<T>, inSymbolOrder = false): PlanHolding<T>[] {
  const n = positions.length;
  // Per position, in input order (the first unknown symbol raises; the marks are read in that order):
  // its instrument and, for an inverse future, its coin term.
  // (Kept only for positions that do not carry their instrument: the kernel's carry theirs.)
  let insts: Instrument[] | undefined;
  let coins: (T | undefined)[] | undefined;
  for (let j = 0; j < n; j++) {
    const pos = positions[j]!;
    let inst = pos.instrument;
    if (inst === undefined) {
      inst = ctx.instruments.get(pos.symbol);
      if (!inst) throw new MarginInputError([{ code: 'unknown_symbol', path: ['positions'], message: `no instrument ${pos.symbol} in the market's instrument table`, argument: 'portfolio' }]);
      (insts ??= new Array<Instrument>(n))[j] = inst;
    }
    // (Settlement first: most books hold no inverse instrument, and a held kind is as mixed as the symbols.)
    if (inst.settlement === 'inverse' && inst.kind === 'future' && !A.isZero(pos.quantity)) {
      // Entry-dependent coin P&L q*size/E behaves like a coin balance; without an entry, E = mark.
      const entry = pos.entryPrice ?? ctx.forward(inst);
      (coins ??= new Array<T | undefined>(n))[j] = A.div(A.mul(pos.quantity, ctx.contractSize(inst)), entry);
    }
  }
  // In symbol order, a symbol's lines in input order (a stable sort): each symbol's sums add its
  // lines in input order; its lines are neighbours, summed into one holding.
  const order = inSymbolOrder ? undefined : bySymbol(positions);
  const out: PlanHolding<T>[] = [];
  let h: PlanHolding<T> | undefined;
  for (let x = 0; x < n; x++) {
    const j = order ? order[x]! : x;
    const pos = positions[j]!;
    // A symbol's lines by the caller's index when both carry one (equal for equal symbols): an int compare, not one of strings.
    if (h === undefined || (h.at !== undefined && pos.at !== undefined ? h.at !== pos.at : h.symbol !== pos.symbol)) {
      if (h !== undefined && (!A.isZero(h.qty) || !A.isZero(h.coin))) out.push(h);
      h = { symbol: pos.symbol, inst: pos.instrument ?? insts![j]!, qty: A.zero, coin: A.zero, at: pos.at };
    }
    h.qty = A.add(h.qty, pos.quantity);
    const c = coins?.[j];
    if (c !== undefined) h.coin = A.add(h.coin, c);
  }
  if (h !== undefined && (!A.isZero(h.qty) || !A.isZero(h.coin))) out.push(h);
  return out;
}

/**
 * The indices of positions in symbol order (`compareKeys`), equal symbols in input order; undefined
 * when in that order already. An insertion sort for the few lines of an account (no comparator calls
 * through the generic sort; none but the check when sorted already), the generic (stable) sort beyond.
 */
function bySymbol(ps: readonly { symbol: string }[]): number[] | undefined {
  let i = 1;
  while (i < ps.length && compareKeys(ps[i - 1]!.symbol, ps[i]!.symbol) <= 0) i++;
  if (i >= ps.length) return undefined;
  const order = ps.map((_, j) => j);
  if (ps.length > 48) return order.sort((a, b) => compareKeys(ps[a]!.symbol, ps[b]!.symbol));
  for (; i < ps.length; i++) {
    const s = ps[i]!.symbol;
    let j = i - 1;
    for (; j >= 0 && compareKeys(ps[order[j]!]!.symbol, s) > 0; j--) order[j + 1] = order[j]!;
    order[j + 1] = i;
  }
  return order;
}

const groupsOf = new WeakMap<MarginParameters, ReadonlyMap<string, string>>();

/**
 * The parameter set's risk-unit groups as underlying -> group id (made once per parameter set: sets are immutable).
 *
 * @example
 * ```ts
 * riskUnitGroups(params).get('ETH'); // the id of the group listing ETH, or undefined (ETH is its own unit)
 * ```
 */
export function riskUnitGroups(p: MarginParameters): ReadonlyMap<string, string> {
  // The last set's, without the WeakMap: small enough for V8 to inline into every plan (a call left
  // unoptimised cost about 500 instructions a plan).
  return p === lastSet ? lastGroups! : groupsOfSet(p);
}

// riskUnitGroups' last parameter set and its groups.
let lastSet: MarginParameters | undefined;
let lastGroups: ReadonlyMap<string, string> | undefined;

function groupsOfSet(p: MarginParameters): ReadonlyMap<string, string> {
  let g = groupsOf.get(p);
  if (!g) {
    const m = new Map<string, string>();
    for (const x of p.riskUnits) for (const u of x.underlyings) m.set(u, x.id);
    groupsOf.set(p, (g = m));
  }
  lastSet = p;
  lastGroups = g;
  return g;
}

/**
 * The id of the risk unit an underlying's holdings (and the coins and balances tied to it) go to:
 * its group's, else the underlying itself.
 *
 * @param groups {@link riskUnitGroups} of the parameter set.
 * @example
 * ```ts
 * riskUnitId(riskUnitGroups(params), 'BTC'); // 'BTC', or the id of the group that lists BTC
 * ```
 */
export function riskUnitId(groups: ReadonlyMap<string, string>, underlying: string): string {
  return groups.get(underlying) ?? underlying;
}

/**
 * The placement of an account's risk units as columns (see {@link unitLayout}): each unit by its
 * index in the order met, each holding's and each balance's unit by index, no object per entry.
 * Both number layers read it: the Decimal layer makes its {@link PlanUnit}s of it ({@link riskUnitPlan}),
 * the kernel packs it straight into a compiled account's ints. The lists are kept between layouts and
 * written by index up to their counts: a layout is lent to its caller until given back by
 * {@link releaseLayout} (a layout made meanwhile, by a nested plan, is another object). Internal.
 */
export interface UnitLayout {
  /** How many units. */
  n: number;
  /** Per unit (order met): its id. */
  ids: string[];
  /** Per unit (order met): its underlyings, distinct, in the order met. */
  underlyings: string[][];
  /** The units in id order (`compareKeys`), as indices into `ids` (the first `n`). */
  order: Int32Array;
  /** Per holding: its unit (its position entry's too). */
  heldUnit: Int32Array;
  /** Per holding: the unit its coin amount is an entry of, -1 none. */
  coinUnit: Int32Array;
  /** How many balances are listed below (0 without scan entries). */
  nBalances: number;
  /** The balances in asset order, as indices into the collateral given (the first `nBalances`). */
  balanceAt: Int32Array;
  /** Per balance in `balanceAt` order: the unit it is an entry of, -1 none (zero, or not tied to an underlying). */
  balanceUnit: Int32Array;
  /**
   * Each unit's entries in canonical order (the one statement of it, read by both layers): unit u's
   * are `entries[from[u]]` to `entries[from[u + 1] - 1]`, each `index * 4 + kind` ({@link ENTRY_POSITION}:
   * a held index, every holding listed even without scan entries; {@link ENTRY_COIN}: a held index;
   * {@link ENTRY_COLLATERAL}: an index into `balanceAt`), positions first.
   */
  from: Int32Array;
  entries: Int32Array;
  /** The units by id, once there are more than UNITS_SCANNED (a whale over many underlyings); else undefined (a scan of `ids`). */
  byId: Map<string, number> | undefined;
}

/** The kinds of a {@link UnitLayout}'s entries (an entry is `index * 4 + kind`). Internal. */
export const ENTRY_POSITION = 0;
export const ENTRY_COIN = 1;
export const ENTRY_COLLATERAL = 2;

/** A layout with empty lists (each made long enough by {@link roomFor} before a layout is written into it). */
function emptyLayout(): UnitLayout {
  const none = new Int32Array(0);
  return { n: 0, ids: [], underlyings: [], order: none, heldUnit: none, coinUnit: none, nBalances: 0, balanceAt: none, balanceUnit: none, from: none, entries: none, byId: undefined };
}

/**
 * The layout's int lists made long enough for `units` units (`from` one more; the caller has found
 * them too short): typed lists, so that the layout's loops read and write them without hole or
 * element-kind checks, made longer only here. An account of `n` holdings and `b` balances has at
 * most `2n + b` units and entries (a unit per underlying of a holding, coin amount or balance), and
 * that many holdings and balances at most.
 */
function roomFor(L: UnitLayout, units: number): void {
  const z = Math.max(units + 1, 64);
  L.order = new Int32Array(z);
  L.heldUnit = new Int32Array(z);
  L.coinUnit = new Int32Array(z);
  L.balanceAt = new Int32Array(z);
  L.balanceUnit = new Int32Array(z);
  L.from = new Int32Array(z);
  L.entries = new Int32Array(z);
}

// The layout kept for the next unitLayout; undefined while it is lent (from unitLayout until
// releaseLayout): a layout made while one is built or read (a context callback or a reader that plans
// again) gets lists of its own instead of overwriting the lent one's. One never given back (a caller
// that throws) is left to the collector, and the next layout makes a new one.
let spareLayout: UnitLayout | undefined = emptyLayout();

/**
 * Gives back a layout lent by {@link unitLayout}, once its caller has read what it needs of it: the
 * next layout is written over it (its lists kept). A layout not given back is never reused. Internal.
 *
 * @example
 * ```ts
 * // The sample book (prelude: market, params, book), no balance tied to an underlying.
 * const ctx: PlanContext<ReturnType<typeof DECIMAL_ARITHMETIC.abs>> = { instruments: market.instruments, params, contractSize: (i) => i.contractSize, forward: (): never => { throw new Error('no inverse future held'); }, hasArray: () => true, assetUnderlying: () => undefined };
 * const L = unitLayout(DECIMAL_ARITHMETIC, nettedHoldings(DECIMAL_ARITHMETIC, book.positions, ctx), book.collateral, ctx, true);
 * const ids = L.ids.slice(0, L.n); // read it (['BTC', 'ETH'])...
 * releaseLayout(L); // ...then give it back (L must not be read after this)
 * ```
 */
export function releaseLayout(L: UnitLayout): void {
  spareLayout = L;
}

/**
 * Risk units (the shared structure of both number layers) as a {@link UnitLayout}: holdings grouped by
 * underlying (or by the parameter set's `riskUnits` groups), and, with `withScan`, each unit's scan
 * entries: every position, the coin amount of inverse futures in the unit of the coin's underlying,
 * and (when `collateralInScenarios`) every non-zero balance of an asset tied to an underlying, in that
 * unit. A unit's entries in {@link compareEntries} order are its positions (in holding order), its
 * coin amounts (in holding order), its balances (in asset order): kinds first, then keys, which the
 * holdings (symbol order) and `balanceAt` (asset order) are in already. The context is asked in the
 * order the holdings, then the balances, are met. Internal.
 *
 * Returns a layout lent to the caller, who gives it back with {@link releaseLayout} once read; until
 * then no other layout is written into it (a nested one gets its own lists).
 *
 * @param held netted holdings in strict symbol order (`compareKeys`), as {@link nettedHoldings} returns them (unchecked: the entries' order rests on it).
 * @throws MarginInputError `missing_risk_array` when a held instrument has no risk array (portfolio mode).
 * @example
 * ```ts
 * // The sample book (prelude: market, params, book), its BTC balance tied to BTC's risk array.
 * const ctx: PlanContext<ReturnType<typeof DECIMAL_ARITHMETIC.abs>> = { instruments: market.instruments, params, contractSize: (i) => i.contractSize, forward: (): never => { throw new Error('no inverse future held'); }, hasArray: () => true, assetUnderlying: (a: string) => (a === 'BTC' ? a : undefined) };
 * const held = nettedHoldings(DECIMAL_ARITHMETIC, book.positions, ctx); // 7 BTC holdings, then 3 ETH ones (symbol order)
 * const L = unitLayout(DECIMAL_ARITHMETIC, held, book.collateral, ctx, true);
 * L.ids.slice(0, L.n); // ['BTC', 'ETH']
 * L.balanceAt.slice(0, L.nBalances); // [1, 0, 2]: BTC, USDC, USDT (asset order)
 * L.balanceUnit.slice(0, L.nBalances); // [0, -1, -1]: the BTC balance in unit BTC, the others in none
 * releaseLayout(L);
 * ```
 */
export function unitLayout<T>(A: Arithmetic<T>, held: readonly PlanHolding<T>[], collateral: readonly { asset: string; balance: T }[], ctx: PlanContext<T>, withScan: boolean): UnitLayout {
  const L = spareLayout ?? emptyLayout();
  spareLayout = undefined;
  // (Tested here: a call of roomFor, run unoptimised, cost more than the test.)
  if (L.from.length <= 2 * held.length + collateral.length) roomFor(L, 2 * held.length + collateral.length);
  const p = ctx.params;
  const groupOf = riskUnitGroups(p);
  const ids = L.ids;
  // Per unit, its entries counted as they are placed (at from[u + 1]), for the counting sort below.
  const from = L.from;
  L.n = 0;
  L.nBalances = 0;
  L.byId = undefined;
  const heldUnit = L.heldUnit;
  const coinUnit = L.coinUnit;
  // In symbol order an underlying's holdings mostly follow each other: its unit is looked up once per run.
  let lastUnderlying = '';
  let last = -1;
  // Whether a coin amount is an entry (most accounts hold no inverse future: their coins' pass is skipped).
  let anyCoin = false;
  for (let k = 0; k < held.length; k++) {
    const h = held[k]!;
    const inst = h.inst;
    // (A string from the start, and the first holding's unit always looked up: the compare sees strings only, not the generic one.)
    const u = k > 0 && inst.underlying === lastUnderlying ? last : (last = unitIn(L, groupOf, (lastUnderlying = inst.underlying)));
    heldUnit[k] = u;
    from[u + 1]!++;
    let c = -1;
    if (withScan) {
      if (!ctx.hasArray(h.symbol, h.at)) {
        releaseLayout(L);
        throw new MarginInputError([{ code: 'missing_risk_array', path: ['instruments', h.symbol], message: `no risk array for ${h.symbol}; build the risk arrays with this instrument`, argument: 'riskArrays' }]);
      }
      // (Most holdings' coin amount is the netting's zero itself: told without the arithmetic.)
      if (h.coin !== A.zero && !A.isZero(h.coin)) {
        const tied = ctx.assetUnderlying(inst.settlementCurrency);
        if (tied !== undefined) (from[(c = unitIn(L, groupOf, tied)) + 1]!++), (anyCoin = true);
      }
    }
    coinUnit[k] = c;
  }
  if (withScan && p.collateralInScenarios) {
    // The balances in asset order (an insertion sort of their indices: an account has few).
    const at = L.balanceAt;
    const n = collateral.length;
    for (let i = 0; i < n; i++) {
      const a = collateral[i]!.asset;
      let j = i - 1;
      for (; j >= 0 && compareKeys(collateral[at[j]!]!.asset, a) > 0; j--) at[j + 1] = at[j]!;
      at[j + 1] = i;
    }
    L.nBalances = n;
    for (let j = 0; j < n; j++) {
      const c = collateral[at[j]!]!;
      let u = -1;
      if (!A.isZero(c.balance)) {
        const tied = ctx.assetUnderlying(c.asset);
        if (tied !== undefined) from[(u = unitIn(L, groupOf, tied)) + 1]!++;
      }
      L.balanceUnit[j] = u;
    }
  }
  // Each unit's entries by one stable counting sort of the account's entries by unit (counted above),
  // met as positions (holding order), coin amounts (holding order), balances (asset order): a unit's
  // come out in compareEntries order (kinds, then keys), in time linear in the account.
  const nUnits = L.n;
  from[0] = 0;
  for (let u = 0; u < nUnits; u++) from[u + 1]! += from[u]!;
  const entries = L.entries;
  for (let k = 0; k < held.length; k++) entries[from[heldUnit[k]!]!++] = k * 4 + ENTRY_POSITION;
  if (anyCoin) for (let k = 0; k < held.length; k++) if (coinUnit[k]! >= 0) entries[from[coinUnit[k]!]!++] = k * 4 + ENTRY_COIN;
  for (let j = 0; j < L.nBalances; j++) if (L.balanceUnit[j]! >= 0) entries[from[L.balanceUnit[j]!]!++] = j * 4 + ENTRY_COLLATERAL;
  // Each unit's start was moved on to the next one's: back by one unit.
  for (let u = nUnits; u > 0; u--) from[u] = from[u - 1]!;
  from[0] = 0;
  // The units in id order (an insertion sort of their indices; ids are distinct).
  const order = L.order;
  for (let i = 0; i < L.n; i++) {
    const id = ids[i]!;
    let j = i - 1;
    for (; j >= 0 && compareKeys(ids[order[j]!]!, id) > 0; j--) order[j + 1] = order[j]!;
    order[j + 1] = i;
  }
  return L;
}

/**
 * Risk units (the shared structure of both number layers): {@link unitLayout}'s placement as one
 * object per unit, in id order, each with its holdings (in the order given) and, with `withScan`, its
 * scan entries in {@link compareEntries} order.
 *
 * @param held netted holdings in strict symbol order (`compareKeys`), as {@link nettedHoldings} returns them (unchecked: the entries' order rests on it).
 * @throws MarginInputError `missing_risk_array` when a held instrument has no risk array (portfolio mode).
 * @example
 * ```ts
 * // The sample book (prelude: market, params, book), its BTC balance tied to BTC's risk array.
 * const ctx: PlanContext<ReturnType<typeof DECIMAL_ARITHMETIC.abs>> = { instruments: market.instruments, params, contractSize: (i) => i.contractSize, forward: (): never => { throw new Error('no inverse future held'); }, hasArray: () => true, assetUnderlying: (a: string) => (a === 'BTC' ? a : undefined) };
 * const units = riskUnitPlan(DECIMAL_ARITHMETIC, nettedHoldings(DECIMAL_ARITHMETIC, book.positions, ctx), book.collateral, ctx, true);
 * units.map((u) => u.id); // ['BTC', 'ETH']
 * units[0]!.entries.map((e) => e.kind); // ['position', 'position', 'position', 'position', 'position', 'position', 'position', 'collateral'] (the 7 BTC positions in symbol order, then the BTC balance)
 * ```
 */
export function riskUnitPlan<T>(A: Arithmetic<T>, held: readonly PlanHolding<T>[], collateral: readonly { asset: string; balance: T }[], ctx: PlanContext<T>, withScan: boolean): PlanUnit<T>[] {
  const L = unitLayout(A, held, collateral, ctx, withScan);
  const out = new Array<PlanUnit<T>>(L.n);
  for (let x = 0; x < L.n; x++) {
    const u = L.order[x]!;
    const unitHeld: PlanHolding<T>[] = [];
    const entries: PlanEntry<T>[] = [];
    for (let x = L.from[u]!; x < L.from[u + 1]!; x++) {
      const e = L.entries[x]!;
      const i = e >> 2;
      const kind = e & 3;
      if (kind === ENTRY_POSITION) {
        const h = held[i]!;
        unitHeld.push(h);
        if (withScan) entries.push({ kind: 'position', key: h.symbol, qty: h.qty, array: h.symbol });
      } else if (kind === ENTRY_COIN) entries.push({ kind: 'coin', key: held[i]!.symbol, qty: held[i]!.coin, array: held[i]!.inst.settlementCurrency });
      else {
        const c = collateral[L.balanceAt[i]!]!;
        entries.push({ kind: 'collateral', key: c.asset, qty: c.balance, array: c.asset });
      }
    }
    out[x] = { id: L.ids[u]!, underlyings: L.underlyings[u]!, held: unitHeld, entries };
  }
  releaseLayout(L);
  return out;
}

/** How many units unitLayout finds by a scan before it indexes them by id. */
const UNITS_SCANNED = 8;

/**
 * The unit of `L` an underlying's holdings go to (its index in the order met), added when new. An
 * account has few units: found by a scan, no Map made per account; past UNITS_SCANNED (a whale over
 * many underlyings) by id through `L.byId`. (A function of its own, not a closure in unitLayout,
 * whose lists would then be read through a context object made on every call.)
 */
function unitIn(L: UnitLayout, groupOf: ReadonlyMap<string, string>, underlying: string): number {
  const id = riskUnitId(groupOf, underlying);
  const ids = L.ids;
  let u = -1;
  if (L.byId !== undefined) u = L.byId.get(id) ?? -1;
  else for (let j = 0; j < L.n && u < 0; j++) if (ids[j] === id) u = j;
  if (u < 0) {
    u = L.n++;
    ids[u] = id;
    L.from[u + 1] = 0;
    L.underlyings[u] = [underlying];
    if (L.byId !== undefined) L.byId.set(id, u);
    else if (L.n > UNITS_SCANNED) L.byId = new Map(ids.slice(0, L.n).map((x, j) => [x, j]));
  } else if (!L.underlyings[u]!.includes(underlying)) L.underlyings[u]!.push(underlying);
  return u;
}

