import { eachRollShockLine, rollShockAmount, rollShockTerm, type RollShockPlan, type RollShockValues } from '../margin/rollShock.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import { DD } from './doubleDouble.js';
import { add, DECIMAL_ROUNDING, ddValue, inWide, KV, ZERO } from './kv.js';
import { LimbSum } from './limbSum.js';

/*
 * The roll shock in the kernel without BigInt per line. A maturity's rate beyond the floor is a
 * 40-digit Decimal (`annualisedMoveRisk * ms / MS_PER_YEAR` does not terminate), held exactly as a wide
 * kernel value; multiplying every line by it in BigInt was a fifth of `figures`. Here the rate's
 * mantissa is cut once into chunks below 10^14 and every line's `|units| x chunk x unitPrice` goes into
 * an exact limb sum (limbSum.ts); the sum becomes one kernel value at the end.
 *
 * Exactness against the Decimal layer, which rounds every product and partial sum to 40 significant
 * digits (half-even): the limb sum is the exact value of the same terms. It is returned untainted only
 * when every product (`|units| x rate`, then `x unitPrice`) and every partial sum has fewer than 40
 * digits (bounded from the mantissas and the finest exponent, with a digit of margin for the float
 * estimates), where the Decimal layer is exact too; otherwise tainted: each of the Decimal layer's
 * roundings moves its value by at most half a unit in the 40th digit of a non-negative term or partial
 * sum, so its total differs from the exact one by far less than the 1e-30 relative distance that
 * `scaled` and `cmp` keep from a boundary for a tainted value.
 *
 * A tainted sum in the fast pass is returned as a double-double (kv.ts, form 3) read from the limbs
 * without BigInt: its radius is the limbs' reading error plus the Decimal layer's, at most half a unit
 * in the 40th digit per rounding: two per line (each of |units| x rate and x unitPrice, of magnitude
 * at most the term's, with a hair for the rate's rounding carried by the second) and one per partial
 * sum (at most the sum of |terms|), so below (2 lines + 1) x 5e-40 x sum |terms|; the radius takes
 * DECIMAL_ROUNDING (1e-39) x 2 (lines + 2) x sum |terms| (the float estimate of the sum of |terms| is
 * within a few ulps per term). In the wide retry it is exact (BigInt) as before.
 */

/** The limbs' point moved 20 places down: a term's last digit may sit 76 places below the point (a 41-place rate x 35 places of units and unit price), the sum below 10^29. */
const SHIFT = 20;
/** Fewer than 40 significant digits (with a digit of margin for the float estimates). */
const DIGITS_BOUND = 1e39;
const TEN7 = 10n ** 7n;
const SPLIT = 1e7;
/** 10^-k as the correctly rounded float (a table: Math.pow per line showed in the profile). */
const P10N: readonly number[] = Array.from({ length: 128 }, (_, k) => Number(`1e-${k}`));
const MAX = Number.MAX_SAFE_INTEGER;

/** A rate's mantissa in base-10^7 limbs (lowest first, three zeros before, four after: see LimbSum.addProductLimbs), their count, the mantissa as a float and the rate's exponent. */
interface RateLimbs {
  f: Float64Array;
  n: number;
  m: number;
  e: number;
}
/** Bounded (a tick keeps one rate per maturity; a new tick's rates replace them). */
const rateLimbs = new Map<KV, RateLimbs | null>();

/** The limbs of an exact untainted decimal rate (memoised per kernel value: the tick keeps one per maturity), or null. */
function limbsOf(r: KV): RateLimbs | null {
  let c = rateLimbs.get(r);
  if (c !== undefined) return c;
  c = null;
  if (r.t === 0 && r.k !== 2 && (r.k === 0 ? r.d === 1 && r.m > 0 : r.bd === 1n && r.b > 0n)) {
    const f: number[] = [0, 0, 0];
    for (let b = r.k === 0 ? BigInt(r.m) : r.b; b !== 0n; b /= TEN7) f.push(Number(b % TEN7));
    c = { f: Float64Array.from([...f, 0, 0, 0, 0]), n: f.length - 3, m: r.k === 0 ? r.m : Number(r.b), e: r.e };
  }
  if (rateLimbs.size >= 4096) rateLimbs.clear();
  rateLimbs.set(r, c);
  return c;
}

const SUM = new LimbSum();
// The state of one sum (the kernel is synchronous): the values read, the taint, the 40-digit bound's
// inputs, the lines the limbs do not take (summed in kernel values) and whether one forces the whole
// sum back to kernel values.
let values: RollShockValues<KV>;
let taint = 0;
let mag = 0;
let finest = -Infinity;
let rest: KV = ZERO;
let generic = false;
/** Lines in the limbs. */
let lines = 0;

function line(units: KV, i: number): void {
  if (generic) return;
  const P = values.unitPrice(i);
  const r = values.rate(i);
  const c = units.k === 0 && units.d === 1 && units.t === 0 && P.k === 0 && P.d === 1 && P.t === 0 ? limbsOf(r) : null;
  if (c === null) {
    // A term the limbs do not take (rational units of an inverse future, a wide or interval input):
    // in kernel values, as rollShockAmount does. An exact untainted one would make the Decimal layer's
    // sum exact where this one is tainted, so that case (a whale's wide units) sums all in kernel values.
    const term = rollShockTerm(KA, units, r, P);
    if (term.k !== 2 && term.t === 0 && term !== ZERO) generic = true;
    else rest = add(rest, term);
    return;
  }
  if (units.m === 0) return;
  lines++;
  const mu = Math.abs(units.m);
  const x = mu * P.m;
  if (Math.abs(x) <= MAX) SUM.addProductLimbs(x, units.e + P.e - SHIFT, c.f, c.n, c.m, c.e);
  else {
    // |units| x unitPrice beyond 2^53: the larger factor in base-10^7 parts, each times the smaller one
    // (below 2^53 when the smaller is below 2^53 / 10^7; else the sum fails and runs in kernel values).
    // An option expiry's units (a float delta, up to 17 digits) times a price is the common case.
    const sp = P.m < 0 ? -1 : 1;
    const pm = P.m < 0 ? -P.m : P.m;
    const big = mu >= pm ? mu : pm;
    const sml = mu >= pm ? pm : mu;
    if (!(sml <= MAX / SPLIT)) SUM.fail();
    else {
      const b0 = big % SPLIT;
      const b12 = (big - b0) / SPLIT;
      const b1 = b12 % SPLIT;
      const b2 = (b12 - b1) / SPLIT;
      const e0 = units.e + P.e - SHIFT;
      SUM.addProductLimbs(sp * b2 * sml, e0 - 14, c.f, c.n, c.m, c.e);
      SUM.addProductLimbs(sp * b1 * sml, e0 - 7, c.f, c.n, c.m, c.e);
      SUM.addProductLimbs(sp * b0 * sml, e0, c.f, c.n, c.m, c.e);
    }
  }
  const p1 = mu * c.m;
  const p2 = p1 * Math.abs(P.m);
  if (!(p1 < DIGITS_BOUND && p2 < DIGITS_BOUND)) taint = 1;
  const e = units.e + c.e + P.e;
  mag += p2 * (e >= 0 && e < P10N.length ? P10N[e]! : 10 ** -e);
  if (e > finest) finest = e;
}

/**
 * {@link rollShockAmount} in kernel values, the same lines (the shared {@link eachRollShockLine}) summed
 * exactly in limbs: equal to the Decimal layer's value, or tainted where that one rounds (see above).
 * Falls back to `rollShockAmount` itself when the limbs cannot hold a term. Internal.
 *
 * @example
 * ```ts
 * // two perpetuals (both rates at the floor, 0.01): 0.01 x (|2| x 65000 + |-1.5| x 3200) = 1300 + 48 = 1348
 * const v = { units: (i: number) => fromDecimalString(['2', '-1.5'][i]!), unitPrice: (i: number) => fromDecimalString(['65000', '3200'][i]!), delta: () => 0, rate: () => fromDecimalString('0.01') };
 * exactString(rollShockSum([2, 0, 1, 0], v)); // '1348' (exact and untainted)
 * ```
 */
export function rollShockSum(plan: RollShockPlan, v: RollShockValues<KV>): KV {
  SUM.reset();
  values = v;
  taint = 0;
  mag = 0;
  finest = -Infinity;
  rest = ZERO;
  generic = false;
  lines = 0;
  eachRollShockLine(KA, plan, v, line);
  if (generic || !SUM.ok) return rollShockAmount(KA, plan, v);
  if (mag !== 0 && !(mag * 10 ** finest < DIGITS_BOUND)) taint = 1;
  if (taint && rest === ZERO && !inWide()) {
    const err = SUM.approxValue(SHIFT);
    if (err === err) return ddValue(DD.h, DD.l, err + mag * 2 * (lines + 2) * DECIMAL_ROUNDING);
  }
  const sum = SUM.value(SHIFT, taint | (rest === ZERO ? 0 : 1))!;
  return rest === ZERO ? sum : add(sum, rest);
}
