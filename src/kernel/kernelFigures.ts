import { collateralLineValues } from '../collateral/collateralLineValues.js';
import { accountStatusOf } from '../health/accountStatus.js';
import { compareEntries } from '../margin/accountPlan.js';
import { ADD_ON_ORDER, concentrationMeasure } from '../margin/addOnOrder.js';
import { calendarSpreadParts } from '../margin/calendarSpreadCharge.js';
import { concentrationOf } from '../margin/concentrationCharge.js';
import { deltaContingencyAmount, deltaContingencyParts } from '../margin/deltaContingency.js';
import type { Holding } from '../margin/Holding.js';
import { holdingDelta } from '../margin/holdingUnitPrice.js';
import { holdingUnits } from '../margin/holdingUnits.js';
import type { AddOnParams } from '../margin/MarginParameters.js';
import { holdsAny } from '../margin/minimumCharge.js';
import { nakedShortParts } from '../margin/nakedShortOptionCharge.js';
import { accountRequirement, unitDelta, unitRequirement, type UnitAmounts, type UnitLayer } from '../margin/portfolioRequirement.js';
import { ratedSum } from '../margin/ratedSum.js';
import { scanPass, scanScale } from '../margin/scanRisk.js';
import { aggregatedPnl } from '../margin/aggregateRules.js';
import { deltaShockOf, type DeltaShockValues } from '../margin/deltaShock.js';
import type { RollShockValues } from '../margin/rollShock.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { shortOptionParts } from '../margin/shortOptionMinimum.js';
import type { AccountFigures } from './AccountFigures.js';
import { ADD_FIXED, ADD_MOVING, ADD_PLANNED, decimalCoin, E_COIN, E_COIN_AT_MARK, E_COLLATERAL, E_POSITION, H_COLL, H_DYN, H_LINES, H_LINESAT, H_NCOLL, H_NDYN, H_NTIES, H_NUNITS, H_TIES, H_UNITS, lineAt, linesOf, type CompiledAccount } from './compileAccount.js';
import { exponentAt, intListAt, intListSize, isWide, isZeroAt, mantissaAt, numberAt, valueAt, valueSize } from './packedValues.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import { exactAt, floatPartsAt, INVERSE_FUTURE, LINEAR_FUTURE, NOT_SMALL, OPTION, PART_BIAS, PART_SHIFT, partAt, type KernelAddOns, type KernelAggregateRules, type KernelArray, type KernelTick } from './kernelTick.js';
import { add, div, fromDecimal, fromScaledBig, inWide, inWideMode, KV, max, mul, neg, NOT_COVERED, ONE, scaled, scaledBig, scaledString, scaledStringBig, sign, small, SmallSum, sub, UNDECIDED, ZERO } from './kv.js';
import { LimbSum } from './limbSum.js';
import { rollShockSum } from './rollShockSum.js';
import { ratioString } from './ratioString.js';
import { putUnit, takeUnit, type UnitReuse } from './unitMemo.js';
import { P10 } from '../numeric/powersOfTen.js';

/*
 * The exact kernel: one compiled account's figures at one tick, in kernel numbers, through the rules
 * the Decimal layer uses (src/margin/portfolioRequirement.ts, the add-ons' parts, collateral line
 * values, account status), so that only the arithmetic differs. Throws UNDECIDED (a rounding its
 * bounds cannot decide) or NOT_COVERED (a feature it does not handle at this tick); the engine then
 * serves the account from the Decimal path.
 *
 * HOW TO ADD A MECHANISM TO BOTH LAYERS (e.g. a new add-on, a scan group, an equity term):
 * 1. Write its rule once, generic over `Arithmetic<T>` (src/numeric/Arithmetic.ts), next to the
 *    Decimal code that uses it (as shortOptionParts / ratedSum, unitRequirement, collateralLineValues):
 *    the Decimal layer calls it with DECIMAL_ARITHMETIC, the kernel with KERNEL_ARITHMETIC.
 * 2. Its parameters: convert them once per engine in KernelTick (as `addOns`), with `fromDecimal`.
 * 3. Its inputs from the snapshot: add them to KernelInstrument, converted from the Decimal layer's
 *    own values (a valuation field), so both layers read the same numbers; a float that feeds a float
 *    rule must be the very same float64 (as `qf`, the Decimal layer's `toNumber()`).
 * 4. Inputs that do not move with the tick can be precomputed at compile (compileAccount.ts, as
 *    `packAddOns`), by the same rule. An add-on whose amounts move but whose structure does not
 *    (which holdings make which line, in which order) splits into a shared plan function and an
 *    amount step over `Arithmetic<T>` that reads the holdings by index (as rollShockPlan and
 *    rollShockAmount): the plan is packed at compile (ADD_PLANNED), the amounts read at the tick
 *    through TickHoldings, with no Holding objects, sorts or keyed maps per tick.
 * 5. Teach `kernelCoverage` (kernelTick.ts) the new parameter key, add-on, scenario kind or group:
 *    until then the parameter sets that use it fall back visibly (`exact: 'decimal'`).
 * 6. The property (test/kernel/figures.property.test.ts) compares figures with assess byte for byte:
 *    add a population that uses the mechanism (test/kernel/populations.ts) and its kernel share.
 */

const MAX = Number.MAX_SAFE_INTEGER;
const NO_KV: KV[] = [];

/**
 * One unit's scan entries decoded from the packed account into parallel arrays (reused: the kernel is
 * synchronous, so one buffer serves every unit in turn). `qm`/`qe`: a small exact quantity's mantissa
 * and exponent (qm NaN: use `qv`); `qf`: its float64 as the Decimal layer reads it.
 */
class EntryBuffer {
  n = 0;
  qm = new Float64Array(64);
  qe = new Int32Array(64);
  qf = new Float64Array(64);
  maxAbs = new Float64Array(64);
  delta = new Float64Array(64);
  qv: (KV | undefined)[] = [];
  arr: KernelArray[] = [];
  pnl: Float64Array[] = [];
  // Int32Arrays, not arrays: a store per entry and unit without an elements-kind or length check.
  /** E_POSITION, E_COLLATERAL, E_COIN or E_COIN_AT_MARK. */
  kind = new Int32Array(64);
  /** Instrument (position, coin) or asset (collateral): the sort key's index. */
  key = new Int32Array(64);
  /** Offset of the entry's value in I (-1: a coin entered at the mark). */
  ref = new Int32Array(64);

  reset(): void {
    this.n = 0;
  }

  grow(): void {
    const g = <A extends Float64Array | Int32Array>(a: A, C: new (n: number) => A): A => {
      const b = new C(a.length * 2);
      b.set(a);
      return b;
    };
    this.qm = g(this.qm, Float64Array);
    this.qe = g(this.qe, Int32Array);
    this.qf = g(this.qf, Float64Array);
    this.maxAbs = g(this.maxAbs, Float64Array);
    this.delta = g(this.delta, Float64Array);
    this.kind = g(this.kind, Int32Array);
    this.key = g(this.key, Int32Array);
    this.ref = g(this.ref, Int32Array);
  }

  /** Appends the `count` packed entries at `k`; returns the offset just past them. */
  decode(tick: KernelTick, c: CompiledAccount, k: number, count: number, coins: readonly { q: KV; qf: number }[] | undefined): number {
    const I = c.I;
    const side = c.side ?? NO_KV;
    for (let j = 0; j < count; j++) {
      const i = this.n++;
      if (i >= this.qm.length) this.grow();
      const head = I[k]!;
      const kind = head & 3;
      const id = head >> 2;
      let a: KernelArray | undefined;
      let qRef = -1;
      if (kind === E_POSITION) {
        a = tick.arrs?.[id] ?? tick.instrument(id).arr;
        qRef = I[k + 1]!;
        this.qf[i] = numberAt(I, side, qRef);
        k += 2;
      } else if (kind === E_COLLATERAL) {
        a = tick.assetAt(id).arr;
        qRef = I[k + 1]!;
        this.qf[i] = numberAt(I, side, qRef);
        k += 2;
      } else if (kind === E_COIN) {
        a = tick.assetAt(I[k + 1]!).arr;
        qRef = I[k + 2]!;
        this.qf[i] = c.floats![I[k + 3]!]!;
        k += 4;
      } else {
        // A coin entered at the mark: this tick's amount.
        a = tick.assetAt(I[k + 1]!).arr;
        const x = coins![I[k + 2]!]!;
        this.qf[i] = x.qf;
        this.qm[i] = NaN;
        this.qv[i] = x.q;
        k += 3;
      }
      if (a === undefined) throw NOT_COVERED;
      this.arr[i] = a;
      this.pnl[i] = a.pnl;
      this.maxAbs[i] = a.maxAbs;
      // Read here, with the array's other fields just loaded, not where the roll shock's expiries (and
      // the credits) read it through the tick's instrument: there it cost a cache miss per option.
      this.delta[i] = a.delta;
      this.kind[i] = kind;
      this.key[i] = id;
      this.ref[i] = qRef;
      if (qRef >= 0) {
        if (isWide(I, qRef)) {
          this.qm[i] = NaN;
          this.qv[i] = side[I[qRef + 1]!]!;
        } else {
          // (qv[i] is left as it was: it is read only where qm[i] is NaN, see value.)
          this.qm[i] = mantissaAt(I, qRef);
          this.qe[i] = exponentAt(I, qRef);
        }
      }
    }
    return k;
  }

  /** Entry `i`'s quantity: qv[i] when qm[i] is NaN (a value that is not a small exact decimal), else qm[i] and qe[i]. */
  value(i: number): KV {
    const m = this.qm[i]!;
    return m === m ? small(m, this.qe[i]!) : this.qv[i]!;
  }
}

/**
 * The entry buffers of the units being computed, one per unit of a batch (see kernelFigures), and the
 * one being read now (`buf`: the unit's layer, its holdings and the joint sets read it).
 */
const BUFS: EntryBuffer[] = [new EntryBuffer()];
let buf = BUFS[0]!;
let vector = new Float64Array(64);
let losses = new Float64Array(64);
let candidates = new Int32Array(64);

/** The exact P&L of entry `i` in scenario `s` (the Decimal layer's `entryPnl`), as a kernel value. */
function entryPnl(b: EntryBuffer, i: number, s: number): KV {
  const a = b.arr[i]!;
  const q = b.value(i);
  if (a.exact !== undefined) return mul(q, exactAt(a, s));
  if (a.pnl[s] === 0) return ZERO;
  const k = floatPartsAt(a, s, sign(q) > 0 ? 0 : 1);
  return mul(q, small(a.parts![k]!, a.parts![k + 1]!));
}

/** What {@link entryParts} found: the parts in XP, a zero P&L (skip the entry), or a value that is not a small decimal. */
const ENTRY_PARTS = 0;
const ENTRY_ZERO = 1;
const ENTRY_NOT_SMALL = 2;
/** {@link entryParts}'s result: mantissa, exponent (a Float64Array: a module-level float variable would be a heap number per store). */
const XP = new Float64Array(2);

/**
 * The exact P&L of one contract of entry `i` in scenario `s` as a small decimal `XP[0] 10^-XP[1]`
 * (rounded against the account by the sign of its quantity's mantissa `qm`): the one read of an entry
 * that both the small sum and the BigInt sum of {@link scenarioPnl} make.
 */
function entryParts(tick: KernelTick, b: EntryBuffer, i: number, s: number, qm: number): number {
  const a = b.arr[i]!;
  if (b.kind[i] === E_POSITION) {
    if (a.pnl[s] === 0 && a.exact === undefined) return ENTRY_ZERO;
    const p = partAt(tick, a, s, qm > 0 ? 0 : 1);
    if (p === NOT_SMALL) return ENTRY_NOT_SMALL;
    const xm = Math.floor(p / PART_SHIFT);
    XP[0] = xm;
    XP[1] = p - xm * PART_SHIFT - PART_BIAS;
  } else if (a.exact !== undefined) {
    const x = exactAt(a, s);
    if (x.k !== 0 || x.d !== 1) return ENTRY_NOT_SMALL;
    XP[0] = x.m;
    XP[1] = x.e;
  } else {
    if (a.pnl[s] === 0) return ENTRY_ZERO;
    const k = floatPartsAt(a, s, qm > 0 ? 0 : 1);
    XP[0] = a.parts![k]!;
    XP[1] = a.parts![k + 1]!;
  }
  return ENTRY_PARTS;
}

/**
 * The total exact P&L of the buffer's entries in scenario `s`. Fast path: every product and partial
 * sum a small exact integer (no allocation); from the first that is not, kernel values.
 */
function scenarioPnl(tick: KernelTick, b: EntryBuffer, s: number): KV {
  const n = b.n;
  let accM = 0;
  let accE = 0;
  let i = 0;
  for (; i < n; i++) {
    const qm = b.qm[i]!;
    if (qm !== qm) break;
    const r = entryParts(tick, b, i, s, qm);
    if (r === ENTRY_ZERO) continue;
    if (r === ENTRY_NOT_SMALL) break;
    const xm = XP[0]!;
    let pm = qm * xm;
    if (!(Math.abs(pm) <= MAX)) break;
    if (pm === 0) continue;
    let pe = b.qe[i]! + XP[1]!;
    if (accM === 0) {
      accM = pm;
      accE = pe;
      continue;
    }
    if (pe > accE) {
      const k = pe - accE;
      const scaledAcc = k <= 22 ? accM * P10[k]! : Infinity;
      if (!(Math.abs(scaledAcc) <= MAX)) break;
      accM = scaledAcc;
      accE = pe;
    } else if (pe < accE) {
      const k = accE - pe;
      pm = k <= 22 ? pm * P10[k]! : Infinity;
      if (!(Math.abs(pm) <= MAX)) break;
      pe = accE;
    }
    if (!(Math.abs(accM) + Math.abs(pm) <= MAX)) break;
    accM += pm;
  }
  if (i === n) return small(accM, accE);
  return scenarioPnlBig(tick, b, s, i, accM, accE);
}

const BIG_P10: bigint[] = [];
const TEN40 = 10n ** 40n;
function bigP10(k: number): bigint {
  return (BIG_P10[k] ??= 10n ** BigInt(k));
}

/**
 * {@link scenarioPnl} from entry `from` on, where the small sum stopped (`accM 10^-accE` so far),
 * exactly in BigInt: in the fast pass too, since as an interval a 1e5 loss at 16 places is too wide
 * to decide a 9-place requirement and the whole account would take the wide retry for want of this
 * one sum. The usual case is a unit of options of very different sizes (12-digit values ten or more
 * places apart do not align below 2^53): their values are read from the tick's table as in the fast
 * path and summed as one integer (no kernel value per entry). An entry that is not a small quantity
 * times a small decimal, or a sum reaching 40 digits (which `add` marks as the Decimal layer's rounded
 * one), takes the sum in kernel values instead ({@link scenarioPnlKV}).
 */
function scenarioPnlBig(tick: KernelTick, b: EntryBuffer, s: number, from: number, accM: number, accE: number): KV {
  const n = b.n;
  let acc = BigInt(accM);
  let accBigE = accE;
  for (let j = from; j < n; j++) {
    const qm = b.qm[j]!;
    if (qm !== qm) return scenarioPnlKV(b, s, from, accM, accE);
    const r = entryParts(tick, b, j, s, qm);
    if (r === ENTRY_ZERO) continue;
    if (r === ENTRY_NOT_SMALL) return scenarioPnlKV(b, s, from, accM, accE);
    const xm = XP[0]!;
    const xe = XP[1]!;
    if (xm === 0 || qm === 0) continue;
    const pf = qm * xm;
    let pm = Math.abs(pf) <= MAX ? BigInt(pf) : BigInt(qm) * BigInt(xm);
    const pe = b.qe[j]! + xe;
    if (pe > accBigE) {
      acc *= bigP10(pe - accBigE);
      accBigE = pe;
    } else if (pe < accBigE) pm *= bigP10(accBigE - pe);
    acc += pm;
    if (acc >= TEN40 || acc <= -TEN40) return scenarioPnlKV(b, s, from, accM, accE);
  }
  return fromScaledBig(acc, accBigE);
}

/** {@link scenarioPnl} from entry `from` on in kernel values (exact: in wide mode), from the small sum so far. */
function scenarioPnlKV(b: EntryBuffer, s: number, from: number, accM: number, accE: number): KV {
  const n = b.n;
  const rest = (): KV => {
    let total = small(accM, accE);
    for (let j = from; j < n; j++) total = add(total, entryPnl(b, j, s));
    return total;
  };
  return inWide() ? rest() : inWideMode(rest);
}

/**
 * Scan risk of the buffer's entries over `[s0, s1)`: the shared float scan's candidates (on the vector
 * after the unit's aggregated-vector rules, by the shared float rule, where the unit has such rules), recomputed
 * exactly (each candidate's total through the same rule in kernel numbers); the max, at least 0.
 */
function scanAmount(tick: KernelTick, b: EntryBuffer, s0: number, s1: number, rules?: KernelAggregateRules): KV {
  const n = b.n;
  const len = Math.max(0, s1 - s0);
  if (vector.length < len) {
    vector = new Float64Array(len);
    losses = new Float64Array(len);
    candidates = new Int32Array(len);
  }
  if (len === 0 || n === 0) return ZERO;
  // The sums and the candidate search in one pass (no vector kept: `vector` holds partial sums only).
  const count = scanPass(n, b.qf, b.pnl, s0, len, undefined, vector, tick.arrays.weights, s0, scanScale(n, b.qf, b.maxAbs), tick.largestWeight(s0, len), losses, candidates, rules?.float);
  let best: KV | undefined;
  for (let c = 0; c < count; c++) {
    const s = candidates[c]!;
    const r = rules?.exact[s];
    // The rule acts on the P&L; the loss is its negation.
    const pnl = scenarioPnl(tick, b, s);
    const x = neg(r ? aggregatedPnl(KA, pnl, r) : pnl);
    const weighted = mul(x, tick.weightDec(s));
    const wd = tick.weightDiv(s);
    const loss = wd ? div(weighted, wd) : weighted;
    best = best === undefined ? loss : max(best, loss);
  }
  return max(best!, ZERO);
}

/**
 * The underlyings of the buffer's entries (the unit's, as the plan groups them), in key order: the
 * one underlying itself (no array) when every entry moves with it, the usual unit.
 */
function bufferUnderlyings(b: EntryBuffer): string | string[] {
  const first = b.arr[0]!.underlying;
  let out: string[] | undefined;
  for (let i = 1; i < b.n; i++) {
    const u = b.arr[i]!.underlying;
    if (u === first || out?.includes(u)) continue;
    (out ??= [first]).push(u);
  }
  return out ? out.sort(compareKeys) : first;
}

/**
 * The unit's holdings at this tick as Holding objects (for the add-ons that are not planned yet, whose
 * inputs move with the tick): its position entries, in symbol order, read through {@link TickHoldings}.
 */
function holdingsAt(tick: KernelTick, b: EntryBuffer): Holding<KV>[] {
  const out: Holding<KV>[] = [];
  for (let i = 0; i < b.n; i++) {
    if (b.kind[i] !== E_POSITION) continue;
    const inst = tick.instrument(b.key[i]!).inst;
    out.push({ symbol: inst.symbol, kind: inst.kind, underlying: inst.underlying, units: HELD.units(i), unitPrice: HELD.unitPrice(i), delta: HELD.delta(i), right: inst.right, strike: inst.strike, expiryMs: inst.expiryMs });
  }
  return out;
}

/**
 * The unit's holdings at this tick as the planned add-ons read them (by index of the unit's position
 * entries, which are its holdings in symbol order): read from the decoded entries and the tick, with
 * no Holding per position. One object, re-aimed at each unit (the kernel is synchronous).
 */
class TickHoldings implements RollShockValues<KV>, DeltaShockValues<KV> {
  private tick!: KernelTick;
  private c!: CompiledAccount;
  /** The add-on block being computed (its roll-shock rates). */
  block!: KernelAddOns;
  // Units of underlying, computed once per unit and tick (both shocks read a future's).
  private units_: KV[] = [];
  private stamp = new Float64Array(64);
  private gen = 0;

  set(tick: KernelTick, c: CompiledAccount): void {
    this.tick = tick;
    this.c = c;
    this.gen++;
  }

  units(i: number): KV {
    if (i >= this.stamp.length) {
      const s = new Float64Array(this.stamp.length * 2);
      s.set(this.stamp);
      this.stamp = s;
    }
    if (this.stamp[i] === this.gen) return this.units_[i]!;
    const idx = buf.key[i]!;
    const ki = this.tick.instrument(idx);
    const u = holdingUnits(KA, valueAt(this.c.I, this.c.side ?? NO_KV, buf.ref[i]!), this.tick.table.size[idx]!, ki.inst, () => ki.forward);
    this.stamp[i] = this.gen;
    return (this.units_[i] = u);
  }

  unitPrice(i: number): KV {
    return this.tick.instrument(buf.key[i]!).unitPrice;
  }

  delta(i: number): number {
    const ki = this.tick.instrument(buf.key[i]!);
    return holdingDelta(buf.qf[i]!, buf.delta[i]!, ki.deltaConversion);
  }

  rate(i: number): KV {
    return this.tick.rollShockRateOf(this.block, buf.key[i]!);
  }

  index(i: number): KV {
    return this.tick.underlyingIndexOf(buf.key[i]!);
  }
}
const HELD = new TickHoldings();
/** The add-on plan being read, unpacked (reused: the kernel is synchronous). */
let planBuffer: Int32Array = new Int32Array(64);

/** The offset just past `count` packed add-ons at `k`. */
function skipAddOns(I: Int32Array, k: number, count: number): number {
  for (let j = 0; j < count; j++) {
    const n = I[k + 1]!;
    k += 2 + (n === ADD_FIXED ? 1 : n === ADD_MOVING ? 0 : n === ADD_PLANNED ? intListSize(I, k + 2) : 2 * n);
  }
  return k;
}

/**
 * The unit's add-ons of one parameter block in kernel numbers: the same parts, order and application
 * as the Decimal layer's list (static parts precomputed at compile; moving ones from the holdings).
 */
function addOnAmounts(tick: KernelTick, c: CompiledAccount, k: number, count: number, a: AddOnParams, scan: KV, holdings: () => Holding<KV>[], into: AddOnList): { apply: 'add' | 'floor'; amount: KV }[] {
  const I = c.I;
  const side = c.side ?? NO_KV;
  const rates = tick.addOns(a);
  const out = into.list;
  for (let j = 0; j < count; j++) {
    const kind = ADD_ON_ORDER[I[k]! >> 1]!;
    const apply = I[k]! & 1 ? 'floor' : 'add';
    const n = I[k + 1]!;
    k += 2;
    let amount: KV;
    if (n === ADD_FIXED) {
      amount = valueAt(I, side, I[k]!);
      k += 1;
    } else if (n === ADD_PLANNED) {
      // The shared plan, made at compile: only the tick's values and the arithmetic here.
      const plan = (planBuffer = intListAt(I, k, planBuffer));
      k += intListSize(I, k);
      HELD.block = rates;
      if (kind === 'rollShock') amount = rollShockSum(plan, HELD, rates.rollShockTerms, buf.key);
      else if (kind === 'deltaShock') amount = deltaShockOf(KA, plan, HELD, rates.deltaShock!, false).amount;
      else throw NOT_COVERED;
    } else if (n >= 0) {
      // sum over parts of (units * rate) * price: the rate was applied at compile.
      PARTS.reset();
      let sum: KV | undefined;
      for (let p = 0; p < n; p++, k += 2) {
        const units = valueAt(I, side, I[k + 1]!);
        const price = tick.instrument(I[k]!).unitPrice;
        if (sum === undefined) {
          PARTS.addProduct(units, price);
          if (PARTS.ok) continue;
          sum = PARTS.value();
        }
        sum = add(sum, mul(units, price));
      }
      sum ??= PARTS.value();
      amount = kind === 'concentration' ? concentrationOf(KA, sum, rates.concentrationBands!, rates.concentrationRate!).amount : sum;
    } else if (kind === 'shortOptionMinimum') amount = ratedSum(KA, shortOptionParts(KA, holdings(), a.shortOptionMinimum!.netting), rates.shortOptionRate!, unitPriceOf);
    else if (kind === 'nakedShortOption') amount = ratedSum(KA, nakedShortParts(KA, holdings()), rates.nakedRate!, unitPriceOf);
    else if (kind === 'deltaContingency') amount = deltaContingencyAmount(KA, deltaContingencyParts(KA, holdings()), rates.netDeltaRate!, rates.grossOptionRate!, unitPriceOf);
    else if (kind === 'calendarSpread') amount = ratedSum(KA, calendarSpreadParts(KA, holdings(), a.calendarSpread!.includeOptions), rates.calendarRate!, unitPriceOf);
    else if (kind === 'concentration') amount = concentrationOf(KA, concentrationMeasure(KA, a.concentration!.measure === 'grossNotional' ? holdings() : [], a.concentration!.measure, scan), rates.concentrationBands!, rates.concentrationRate!).amount;
    else if (kind === 'minimum') amount = holdsAny(KA, holdings()) ? rates.minimum! : ZERO;
    else throw NOT_COVERED;
    let o = into.pool[j];
    if (o === undefined) into.pool[j] = o = { apply, amount };
    else {
      o.apply = apply;
      o.amount = amount;
    }
    out[j] = o;
  }
  // Most units have as many add-ons as the last one: no change of length (a builtin call) then.
  if (out.length !== count) out.length = count;
  return out;
}

/**
 * A unit's add-on list of one block (MM or IM), reused unit after unit with its entries (the list is
 * read by the unit's requirement before the next unit's; the kernel is synchronous).
 */
interface AddOnList {
  list: { apply: 'add' | 'floor'; amount: KV }[];
  pool: { apply: 'add' | 'floor'; amount: KV }[];
}
const ADD_MM: AddOnList = { list: [], pool: [] };
const ADD_IM: AddOnList = { list: [], pool: [] };
const unitPriceOf = (h: Holding<KV>): KV => h.unitPrice;

/**
 * This tick's coin amounts of the inverse futures entered at the mark, by the shared netting rule in
 * Decimal (the Decimal layer's 40-digit quotient, and the float64 it reads from it, are what the float
 * scan and the exact recheck must see).
 */
function tickCoins(c: CompiledAccount, tick: KernelTick): { q: KV; qf: number }[] {
  const I = c.I;
  const lines = linesOf(c);
  const out: { q: KV; qf: number }[] = [];
  for (let j = 0, k = I[H_DYN]!; j < I[H_NDYN]!; j++, k++) {
    const inst = I[k]!;
    const coin = decimalCoin(lines, inst, tick.table.symbols[inst]!, tick);
    // The plan was shaped with a non-zero coin amount; a tick that cancels it changes the plan.
    if (coin.isZero()) throw NOT_COVERED;
    out.push({ q: fromDecimal(coin), qf: coin.toNumber() });
  }
  return out;
}

/** A unit's add-on counts and offsets (see {@link unitParts}). */
interface UnitParts {
  nMm: number;
  nIm: number;
  mm: number;
  im: number;
  /** The unit's MM and IM scans, made ahead of its requirement (see {@link unitScan}); no MM scan: a unit taken from the check's memo. */
  mmScan: { loss: KV } | undefined;
  imScan: { loss: KV } | undefined;
}
/** The UnitParts objects of a batch's units, re-aimed at each batch (read by the unit's layer before the next batch's). */
const PARTS_OF_UNIT: UnitParts[] = [];

/** A unit's counts and offsets (kept as the batch's unit `t`); its entries are decoded into `into` (which gives where the add-ons start). */
function unitParts(tick: KernelTick, c: CompiledAccount, u: number, into: EntryBuffer, coins: readonly { q: KV; qf: number }[] | undefined, t: number): UnitParts {
  const I = c.I;
  const out = (PARTS_OF_UNIT[t] ??= { nMm: 0, nIm: 0, mm: 0, im: 0, mmScan: undefined, imScan: undefined });
  out.nMm = I[u + 1]!;
  out.nIm = I[u + 2]!;
  out.mm = into.decode(tick, c, u + 3, I[u]!, coins);
  out.im = out.nIm >= 0 ? skipAddOns(I, out.mm, out.nMm) : -1;
  return out;
}

/** Compares two decoded entries as the plan orders them (positions, coins, collateral; then key). */
function entryOrder(tick: KernelTick, b: EntryBuffer): number[] {
  const kindOf = (i: number) => (b.kind[i] === E_POSITION ? 0 : b.kind[i] === E_COLLATERAL ? 2 : 1);
  const keyOf = (i: number) => (b.kind[i] === E_COLLATERAL ? tick.table.assetNames[b.key[i]!]! : tick.table.symbols[b.key[i]!]!);
  const idx = Array.from({ length: b.n }, (_, i) => i);
  return idx.sort((x, y) => compareEntries({ kind: KINDS[kindOf(x)]!, key: keyOf(x) }, { kind: KINDS[kindOf(y)]!, key: keyOf(y) }));
}
const KINDS = ['position', 'coin', 'collateral'] as const;

/**
 * The kernel's layer for the shared unit rule (unitRequirement): the scan and add-ons of the unit being
 * computed. One object, re-aimed at each unit (no closures per unit; the kernel is synchronous).
 */
class KernelLayer implements UnitLayer<KV, { loss: KV }, { apply: 'add' | 'floor'; amount: KV }> {
  private tick!: KernelTick;
  private c!: CompiledAccount;
  private u!: UnitParts;
  private imBlock: AddOnParams | undefined;
  private held: Holding<KV>[] | undefined;
  /** Add-on lists made for the unit so far. */
  private lists = 0;
  private readonly holdings = (): Holding<KV>[] => (this.held ??= holdingsAt(this.tick, buf));

  set(tick: KernelTick, c: CompiledAccount, u: UnitParts, imBlock: AddOnParams | undefined): void {
    this.tick = tick;
    this.c = c;
    this.u = u;
    this.imBlock = imBlock;
    this.held = undefined;
    this.lists = 0;
    HELD.set(tick, c);
  }

  scan(which: 'mm' | 'im'): { loss: KV } | undefined {
    return which === 'mm' ? this.u.mmScan : this.u.imScan;
  }

  addOns(params: AddOnParams, scan: KV): { apply: 'add' | 'floor'; amount: KV }[] {
    const u = this.u;
    // The unit's first list (MM) and second (IM, which may be of the same block) are kept apart.
    const into = this.lists++ === 0 ? ADD_MM : ADD_IM;
    if (params === this.tick.r.margin.addOns) return addOnAmounts(this.tick, this.c, u.mm, u.nMm, params, scan, this.holdings, into);
    return params === this.imBlock ? addOnAmounts(this.tick, this.c, u.im, u.nIm, params, scan, this.holdings, into) : [];
  }
}
const LAYER = new KernelLayer();

/**
 * The layer's scan of the unit decoded into `b` (made for its units ahead of their requirements, see
 * kernelFigures): over the MM scenarios, or the IM ones (undefined when the set has none).
 */
function unitScan(tick: KernelTick, b: EntryBuffer, which: 'mm' | 'im'): { loss: KV } | undefined {
  const range = which === 'mm' ? tick.mmRange : tick.imRange;
  if (!range && which === 'im') return undefined;
  const [s0, s1] = range ?? [0, 0];
  // Aggregated-vector step, when the spec has one (the Decimal layer's unitScan, with the same rules).
  const spec = which === 'mm' ? tick.r.margin.scenarios : tick.r.margin.initialMargin.scenarios;
  const rules = spec?.aggregate && b.n > 0 ? tick.aggregateRules(bufferUnderlyings(b), s0, s1) : undefined;
  // A new result object, not a reused one: the loss is a young value, and its store into a
  // long-lived object would take the write barrier's slow path (more than the allocation). The
  // unit's parts hold the result (one such store per scan, where a list of the batch's scans cost
  // more code than the two stores).
  return { loss: scanAmount(tick, b, s0, s1, rules) };
}

/**
 * Units computed in one batch: their entries decoded and scanned one after another, then their
 * requirements (add-ons and the shared unit rule). The scans' code (decode, the float pass, the exact
 * recheck) then stays in the instruction cache from one unit to the next instead of being fetched
 * again after each unit's add-ons have displaced it: the same computations, each unit's in the same
 * order, from entries that are a pure function of the account and the tick.
 */
const UNIT_BATCH = 8;

const POSITIONS = new LimbSum();
/** The units' amounts of the account being computed (the array reused account after account). */
const UNITS: UnitAmounts<KV>[] = [];
/** The objects the pre-trade check's kept amounts are copied into, reused account after account. */
const UNIT_POOL: UnitAmounts<KV>[] = [];
const PARTS = new SmallSum();
const WANT_REST = { unitIm: false, rest: true };
const WANT_NONE = { unitIm: false, rest: false };
// With MM from IM in portfolio mode the account's MM is the fraction of its IM: the units' MM are not read.
const WANT_REST_NO_MM = { unitIm: false, rest: true, unitMm: false };
const WANT_NONE_NO_MM = { unitIm: false, rest: false, unitMm: false };

/** Whether a kernel value is a small exact decimal the Decimal layer holds as is (`m 10^-e`, untainted). */
function plain(v: KV): boolean {
  return v.k === 0 && v.d === 1 && v.t === 0;
}

/**
 * Futures P&L + option value + funding of the cross lines (the Decimal layer's `positionEquity` per
 * line, summed) into the limb accumulator `into`, without allocating: `into.ok` turns false at a term
 * it does not take (a wide quantity, an inverse future's P&L: 1/E - 1/F does not terminate), and the
 * caller then has {@link positionsEquity} compute it with kernel values. The same walk of the lines
 * makes the per-tick check of each line's instrument (checkAccount's and the market-data rule's).
 * @throws NOT_COVERED when a line's instrument is not usable at this tick.
 */
function positionsSum(tick: KernelTick, c: CompiledAccount, nLines: number, into: LimbSum): void {
  const I = c.I;
  const T = termsOf(tick);
  into.reset();
  for (let j = 0, k = I[H_LINESAT]!; j < nLines; j++) k = lineTerms(tick, T, I, k, 1, into);
}

/**
 * Each instrument's factors of the positions sum at one tick ({@link lineTerms} reads them), by table
 * index, TERM_STRIDE floats from `TERM_STRIDE x index`: its status (TERM_*), then two factors as
 * mantissa and exponent and the settlement price C likewise. An option: its value for a long quantity
 * (markValue) and for a short one (markValueUp); a linear future: its contract size and forward. A
 * mantissa is NaN where the tick's value is not a small exact decimal (the line's sum then fails).
 * Read from the tick's kernel values and checked once per tick instead of once per line; filled on
 * first use (TERM_UNSET). Memory: 64 B per instrument of the table per shared tick (32 kB at 500
 * instruments, 320 kB at 5,000), whatever the books hold; it goes with the tick, which an engine keeps
 * for its snapshot (the risk arrays already hold 8 B per instrument per scenario).
 */
const TERM_STRIDE = 8;
const TERM_UNSET = 0;
/** The instrument is not usable at this tick (NOT_COVERED). */
const TERM_UNUSABLE = 1;
/** C is not a small exact decimal: a line with a quantity fails the sum (its caller then sums in kernel values). */
const TERM_NO_C = 2;
const TERM_OPTION = 3;
const TERM_LINEAR = 4;
/** An inverse future, or a linear one whose size or forward is not a small exact decimal: a line with an entry fails the sum (one entered at the mark has no P&L). */
const TERM_FUTURE = 5;
/** A tick of one call's factors, one line at a time (see {@link termsOf}). */
const TERM_SCRATCH = new Float64Array(TERM_STRIDE);

/** The tick's factors (see {@link TERM_STRIDE}), kept on it; undefined on a tick of one call (a table by index is sized by the instrument table, not the book). */
function termsOf(tick: KernelTick): Float64Array | undefined {
  if (!tick.shared) return undefined;
  return (tick.lineTerms ??= new Float64Array(TERM_STRIDE * tick.table.insts.length));
}

/** Instrument `idx`'s factors at `o` of `T` (see {@link TERM_STRIDE}); its status. */
function termFactors(tick: KernelTick, T: Float64Array, o: number, idx: number): number {
  if (tick.usable(idx) !== 1) return (T[o] = TERM_UNUSABLE);
  const ki = tick.instrument(idx);
  const C = ki.settlementPrice;
  if (!plain(C)) return (T[o] = TERM_NO_C);
  let a: KV;
  let b: KV;
  if (ki.kind === OPTION) (a = ki.markValue), (b = ki.markValueUp);
  else if (ki.kind === LINEAR_FUTURE) (a = tick.table.size[idx]!), (b = ki.forward);
  else return (T[o] = TERM_FUTURE);
  const option = ki.kind === OPTION;
  if (!option && !(plain(a) && plain(b))) return (T[o] = TERM_FUTURE);
  (T[o + 1] = plain(a) ? a.m : NaN), (T[o + 2] = a.e), (T[o + 3] = plain(b) ? b.m : NaN), (T[o + 4] = b.e), (T[o + 5] = C.m), (T[o + 6] = C.e);
  return (T[o] = option ? TERM_OPTION : TERM_LINEAR);
}

/**
 * The terms of the line at `k` of `I` (see {@link positionsSum}) added to `into`, times `sg` (+1, or
 * -1 to take a line's terms out of a sum that holds them): q x its instrument's value (options) or P&L
 * (linear futures entered away from the mark), and its funding; returns the offset of the next line.
 * `T`: the tick's factors (termsOf; undefined: read here, line by line).
 * @throws NOT_COVERED when the line's instrument is not usable at this tick.
 */
function lineTerms(tick: KernelTick, T: Float64Array | undefined, I: Int32Array, k: number, sg: number, into: LimbSum): number {
  const l = lineAt(I, k);
  const idx = l.inst;
  let o = TERM_STRIDE * idx;
  let st: number;
  if (T === undefined) st = termFactors(tick, (T = TERM_SCRATCH), (o = 0), idx);
  else if ((st = T[o]!) === TERM_UNSET) st = termFactors(tick, T, o, idx);
  if (st === TERM_UNUSABLE) throw NOT_COVERED;
  const end = l.end;
  // An isolated line counts in its own equity, not the cross sums.
  // (`ok` compared with false: a field's `!` is a generic ToBoolean.)
  if (l.isolated >= 0 || into.ok === false) return end;
  const { q, entry, funding } = l;
  if (funding >= 0) {
    if (isWide(I, funding)) into.fail();
    else into.addProduct(sg * mantissaAt(I, funding), exponentAt(I, funding), 1, 0, 1, 0, 1, 0);
  }
  if (isWide(I, q)) {
    into.fail();
    return end;
  }
  const qm = mantissaAt(I, q);
  if (qm === 0) return end;
  const qe = exponentAt(I, q);
  // The terms' factors: q x value x C (an option), or q x size x F x C then -q x size x E x C (a linear
  // future entered away from the mark: q * size * (F - E) * C as two products). One call site of
  // addProduct for all three, so that the optimiser inlines it once within its budget (two more sites
  // were real calls, eight floats boxed each).
  let m1 = sg * qm;
  let m2: number;
  let e2: number;
  let m3: number;
  let e3: number;
  let m4 = 1;
  let e4 = 0;
  if (st === TERM_OPTION) {
    const v = qm > 0 ? o + 1 : o + 3;
    if (T[v] !== T[v]) {
      into.fail();
      return end;
    }
    (m2 = T[v]!), (e2 = T[v + 1]!), (m3 = T[o + 5]!), (e3 = T[o + 6]!);
  } else if (st === TERM_NO_C) {
    into.fail();
    return end;
  } else if (entry < 0) return end;
  // A future entered at the mark has no P&L.
  else if (st !== TERM_LINEAR || isWide(I, entry)) {
    into.fail();
    return end;
  } else (m2 = T[o + 1]!), (e2 = T[o + 2]!), (m3 = T[o + 3]!), (e3 = T[o + 4]!), (m4 = T[o + 5]!), (e4 = T[o + 6]!);
  for (let more = st === TERM_LINEAR; ; more = false) {
    into.addProduct(m1, qe, m2, e2, m3, e3, m4, e4);
    if (!more) return end;
    (m1 = -m1), (m3 = mantissaAt(I, entry)), (e3 = exponentAt(I, entry));
  }
}

/** The offset just past the line at `k` of `I`, or its negation when one of its values is wide (such a line never matches another: its value is in its own account's side). */
function lineEnd(I: Int32Array, k: number): number {
  const l = lineAt(I, k);
  return l.wide ? -l.end : l.end;
}

/** Whether the lines `[a, ae)` of `A` and `[b, be)` of `B` are the same line, int for int (neither wide: ends positive). */
function sameLine(A: Int32Array, a: number, ae: number, B: Int32Array, b: number, be: number): boolean {
  if (ae < 0 || be < 0 || ae - a !== be - b) return false;
  for (; a < ae; a++, b++) if (A[a] !== B[b]) return false;
  return true;
}

/**
 * {@link positionsSum} of the account `c` after trades, from the sum of the account `base` before them
 * (`saved`: its LimbSum state at this tick, see LimbSum.save): the lines the two share, int for int,
 * cancel; the base's other lines are taken out and `c`'s other lines added, so that a trade costs its
 * own lines, not the whole book. Exact whatever lines the trades touched (a line is either matched with
 * an identical one or summed); the trade model keeps the untouched lines in their order, shrunk lines
 * in place and opened lines last, which the walk follows. The sum's 40-digit bound (LimbSum) then
 * counts the removed terms too: an over-estimate of the after-account's own, never an under-estimate.
 * A shared line was checked usable at this tick when `saved` was made; the others are checked here.
 * @throws NOT_COVERED when one of `c`'s other lines is not usable at this tick.
 */
function positionsAfter(tick: KernelTick, c: CompiledAccount, base: CompiledAccount, saved: Float64Array, into: LimbSum): void {
  into.load(saved);
  const T = termsOf(tick);
  const A = c.I;
  const B = base.I;
  let na = A[H_LINES]!;
  let nb = B[H_LINES]!;
  let ka = A[H_LINESAT]!;
  let kb = B[H_LINESAT]!;
  while (na > 0 && nb > 0) {
    const ea = lineEnd(A, ka);
    const eb = lineEnd(B, kb);
    if (sameLine(A, ka, ea, B, kb, eb)) {
      (ka = ea), (kb = eb), na--, nb--;
      continue;
    }
    // The base's line closed (the next one is c's): out; else changed in place: out, and c's in.
    kb = lineTerms(tick, T, B, kb, -1, into);
    nb--;
    if (nb > 0 && sameLine(A, ka, ea, B, kb, lineEnd(B, kb))) continue;
    ka = lineTerms(tick, T, A, ka, 1, into);
    na--;
  }
  for (; nb > 0; nb--) kb = lineTerms(tick, T, B, kb, -1, into);
  for (; na > 0; na--) ka = lineTerms(tick, T, A, ka, 1, into);
}

/**
 * {@link positionsSum} in kernel values (exact, BigInt, in wide mode; else exact or an interval), grouped
 * as the Decimal layer's equityComponents sums: the futures P&L, the option value and the funding each
 * in line order, then `(pnl + options) + funding` (its 40-digit roundings fall on the same sums).
 */
function positionsEquity(tick: KernelTick, c: CompiledAccount): KV {
  let pnl = ZERO;
  let options = ZERO;
  let funding = ZERO;
  for (const l of linesOf(c)) {
    if (l.isolated) continue;
    if (l.funding) funding = add(funding, l.funding);
    if (l.q === ZERO) continue;
    const ki = tick.instrument(l.inst);
    const C = ki.settlementPrice;
    if (ki.kind === OPTION) options = add(options, mul(mul(l.q, sign(l.q) > 0 ? ki.markValue : ki.markValueUp), C));
    else if (l.entry !== undefined) {
      const F = ki.forward;
      const units = mul(l.q, tick.table.size[l.inst]!);
      pnl = add(pnl, mul(mul(units, ki.kind === LINEAR_FUTURE ? sub(F, l.entry) : sub(div(ONE, l.entry), div(ONE, F))), C));
    }
  }
  return add(add(pnl, options), funding);
}

/**
 * The state of the account's positions sum at this tick ({@link positionsSum}, as LimbSum.save keeps
 * it), for the pre-trade check's unit memo (unitMemo.ts); null when the limbs do not hold it or a
 * line's instrument is not usable at this tick. Outside wide mode (the tick's caches are made in the
 * fast pass's numbers). Internal (engine.check, once per kept account: the memo's sum, from which
 * each after-account sums only the lines that differ).
 */
export function positionsState(c: CompiledAccount, tick: KernelTick): Float64Array | null {
  try {
    positionsSum(tick, c, c.I[H_LINES]!, POSITIONS);
  } catch (e) {
    if (e === NOT_COVERED) return null;
    throw e;
  }
  return POSITIONS.save() ?? null;
}

/**
 * The exact positions sum of `c` at this tick ({@link positionsSum}: the cross lines' futures P&L,
 * option value and funding, in settlement currency) as a kernel value, summed whole, or with `base`
 * and `saved` (positionsState of the account before the trades) as the pre-trade check sums it
 * ({@link positionsAfter}); undefined when the limbs do not hold it. Internal: what the tests hold the
 * incremental sum to, exactly (a figure rounded to 9 places would hide a wrong 12th place).
 */
export function positionsValue(c: CompiledAccount, tick: KernelTick, base?: CompiledAccount, saved?: Float64Array): KV | undefined {
  if (base !== undefined && saved !== undefined) positionsAfter(tick, c, base, saved, POSITIONS);
  else positionsSum(tick, c, c.I[H_LINES]!, POSITIONS);
  return POSITIONS.value(0, 0);
}

/**
 * The figures of a compiled account at a tick, computed by the kernel (`exact: 'kernel'`); with
 * `counts`, their counts of 10^-dp too (set `ok` when the fast pass made them, see FigureCounts).
 * @throws UNDECIDED or NOT_COVERED (the caller serves the account from the Decimal path).
 */
export function kernelFigures(c: CompiledAccount, tick: KernelTick, reuse?: UnitReuse, counts?: FigureCounts): AccountFigures {
  if (c.notCovered !== undefined || tick.coverage !== undefined || c.params !== tick.r.margin) throw NOT_COVERED;
  const p = tick.r.margin;
  const I = c.I;
  const side = c.side ?? NO_KV;
  // Per-tick checks (checkAccount's and the market-data rule's): anything to report goes to the Decimal path.
  // The lines' instruments are checked by the walk that sums their equity (read after the margin).
  const nLines = I[H_LINES]!;
  // The pre-trade check's kept amounts (unitMemo.ts): fast pass only.
  const memo = reuse !== undefined && !inWide() ? reuse : undefined;
  // Its saved sum is taken at the tick it was made at only.
  const saved = memo !== undefined && memo.tick === tick ? memo.sum : undefined;
  if (memo?.from !== undefined && saved && memo.base) positionsAfter(tick, c, memo.base, saved, POSITIONS);
  // The memo account itself: its kept sum (its lines were checked usable at this tick when it was made).
  else if (memo !== undefined && saved && c === memo.base) POSITIONS.load(saved);
  else {
    positionsSum(tick, c, nLines, POSITIONS);
    if (memo !== undefined && memo.from === undefined && memo.sum === undefined && c === memo.base) (memo.sum = POSITIONS.save() ?? null), (memo.tick = tick);
  }
  for (let j = 0, k = I[H_COLL]!; j < I[H_NCOLL]!; j++) {
    const zero = isZeroAt(I, k + 1);
    const asset = I[k]!;
    k += 1 + valueSize(I, k + 1);
    if (zero) continue;
    const a = tick.assetAt(asset);
    if (!a.ok || a.flagged) throw NOT_COVERED;
  }
  for (let j = 0, k = I[H_TIES]!; j < I[H_NTIES]!; j++, k += 2) {
    const u = I[k + 1]!;
    if (tick.assetAt(I[k]!).tie !== (u < 0 ? '' : tick.table.assetNames[u])) throw NOT_COVERED;
  }
  if (c.settlementCurrency !== tick.m.settlementCurrency) throw NOT_COVERED;

  // Margin: every unit through the shared rules, then the account.
  const groups = tick.arrays.scenarioSet.groups;
  const coins = I[H_NDYN]! > 0 ? tickCoins(c, tick) : undefined;
  const imBlock = p.initialMargin.addOns;
  const nUnits = I[H_NUNITS]!;
  // The units' amounts (read by accountRequirement below, kept by nothing).
  // Unit j at index j (every unit is set below); the length is set after, only when it changes (a builtin call).
  const units = UNITS;
  const unitMm = p.mode !== 'portfolio' || tick.factors.maintenanceOfInitial === undefined;
  const credits = p.mode === 'portfolio' && p.interUnitCredits.length > 0;
  const want = p.joint.length ? (unitMm ? WANT_REST : WANT_REST_NO_MM) : unitMm ? WANT_NONE : WANT_NONE_NO_MM;
  // The pre-trade check (with kept amounts) one unit at a time: its takes and puts in the memo keep their order.
  const batch = memo ? 1 : UNIT_BATCH;
  for (let j0 = 0; j0 < nUnits; j0 += batch) {
    const j1 = Math.min(nUnits, j0 + batch);
    for (let j = j0; j < j1; j++) {
      const t = j - j0;
      // The pre-trade check's kept amounts of units it copied.
      const from = memo ? (memo.from ? memo.from[j]! : j) : -1;
      if (from >= 0) {
        const o = (UNIT_POOL[j] ??= { id: '', mm: ZERO, imBase: ZERO, restMm: ZERO, restIm: ZERO, scanMm: ZERO, scanIm: ZERO, delta: 0 });
        if (takeUnit(memo!, from, o)) {
          o.id = c.unitIds[j]!;
          units[j] = o;
          // No scan in its parts: the requirements below pass the unit by (its amounts are taken).
          if (PARTS_OF_UNIT[t]) PARTS_OF_UNIT[t].mmScan = undefined;
          continue;
        }
      }
      const b = (BUFS[t] ??= new EntryBuffer());
      b.reset();
      const u = unitParts(tick, c, I[I[H_UNITS]! + j]!, b, coins, t);
      // The shared unit rule asks for MM's scan, then IM's (see unitRequirement).
      u.mmScan = unitScan(tick, b, 'mm');
      u.imScan = unitScan(tick, b, 'im');
    }
    for (let j = j0; j < j1; j++) {
      const t = j - j0;
      const u = PARTS_OF_UNIT[t];
      if (u?.mmScan === undefined) continue;
      buf = BUFS[t]!;
      LAYER.set(tick, c, u, imBlock);
      const r = unitRequirement(KA, LAYER, p, tick.factors, want);
      // The unit's delta is read by inter-unit credits only (as the unit memo keeps it).
      const delta = credits ? unitDelta(buf.n, buf.qf, buf.delta) : 0;
      // A new object, not a reused one: its amounts are young values, and each store of one into a
      // long-lived object takes the write barrier's slow path (one store into UNITS instead of six).
      const o: UnitAmounts<KV> = { id: c.unitIds[j]!, mm: r.mm, imBase: r.imBase, restMm: r.restMm, restIm: r.restIm, scanMm: r.mmCharge, scanIm: r.imCharge, delta };
      if (memo) {
        const from = memo.from ? memo.from[j]! : j;
        if (from >= 0) putUnit(memo, from, o);
      }
      units[j] = o;
    }
  }
  if (units.length !== nUnits) units.length = nUnits;
  const req = accountRequirement(
    KA,
    p,
    units,
    groups,
    (members, s0, s1) => {
      // A joint set: its members' entries together, in the plan's canonical order.
      buf.reset();
      for (const j of members) unitParts(tick, c, I[I[H_UNITS]! + j]!, buf, coins, 0);
      const order = entryOrder(tick, buf);
      const sorted = new EntryBuffer();
      // What the scan reads of an entry (not its key, value offset or delta).
      for (const i of order) {
        const t = sorted.n++;
        if (t >= sorted.qm.length) sorted.grow();
        sorted.qm[t] = buf.qm[i]!;
        sorted.qe[t] = buf.qe[i]!;
        sorted.qv[t] = buf.qv[i];
        sorted.qf[t] = buf.qf[i]!;
        sorted.arr[t] = buf.arr[i]!;
        sorted.pnl[t] = buf.pnl[i]!;
        sorted.maxAbs[t] = buf.maxAbs[i]!;
        sorted.kind[t] = buf.kind[i]!;
      }
      return { amount: scanAmount(tick, sorted, s0, s1) };
    },
    tick.factors,
  );
  const dp = tick.dp;

  // Equity: collateral lines, then positions (exact sums: the order does not change them).
  let value = ZERO;
  let initialValue = ZERO;
  let maintenanceValue = ZERO;
  let borrow = ZERO;
  for (let j = 0, k = I[H_COLL]!; j < I[H_NCOLL]!; j++) {
    const asset = I[k]!;
    const balance = valueAt(I, side, k + 1);
    k += 1 + valueSize(I, k + 1);
    if (balance === ZERO) continue;
    const v = collateralLineValues(KA, balance, tick.assetAt(asset).price!, tick.haircutAt(asset), tick.borrowTiers);
    // Totals that have been the same value so far stay one object while the lines add the same value
    // to them (no haircut), so that the equities below are read once.
    const sum = add(value, v.value);
    initialValue = initialValue === value && v.initialValue === v.value ? sum : add(initialValue, v.initialValue);
    maintenanceValue = maintenanceValue === value && v.maintenanceValue === v.value ? sum : add(maintenanceValue, v.maintenanceValue);
    value = sum;
    borrow = add(borrow, v.borrowCharge);
  }
  // The equities rounded down to dp places, read from the positions' exact limb sum (made by the
  // line check above) plus each collateral total (one reading per distinct total: without a haircut
  // they are the same value); where that cannot answer, the same sums in kernel values.
  const eq = POSITIONS.scaled(dp, false, value);
  const ie = initialValue === value ? eq : POSITIONS.scaled(dp, false, initialValue);
  const me = maintenanceValue === initialValue ? ie : maintenanceValue === value ? eq : POSITIONS.scaled(dp, false, maintenanceValue);
  if (eq === eq && ie === ie && me === me) {
    return inWide() ? figuresFrom(WIDE_COUNTS, c, tick, req, borrow, BigInt(eq), BigInt(ie), BigInt(me)) : figuresFrom(SAFE_COUNTS, c, tick, req, borrow, eq, ie, me, counts);
  }
  const rest = positionsEquity(tick, c);
  const figures = <N extends number | bigint>(C: Counts<N>, r: KV) => figuresFrom(C, c, tick, req, borrow, C.scaled(add(value, r), dp, false), C.scaled(add(initialValue, r), dp, false), C.scaled(add(maintenanceValue, r), dp, false), counts);

  // The figures as counts of 10^-dp: safe integers in the fast pass, BigInts in the wide retry (a whale at 9 places).
  if (inWide()) return figures(WIDE_COUNTS, rest);
  try {
    return figures(SAFE_COUNTS, rest);
  } catch (e) {
    // A positions' sum the limbs could not take, as an interval (a wide input, an inverse future's
    // P&L): too wide to decide a rounding at 9 places. The same sum exact (BigInt, the wide retry's
    // own arithmetic) decides it, without recomputing the requirement, which is already exact here
    // (only its interval forms send the account to the whole retry).
    if (e !== UNDECIDED || rest.k !== 2 || req.im.k === 2 || req.mm.k === 2 || borrow.k === 2) throw e;
  }
  return figures(SAFE_COUNTS, inWideMode(() => positionsEquity(tick, c)));
}

/**
 * The counts of 10^-dp behind figures the kernel made in safe integers, filled by the call that is
 * handed this object (kernelFigures' `counts`): the pre-trade check takes the after-account's
 * differences from them (engineFigures' checkOf) instead of reading its figures' strings again.
 * `ok` is false until a call fills it; the caller clears it before each call, so that figures made
 * elsewhere (the wide retry, the Decimal path) are never read with another call's counts.
 */
export interface FigureCounts {
  ok: boolean;
  dp: number;
  im: number;
  mm: number;
  eq: number;
  ie: number;
}

/** Integer counts of 10^-dp in one representation (float64 safe integers, or BigInts of any size). */
interface Counts<N extends number | bigint> {
  zero: N;
  scaled(a: KV, dp: number, up: boolean): N;
  value(n: N, dp: number): KV;
  string(n: N, dp: number): string;
  /** a - b (the safe-integer form: NOT_COVERED when it leaves the safe range). */
  sub(a: N, b: N): N;
  neg(a: N): N;
}

const SAFE_COUNTS: Counts<number> = {
  zero: 0,
  scaled,
  value: small,
  string: scaledString,
  sub: (a, b) => {
    const d = a - b;
    if (!Number.isSafeInteger(d)) throw NOT_COVERED;
    return d;
  },
  neg: (a) => -a,
};

const WIDE_COUNTS: Counts<bigint> = { zero: 0n, scaled: scaledBig, value: fromScaledBig, string: scaledStringBig, sub: (a, b) => a - b, neg: (a) => -a };

/**
 * The assessment's figures (evaluateAccount, assessmentFrom) from the account's exact requirement and
 * its equities already rounded down: the requirements rounded up, the borrow charge joining them, status,
 * ratios, excess and shortfall, in either representation of the counts.
 */
function figuresFrom<N extends number | bigint>(C: Counts<N>, c: CompiledAccount, tick: KernelTick, req: { im: KV; mm: KV }, borrow: KV, eq: N, ie: N, me: N, counts?: FigureCounts): AccountFigures {
  const dp = tick.dp;
  // The borrow charge joins the rounded requirements (without one, the rounded requirement is the figure).
  let im = C.scaled(req.im, dp, true);
  if (borrow !== ZERO) im = C.scaled(add(C.value(im, dp), borrow), dp, true);
  let mm = C.scaled(req.mm, dp, true);
  if (borrow !== ZERO) mm = C.scaled(add(C.value(mm, dp), borrow), dp, true);
  // Equal counts are one value and print alike: the three equities are one count when no collateral is haircut.
  const eqV = C.value(eq, dp);
  const ieV = ie === eq ? eqV : C.value(ie, dp);
  const meV = me === ie ? ieV : me === eq ? eqV : C.value(me, dp);
  const status = accountStatusOf(KA, { equity: eqV, initialEquity: ieV, maintenanceEquity: meV, im: C.value(im, dp), mm: C.value(mm, dp), marginCallBand: tick.band });
  const exI = C.sub(ie, im);
  const exM = C.sub(me, mm);
  const eqS = C.string(eq, dp);
  const ieS = ie === eq ? eqS : C.string(ie, dp);
  const meS = me === ie ? ieS : me === eq ? eqS : C.string(me, dp);
  // A shortfall is the excess's magnitude: its digits are printed once and the excess is '-' and them
  // (C.string prints a negative count exactly so).
  const sfI = exI < C.zero ? C.string(C.neg(exI), dp) : '0';
  const sfM = exM < C.zero ? C.string(C.neg(exM), dp) : '0';
  const out: AccountFigures = {
    accountId: c.accountId,
    status,
    equity: eqS,
    initialEquity: ieS,
    maintenanceEquity: meS,
    initialMargin: C.string(im, dp),
    maintenanceMargin: C.string(mm, dp),
    charges: { borrow: borrow === ZERO ? '0' : C.string(C.scaled(borrow, dp, true), dp), staleness: '0' },
    ratios: { maintenanceToEquity: ratioString(mm, me), equityToMaintenance: ratioString(me, mm), initialToEquity: ratioString(im, ie), equityToInitial: ratioString(ie, im) },
    excess: { initial: sfI !== '0' ? '-' + sfI : C.string(exI, dp), maintenance: sfM !== '0' ? '-' + sfM : C.string(exM, dp) },
    shortfall: { initial: sfI, maintenance: sfM },
    flagCodes: status === 'healthy' ? [] : [status],
    exact: 'kernel',
  };
  if (counts !== undefined && typeof im === 'number') {
    // The pre-trade check's differences are read from these counts (see FigureCounts).
    (counts.ok = true), (counts.dp = dp), (counts.im = im), (counts.mm = mm as number), (counts.eq = eq as number), (counts.ie = ie as number);
  }
  return out;
}
