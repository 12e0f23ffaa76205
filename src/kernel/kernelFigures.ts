import { collateralLineValues } from '../collateral/collateralLineValues.js';
import { accountStatusOf } from '../health/accountStatus.js';
import { ADD_ON_ORDER, addOnApply, concentrationMeasure } from '../margin/addOnOrder.js';
import { calendarSpreadParts } from '../margin/calendarSpreadCharge.js';
import { concentrationOf } from '../margin/concentrationCharge.js';
import { deltaContingencyAmount, deltaContingencyParts } from '../margin/deltaContingency.js';
import type { Holding } from '../margin/Holding.js';
import type { AddOnParams } from '../margin/MarginParameters.js';
import { holdsAny } from '../margin/minimumCharge.js';
import { nakedShortParts } from '../margin/nakedShortOptionCharge.js';
import { accountRequirement, unitDelta, unitRequirement } from '../margin/portfolioRequirement.js';
import { ratedSum } from '../margin/ratedSum.js';
import { floatScan } from '../margin/scanRisk.js';
import { shortOptionParts } from '../margin/shortOptionMinimum.js';
import { compareEntries } from '../margin/accountPlan.js';
import type { AccountFigures } from './AccountFigures.js';
import { decimalCoin, type CompiledAccount, type KernelEntry } from './compileAccount.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import type { KernelTick } from './kernelTick.js';
import { add, div, fromDecimal, isZero, KV, max, mul, neg, NOT_COVERED, ONE, scaled, scaledString, sign, small, sub, ZERO } from './kv.js';
import { ratioString } from './ratioString.js';

/*
 * The exact kernel: one compiled account's figures at one tick, in kernel numbers, through the rules
 * the Decimal layer uses (src/margin/portfolioRequirement.ts, the add-ons' parts, collateral line
 * values, account status), so that only the arithmetic differs. Throws UNDECIDED (a rounding its
 * bounds cannot decide) or NOT_COVERED (a feature it does not handle at this tick); the engine then
 * serves the account from the Decimal path.
 *
 * HOW TO ADD A MECHANISM TO BOTH LAYERS (e.g. a new add-on, a scan group, an equity term):
 * 1. Write its rule once, generic over `Arithmetic<T>` (see src/numeric/Arithmetic.ts), next to the
 *    Decimal code that uses it (as shortOptionParts / ratedSum, unitRequirement, collateralLineValues):
 *    the Decimal layer calls it with DECIMAL_ARITHMETIC, the kernel with KERNEL_ARITHMETIC.
 * 2. Its parameters: convert them once per engine in KernelTick (as `addOns`), with `fromDecimal`.
 * 3. Its inputs from the snapshot: add them to KernelInstrument (converted from the Decimal layer's
 *    own values, e.g. a valuation field) so both layers read the same numbers; float inputs that feed
 *    a float rule must be the very same float64 (as `qf`, the Decimal layer's `toNumber()`).
 * 4. Teach `kernelCoverage` (kernelTick.ts) the new parameter key, add-on, scenario kind or group:
 *    until then the parameter sets that use it fall back visibly (`exact: 'decimal'`).
 * 5. The property test (test/kernel/figures.property.test.ts) compares figures with assess byte for
 *    byte: add a population that uses the mechanism and assert its kernel share.
 */

/** Scratch buffers for the float scan (grown as needed; never shared across calls in flight: the kernel is synchronous). */
let vector = new Float64Array(64);
let candidates = new Int32Array(64);
let qs = new Float64Array(64);
let maxAbs = new Float64Array(64);
let deltas = new Float64Array(64);
const pnls: Float64Array[] = [];

function ensure(n: number, len: number): void {
  if (vector.length < len) {
    vector = new Float64Array(len);
    candidates = new Int32Array(len);
  }
  if (qs.length < n) {
    qs = new Float64Array(n);
    maxAbs = new Float64Array(n);
    deltas = new Float64Array(n);
  }
}

/** The exact P&L of one entry in scenario `s` (the Decimal layer's `entryPnl`). */
function entryPnl(tick: KernelTick, e: KernelEntry, arr: { pnl: Float64Array; exact?: readonly unknown[] }, s: number): KV {
  if (arr.exact?.[s] !== undefined) return mul(e.q, tick.exactPnl(arr as never, s));
  const x = arr.pnl[s]!;
  if (x === 0) return ZERO;
  return mul(e.q, tick.floatPnl(arr.pnl, s, sign(e.q) > 0 ? 0 : 1));
}

function arrayOf(tick: KernelTick, e: KernelEntry) {
  const a = e.kind === 'position' ? tick.instrument(e.inst).arr : tick.asset(e.asset).arr;
  if (!a) throw NOT_COVERED;
  return a;
}

/** Scan risk of entries over `[s0, s1)`: the shared float scan's candidates, recomputed exactly; the max, at least 0. */
function scanAmount(tick: KernelTick, entries: readonly KernelEntry[], s0: number, s1: number): { amount: KV } {
  const n = entries.length;
  const len = Math.max(0, s1 - s0);
  ensure(n, len);
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    const a = arrayOf(tick, e);
    qs[i] = e.qf;
    pnls[i] = a.pnl;
    maxAbs[i] = a.maxAbs;
  }
  const count = floatScan(n, qs, pnls, maxAbs, tick.arrays.weights, s0, s1, vector, candidates);
  if (len === 0 || n === 0) return { amount: ZERO };
  let best: KV | undefined;
  for (let c = 0; c < count; c++) {
    const s = candidates[c]!;
    let total = ZERO;
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      total = add(total, entryPnl(tick, e, arrayOf(tick, e), s));
    }
    const weighted = mul(neg(total), tick.weightDec(s));
    const wd = tick.weightDiv(s);
    const loss = wd ? div(weighted, wd) : weighted;
    best = best === undefined ? loss : max(best, loss);
  }
  return { amount: max(best!, ZERO) };
}

/** The unit's add-ons in kernel numbers: the same parts and order as the Decimal layer's list. */
function addOnAmounts(tick: KernelTick, holdings: readonly Holding<KV>[], a: AddOnParams, scan: KV): { apply: 'add' | 'floor'; amount: KV }[] {
  const k = tick.addOns(a);
  const out: { apply: 'add' | 'floor'; amount: KV }[] = [];
  const price = (h: Holding<KV>) => h.unitPrice;
  for (const kind of ADD_ON_ORDER) {
    let amount: KV | undefined;
    if (kind === 'shortOptionMinimum' && a.shortOptionMinimum) amount = ratedSum(KA, shortOptionParts(KA, holdings, a.shortOptionMinimum.netting), k.shortOptionRate!, price);
    else if (kind === 'nakedShortOption' && a.nakedShortOption) amount = ratedSum(KA, nakedShortParts(KA, holdings), k.nakedRate!, price);
    else if (kind === 'deltaContingency' && a.deltaContingency) amount = deltaContingencyAmount(KA, deltaContingencyParts(KA, holdings), k.netDeltaRate!, k.grossOptionRate!, price);
    else if (kind === 'calendarSpread' && a.calendarSpread) amount = ratedSum(KA, calendarSpreadParts(KA, holdings, a.calendarSpread.includeOptions), k.calendarRate!, price);
    else if (kind === 'concentration' && a.concentration) amount = concentrationOf(KA, concentrationMeasure(KA, holdings, a.concentration.measure, scan), k.concentrationBands!, k.concentrationRate!).amount;
    else if (kind === 'minimum' && a.minimum) amount = holdsAny(KA, holdings) ? k.minimum! : ZERO;
    if (amount !== undefined) out.push({ apply: addOnApply(kind, a), amount });
  }
  return out;
}

/**
 * This tick's coin amounts of the inverse futures entered at the mark, by the shared netting rule in
 * Decimal (the Decimal layer's 40-digit quotient, and the float64 it reads from it, are what the
 * float scan and the exact recheck must see).
 */
function tickCoins(c: CompiledAccount, tick: KernelTick): Map<string, { q: KV; qf: number }> {
  const out = new Map<string, { q: KV; qf: number }>();
  for (const symbol of c.dynamicCoins) {
    const coin = decimalCoin(c.lines, tick.table.index.get(symbol)!, symbol, tick);
    // The plan was shaped with a non-zero coin amount; a tick that cancels it changes the plan.
    if (coin.isZero()) throw NOT_COVERED;
    out.set(symbol, { q: fromDecimal(coin), qf: coin.toNumber() });
  }
  return out;
}

/**
 * The figures of a compiled account at a tick, computed by the kernel (`exact: 'kernel'`).
 * @throws UNDECIDED or NOT_COVERED (the caller serves the account from the Decimal path).
 */
export function kernelFigures(c: CompiledAccount, tick: KernelTick): AccountFigures {
  if (c.notCovered !== undefined || tick.coverage !== undefined) throw NOT_COVERED;
  const m = tick.m;
  const p = tick.r.margin;
  // Per-tick checks (checkAccount's and the market-data rule's): anything to report goes to the Decimal path.
  for (const l of c.lines) {
    const ki = tick.instrument(l.inst);
    if (!ki.ok || ki.flagged || !ki.arr) throw NOT_COVERED;
  }
  for (const x of c.collateral) {
    if (isZero(x.balance)) continue;
    const a = tick.asset(x.asset);
    if (!a.ok || a.flagged) throw NOT_COVERED;
  }
  for (const [asset, u] of c.ties) if ((tick.arrays.assets.get(asset)?.underlying ?? '') !== u) throw NOT_COVERED;
  if (c.settlementCurrency !== m.settlementCurrency) throw NOT_COVERED;

  // Margin: every unit through the shared rules, then the account.
  const groups = tick.arrays.scenarioSet.groups;
  const coins = c.dynamicCoins.length ? tickCoins(c, tick) : undefined;
  const planUnits = coins ? c.units.map((u) => ({ ...u, entries: u.entries.map((e) => (e.dynamic !== undefined ? { ...e, ...coins.get(e.dynamic)! } : e)) })) : c.units;
  const units = planUnits.map((u) => {
    const holdings = u.held.map((h): Holding<KV> => {
      const ki = tick.instrument(h.inst);
      const inst = ki.inst;
      let unitsOf = mul(h.qty, tick.table.size[h.inst]!);
      if (inst.kind === 'future' && inst.settlement === 'inverse') unitsOf = div(unitsOf, ki.forward);
      const hold: Holding<KV> = { symbol: inst.symbol, kind: inst.kind, underlying: inst.underlying, units: unitsOf, unitPrice: ki.unitPrice, delta: h.qf * ki.arr!.delta };
      if (inst.right) hold.right = inst.right;
      if (inst.strike) hold.strike = inst.strike;
      if (inst.expiryMs !== undefined) hold.expiryMs = inst.expiryMs;
      return hold;
    });
    const r = unitRequirement(KA, { scan: (s0, s1) => scanAmount(tick, u.entries, s0, s1), addOns: (params, scan) => addOnAmounts(tick, holdings, params, scan) }, p, groups, tick.multiplier);
    const n = u.entries.length;
    ensure(n, 0);
    for (let i = 0; i < n; i++) {
      qs[i] = u.entries[i]!.qf;
      deltas[i] = arrayOf(tick, u.entries[i]!).delta;
    }
    return { id: u.id, mm: r.mm, imBase: r.imBase, restMm: r.restMm, restIm: r.restIm, scanMm: r.mmScan.amount, scanIm: r.imScan.amount, delta: unitDelta(n, qs, deltas) };
  });
  const req = accountRequirement(KA, p, units, groups, (members, s0, s1) => scanAmount(tick, members.flatMap((i) => planUnits[i]!.entries).sort(compareEntries), s0, s1), tick.multiplier);
  const dp = tick.dp;
  const im0 = scaled(req.im, dp, true);
  const mm0 = scaled(req.mm, dp, true);

  // Equity: collateral lines, then positions (exact sums: the order does not change them).
  let value = ZERO;
  let initialValue = ZERO;
  let maintenanceValue = ZERO;
  let borrow = ZERO;
  for (const x of c.collateral) {
    if (isZero(x.balance)) continue;
    const v = collateralLineValues(KA, x.balance, tick.asset(x.asset).price!, tick.haircut(x.asset), tick.borrowTiers);
    value = add(value, v.value);
    initialValue = add(initialValue, v.initialValue);
    maintenanceValue = add(maintenanceValue, v.maintenanceValue);
    borrow = add(borrow, v.borrowCharge);
  }
  let futuresPnl = ZERO;
  let optionValue = ZERO;
  let funding = ZERO;
  for (const l of c.lines) {
    if (l.funding) funding = add(funding, l.funding);
    if (isZero(l.q)) continue;
    const ki = tick.instrument(l.inst);
    const inst = ki.inst;
    const C = ki.settlementPrice;
    const qs = mul(l.q, tick.table.size[l.inst]!);
    if (inst.kind === 'future') {
      const F = ki.forward;
      const E = l.entry ?? F;
      const pnl = inst.settlement === 'linear' ? mul(mul(qs, sub(F, E)), C) : mul(mul(qs, sub(div(ONE, E), div(ONE, F))), C);
      futuresPnl = add(futuresPnl, pnl);
    } else {
      optionValue = add(optionValue, mul(mul(l.q, sign(l.q) > 0 ? ki.markValue : ki.markValueUp), C));
    }
  }
  const rest = add(add(futuresPnl, optionValue), funding);
  const equity = add(value, rest);
  const initialEquity = add(initialValue, rest);
  const maintenanceEquity = add(maintenanceValue, rest);

  // The assessment's figures (evaluateAccount, assessmentFrom): charges join the rounded requirements.
  const charges = borrow;
  const im = scaled(add(small(im0, dp), charges), dp, true);
  const mm = scaled(add(small(mm0, dp), charges), dp, true);
  const eq = scaled(equity, dp, false);
  const ie = scaled(initialEquity, dp, false);
  const me = scaled(maintenanceEquity, dp, false);
  const status = accountStatusOf(KA, { equity: small(eq, dp), initialEquity: small(ie, dp), maintenanceEquity: small(me, dp), im: small(im, dp), mm: small(mm, dp), marginCallBand: tick.band });
  const exI = ie - im;
  const exM = me - mm;
  if (!Number.isSafeInteger(exI) || !Number.isSafeInteger(exM)) throw NOT_COVERED;
  const s = (n: number) => scaledString(n, dp);
  return {
    accountId: c.accountId,
    status,
    equity: s(eq),
    initialEquity: s(ie),
    maintenanceEquity: s(me),
    initialMargin: s(im),
    maintenanceMargin: s(mm),
    charges: { borrow: s(scaled(borrow, dp, true)), staleness: '0' },
    ratios: { maintenanceToEquity: ratioString(mm, me), equityToMaintenance: ratioString(me, mm), initialToEquity: ratioString(im, ie), equityToInitial: ratioString(ie, im) },
    excess: { initial: s(exI), maintenance: s(exM) },
    shortfall: { initial: s(exI < 0 ? -exI : 0), maintenance: s(exM < 0 ? -exM : 0) },
    flagCodes: status === 'healthy' ? [] : [status],
    exact: 'kernel',
  };
}
