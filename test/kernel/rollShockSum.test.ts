import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { KERNEL_ARITHMETIC as KA } from '../../src/kernel/kernelArithmetic.js';
import { fromDecimal, fromDecimalString, inWideMode, lo, hi, scaled, type KV } from '../../src/kernel/kv.js';
import { LimbSum } from '../../src/kernel/limbSum.js';
import { rollShockSum } from '../../src/kernel/rollShockSum.js';
import { rollShockAmount, rollShockRateAt, type RollShockValues } from '../../src/margin/rollShock.js';
import { DECIMAL_ARITHMETIC } from '../../src/numeric/Arithmetic.js';
import { D, type Decimal as Dec } from '../../src/numeric/decimal.js';

// The kernel's roll shock in limbs (src/kernel/rollShockSum.ts) against two independent references:
// decimal.js at 200 significant digits (a local clone: exact for these inputs), the exact value of
// sum |units| x rate x unitPrice; and the Decimal layer's own rollShockAmount at 40 digits (half-even),
// whose value the kernel's must equal (untainted) or approach within a few units of its 40th digit
// (tainted), with every rounding the kernel decides equal to the Decimal layer's.

const Exact = Decimal.clone({ precision: 200 });
const P = { minAnnualisedMove: D('0.01'), annualisedMoveRisk: D('0.075'), includeOptions: true };
const DAY = 86_400_000;

/** A kernel value's exact value (small, wide or a rational) at 200 digits; a double-double's centre. */
function exactOf(x: KV): Decimal {
  if (x.k === 3) return exactDouble(x.dh).plus(exactDouble(x.dl));
  if (x.k === 0) return new Exact(x.m).div(new Exact(10).pow(x.e)).div(x.d);
  return new Exact(x.b.toString()).div(new Exact(10).pow(x.e)).div(x.bd.toString());
}

/** A float's exact binary value at 200 digits (mantissa x 2^exponent; not its shortest decimal spelling). */
function exactDouble(x: number): Decimal {
  if (x === 0) return new Exact(0);
  let e = 0;
  let m = Math.abs(x);
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return new Exact((x < 0 ? '-' : '') + BigInt(m).toString()).times(new Exact(2).pow(e));
}

interface Line {
  /** Units of underlying (a decimal string; negative for a short). */
  units: string;
  /** An inverse future: units = contracts x size / forward (a rational). */
  inverse?: { contracts: string; size: string; forward: string };
  price: string;
  /** Milliseconds to expiry (0: a perpetual; the rate is then the floor). */
  ms: number;
}

/** Both layers' values of a book of futures lines and one expiry of options (net delta from floats). */
function layers(lines: Line[], deltas: number[], asOf = 1_700_000_000_000) {
  const n = lines.length;
  const plan = [n, ...lines.map((_, i) => i), deltas.length ? 1 : 0, ...(deltas.length ? [deltas.length, ...deltas.map((_, j) => n + j)] : [])];
  const rateD = (i: number) => rollShockRateAt(i < n ? asOf + lines[i]!.ms : asOf + 200 * DAY, asOf, P);
  const unitsD = (i: number): Dec => {
    if (i >= n) return D(0);
    const l = lines[i]!;
    return l.inverse ? D(l.inverse.contracts).times(l.inverse.size).div(l.inverse.forward) : D(l.units);
  };
  const priceD = (i: number) => D(i < n ? lines[i]!.price : '65000.5');
  const delta = (i: number) => (i >= n ? deltas[i - n]! : 0);
  const vD: RollShockValues<Dec> = { units: unitsD, unitPrice: priceD, delta, rate: rateD };
  // The kernel's inputs as the tick converts them: rates exactly (wide), units and prices from strings.
  const rates = new Map<number, KV>();
  const rateK = (i: number) => {
    let r = rates.get(i);
    if (!r) rates.set(i, (r = inWideMode(() => fromDecimal(rateD(i)))));
    return r;
  };
  const unitsK = (i: number): KV => {
    if (i >= n) return fromDecimalString('0');
    const l = lines[i]!;
    return l.inverse ? KA.div(KA.mul(fromDecimalString(l.inverse.contracts), fromDecimalString(l.inverse.size)), fromDecimalString(l.inverse.forward)) : fromDecimalString(l.units);
  };
  const vK: RollShockValues<KV> = { units: unitsK, unitPrice: (i) => fromDecimalString(priceD(i).toFixed()), delta, rate: rateK };
  return { plan, vD, vK };
}

/** sum |units| x rate x unitPrice at 200 digits, the lines then the expiry (as rollShockAmount reads it). */
function exactSum(plan: number[], vD: RollShockValues<Dec>): Decimal {
  const d = (x: Dec) => new Exact(x.toFixed());
  let s = new Exact(0);
  for (let j = 1; j <= plan[0]!; j++) {
    const i = plan[j]!;
    s = s.plus(d(vD.units(i)).abs().times(d(vD.rate(i))).times(d(vD.unitPrice(i))));
  }
  return s;
}

/**
 * The sum in the wide retry (exact, BigInt) checked as before, and returned; in the fast pass (a tainted
 * sum there is a double-double) checked to hold both the exact sum and the Decimal layer's within its
 * radius, and every rounding it decides checked as well.
 */
function check(lines: Line[], deltas: number[] = []): KV {
  const { plan, vK } = layers(lines, deltas);
  const wide = inWideMode(() => checkOne(lines, deltas, () => inWideMode(() => rollShockSum(plan, vK))));
  const fast = checkOne(lines, deltas, () => rollShockSum(plan, vK));
  if (fast.k === 3) {
    expect(wide.t).toBe(1);
    const ex = exactOf(wide);
    expect(exactOf(fast).minus(ex).abs().lte(fast.dr)).toBe(true);
    // Its radius: a few units of 1e-30 (2^-100 charged per double-double operation, see doubleDouble.ts),
    // far below the ~1e-17 relative distance a 9-place rounding of a 6-digit amount needs.
    expect(fast.dr).toBeLessThanOrEqual(Math.abs(fast.dh) * 1e-28);
  } else if (fast.k !== 2 && wide.k !== 2) expect(exactOf(fast).eq(exactOf(wide))).toBe(true);
  return wide;
}

function checkOne(lines: Line[], deltas: number[], sum: () => KV): KV {
  const { plan, vD, vK } = layers(lines, deltas);
  const k = sum();
  const dl = rollShockAmount(DECIMAL_ARITHMETIC, plan, vD);
  // Against the previous kernel arithmetic (every term in kernel values, BigInt): the same exact value.
  const old = rollShockAmount(KA, plan, vK);
  if (k.k !== 2 && k.k !== 3 && old.k !== 2) expect(exactOf(k).eq(exactOf(old))).toBe(true);
  const ref = new Exact(dl.toFixed());
  if (k.k === 3) expect(exactOf(k).minus(ref).abs().lte(k.dr)).toBe(true);
  else if (k.k === 2) {
    expect(lo(k)).toBeLessThanOrEqual(ref.toNumber());
    expect(hi(k)).toBeGreaterThanOrEqual(ref.toNumber());
    return k;
  }
  const kx = exactOf(k);
  if (k.t === 0) expect(kx.eq(ref)).toBe(true);
  else if (k.k !== 3) expect(kx.minus(ref).abs().lte(ref.abs().times('1e-36'))).toBe(true);
  // Every rounding the kernel decides is the Decimal layer's.
  for (const dp of [2, 8, 9, 12]) {
    for (const up of [true, false]) {
      let q: number | undefined;
      try {
        q = scaled(k, dp, up);
      } catch {
        q = undefined;
      }
      if (q !== undefined) expect(q).toBe(dl.times(new D(10).pow(dp)).toDecimalPlaces(0, up ? D.ROUND_CEIL : D.ROUND_FLOOR).toNumber());
    }
  }
  return k;
}

describe('rollShockSum: the kernel roll shock in limbs', () => {
  it('at the floor the sum is exact and untainted (hand calculation)', () => {
    // perpetuals (rate 0.01): 0.01 x (|2| x 65000 + |-1.5| x 3200) = 1300 + 48 = 1348
    const k = check([
      { units: '2', price: '65000', ms: 0 },
      { units: '-1.5', price: '3200', ms: 0 },
    ]);
    expect(k.t).toBe(0);
    expect(exactOf(k).toFixed()).toBe('1348');
  });
  it('a long-dated future: the 40-digit rate times units and price, exactly, tainted', () => {
    // 365 days: rate = 0.075 x 1 = 0.075 exactly (terminates): 0.075 x 3 x 50000 = 11250, untainted
    expect(exactOf(check([{ units: '3', price: '50000', ms: 365 * DAY }])).toFixed()).toBe('11250');
    // 400 days: years = 400 / 365 = 1.095890410958904109589041095890410958904 (40 digits, half-even), rate =
    // 0.075 x years = 0.0821917808219178082191780821917808219178 (exact); with 1.25 x 40000.5 = 50000.625 the
    // product has 45 digits (the Decimal layer rounds it): the kernel holds it exactly, tainted
    // (Python decimal at 200 digits: 4109.640410958904109589041095890410958903698625)
    const k = check([{ units: '1.25', price: '40000.5', ms: 400 * DAY }]);
    expect(k.t).toBe(1);
    // The fast pass holds it as a double-double (checked in check() to contain this value).
    const { plan, vK } = layers([{ units: '1.25', price: '40000.5', ms: 400 * DAY }], []);
    expect(rollShockSum(plan, vK).k).toBe(3);
    expect(exactOf(k).toFixed()).toBe('4109.640410958904109589041095890410958903698625');
  });
  it('inverse futures (rational units), whales and option expiries with negative deltas', () => {
    // 10 contracts x 10 USD / 65000.5: units do not terminate; the term goes through kernel values
    check([{ units: '0', inverse: { contracts: '10', size: '10', forward: '65000.5' }, price: '65000.5', ms: 100 * DAY }, { units: '2', price: '65000', ms: 0 }]);
    // |units| x price beyond 2^53: 2500.5 x 65000.12345678 (the price split in two parts in the limbs);
    // a whale, 250,000.12345678 units (a part still beyond 2^53: the sum runs in kernel values)
    check([{ units: '2500.5', price: '65000.12345678', ms: 500 * DAY }]);
    check([{ units: '250000.12345678', price: '65000.12345678', ms: 500 * DAY }]);
    // units the larger factor (16 digits) x a short price: the units in base-10^7 parts
    check([{ units: '12345678.12345678', price: '65000.5', ms: 500 * DAY }]);
    // 3,000,000 units x 65000.5 at the floor (one-limb rate): the sum near the top of the limbs
    // (1.95e9, with the point moved 20 places down), which they hold
    check([{ units: '3000000', price: '65000.5', ms: 0 }, { units: '-2000000', price: '3200.25', ms: 0 }]);
    // an expiry's options: net delta -2.6 + 0.4 (floats, summed), |.| at the expiry's rate (200 days)
    check([{ units: '1', price: '65000', ms: 0 }], [-2.6, 0.4]);
  });
  it('a product on the Decimal layer\'s 40-digit tie: the double-double holds the half-even value', () => {
    // 100 days: rate = 0.075 x 100 / 365 = 0.02054794520547945205479452054794520547945 (40 digits, the last odd).
    // |5| x rate = 0.10273972602739726027397260273972602739725 has 41 digits ending in 5: a tie, rounded
    // half-even to 0.1027397260273972602739726027397260273972; x 2 = 0.2054794520547945205479452054794520547944
    // (the Decimal layer), 1e-40 below the exact 0.2054794520547945205479452054794520547945 (hand calculation).
    const lines = [{ units: '-5', price: '2', ms: 100 * DAY }];
    const { plan, vD, vK } = layers(lines, []);
    expect(rollShockAmount(DECIMAL_ARITHMETIC, plan, vD).toFixed()).toBe('0.2054794520547945205479452054794520547944');
    const fast = rollShockSum(plan, vK);
    expect(fast.k).toBe(3);
    const c = exactOf(fast);
    expect(c.minus('0.2054794520547945205479452054794520547944').abs().lte(fast.dr)).toBe(true);
    expect(c.minus('0.2054794520547945205479452054794520547945').abs().lte(fast.dr)).toBe(true);
    expect(exactOf(check(lines)).toFixed()).toBe('0.2054794520547945205479452054794520547945');
  });
  it('a sum exactly on a rounding boundary at the floor is exact: both directions decided (hand calculation)', () => {
    // 0.01 x 3 x 50000.5 + 0.01 x 1 x 0.5 = 1500.015 + 0.005 = 1500.02: on the 2-place boundary, so the
    // ceiling and the floor at 2 places are both 150002 (units of 0.01); at 3 places 1500020.
    const k = check([
      { units: '3', price: '50000.5', ms: 0 },
      { units: '-1', price: '0.5', ms: 0 },
    ]);
    expect(k.t).toBe(0);
    expect(exactOf(k).toFixed()).toBe('1500.02');
    const { plan, vK } = layers([{ units: '3', price: '50000.5', ms: 0 }, { units: '-1', price: '0.5', ms: 0 }], []);
    const fast = rollShockSum(plan, vK);
    expect([scaled(fast, 2, true), scaled(fast, 2, false), scaled(fast, 3, true)]).toEqual([150002, 150002, 1500020]);
  });
  it('floor and long-dated lines in either order: the limbs stop at the first tainting line, the double-double carries all', () => {
    // 0.01 x 2 x 65000 = 1300 (exact) and 200 days: 0.04109589041095890410958904109589041095891 x 3 x 3200.25
    // = 394.5513698630136986301369863013698630137551825 (decimal.js at 200 digits; the Decimal layer rounds
    // it to 394.5513698630136986301369863013698630137)
    const floor = { units: '2', price: '65000', ms: 0 };
    const long = { units: '-3', price: '3200.25', ms: 200 * DAY };
    const want = new Exact('0.04109589041095890410958904109589041095891').times('9600.75').plus(1300);
    for (const lines of [[floor, long], [long, floor]]) {
      const k = check(lines);
      expect(exactOf(k).eq(want)).toBe(true);
      const { plan, vK } = layers(lines, []);
      expect(rollShockSum(plan, vK).k).toBe(3);
    }
  });
  it('whales: 1e5 contracts at 1e9 prices, and |units| x price beyond 2^53 (Dekker\'s exact product)', () => {
    // 100,000 x 1,000,000,000 x 0.02054794520547945205479452054794520547945 = 2054794520547.945205479452054794520547945
    // (hand calculation: the rate's digits moved 14 places)
    const a = [{ units: '100000', price: '1000000000', ms: 100 * DAY }];
    expect(exactOf(check(a)).toFixed()).toBe('2054794520547.945205479452054794520547945');
    // 123456.789 x 1234567890.123 = 152415787517090.395047 (Python decimal; |units| x price as mantissas: 1.5e20, beyond 2^53)
    // times the 200-day rate, against decimal.js at 200 digits
    const b = [{ units: '-123456.789', price: '1234567890.123', ms: 200 * DAY }, { units: '100000', price: '999999999.99', ms: 500 * DAY }];
    const want = new Exact('123456.789')
      .times('1234567890.123')
      .times('0.04109589041095890410958904109589041095891')
      .plus(new Exact('100000').times('999999999.99').times('0.1027397260273972602739726027397260273972'));
    expect(exactOf(check(b)).eq(want)).toBe(true);
    const { plan, vK } = layers(b, []);
    const fast = rollShockSum(plan, vK);
    expect(fast.k).toBe(3);
    expect(exactOf(fast).minus(want).abs().lte(fast.dr)).toBe(true);
  });
  it('equals decimal.js at 200 digits and the Decimal layer (property)', () => {
    const decimal = (maxInt: number, maxDp: number) =>
      fc.tuple(fc.integer({ min: -maxInt, max: maxInt }), fc.integer({ min: 0, max: 10 ** Math.min(maxDp, 8) - 1 }), fc.integer({ min: 0, max: maxDp })).map(([i, f, dp]) => {
        const frac = dp === 0 ? '' : String(f % 10 ** dp).padStart(dp, '0');
        return `${i}${frac ? '.' + frac : ''}`;
      });
    const line = fc.record({
      units: fc.oneof(decimal(20, 8), decimal(1_000_000, 4), decimal(100_000_000, 8)),
      price: fc.oneof(decimal(100_000, 2).map((s) => s.replace('-', '')), decimal(10, 12).map((s) => s.replace('-', ''))),
      // perpetual/at the floor, near the floor boundary (~48.7 days), long-dated (up to 10 years), odd milliseconds
      ms: fc.oneof(fc.constant(0), fc.integer({ min: 40 * DAY, max: 60 * DAY }), fc.integer({ min: 0, max: 3650 * DAY })),
      inverse: fc.option(fc.record({ contracts: fc.integer({ min: -1000, max: 1000 }).map(String), size: fc.constantFrom('1', '10', '100'), forward: decimal(100_000, 2).map((s) => s.replace('-', '') + '1') }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { maxLength: 4 }), (lines, deltas) => {
        const priced = lines.map((l) => (l.price === '0' || /^0(\.0*)?$/.test(l.price) ? { ...l, price: '1' } : l));
        const k = check(priced, deltas);
        // The limb sum is the exact value of the terms whenever it answers without kernel values.
        if (k.k !== 2 && priced.every((l) => !l.inverse)) {
          const { plan, vD } = layers(priced, deltas);
          const all = exactSum(plan, vD).plus(deltas.length ? new Exact(DECIMAL_ARITHMETIC.fromFloat(Math.abs(deltas.reduce((a, b) => a + b, 0)), 'against-account-loss').toFixed()).times(vD.rate(plan[0]!).toFixed()).times('65000.5') : 0);
          expect(exactOf(k).eq(all)).toBe(true);
        }
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });
});

describe('rollShockSum: the per-tick (rate, unit price) table shared by accounts', () => {
  it('many accounts on one table: each sum as with a table of its own, holding the Decimal layer\'s value (property)', () => {
    // Five instruments (a price and a maturity each), accounts of lines on them in any order, units of
    // many exponents (the table keeps a few Q per instrument, for the last exponents met: hits and misses both).
    const decimal = (maxInt: number, maxDp: number) =>
      fc.tuple(fc.integer({ min: -maxInt, max: maxInt }), fc.integer({ min: 0, max: 10 ** Math.min(maxDp, 8) - 1 }), fc.integer({ min: 0, max: maxDp })).map(([i, f, dp]) => {
        const frac = dp === 0 ? '' : String(f % 10 ** dp).padStart(dp, '0');
        return `${i}${frac ? '.' + frac : ''}`;
      });
    const inst = fc.record({ price: decimal(100_000, 3).map((s) => (/^-?0(\.0*)?$/.test(s) ? '1' : s.replace('-', ''))), ms: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3650 * DAY })) });
    const account = fc.array(fc.record({ at: fc.integer({ min: 0, max: 4 }), units: fc.oneof(decimal(20, 8), decimal(1_000_000, 4), fc.constantFrom('100', '-2000', '0')) }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(inst, { minLength: 5, maxLength: 5 }), fc.array(account, { minLength: 1, maxLength: 8 }), (insts, accounts) => {
        const table = { f: new Float64Array(0), r: [] };
        for (const acc of accounts) {
          const lines = acc.map((l) => ({ units: l.units, price: insts[l.at]!.price, ms: insts[l.at]!.ms }));
          const { plan, vD, vK } = layers(lines, []);
          const keys = acc.map((l) => l.at);
          const shared = rollShockSum(plan, vK, table, keys);
          const own = rollShockSum(plan, vK);
          // The same arithmetic either way: the same value, form and radius.
          expect([shared.k, shared.t, shared.k === 3 ? [shared.dh, shared.dl, shared.dr] : exactOf(shared).toFixed()]).toEqual([own.k, own.t, own.k === 3 ? [own.dh, own.dl, own.dr] : exactOf(own).toFixed()]);
          // And it holds the Decimal layer's value (equal to it when untainted), and the exact sum at 200 digits.
          const dl = new Exact(rollShockAmount(DECIMAL_ARITHMETIC, plan, vD).toFixed());
          const ex = exactSum(plan, vD);
          if (shared.k === 3) {
            expect(exactOf(shared).minus(dl).abs().lte(shared.dr)).toBe(true);
            expect(exactOf(shared).minus(ex).abs().lte(shared.dr)).toBe(true);
          } else if (shared.k !== 2) {
            expect(exactOf(shared).eq(ex)).toBe(true);
            if (shared.t === 0) expect(exactOf(shared).eq(dl)).toBe(true);
          }
        }
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });

  it('one pair met at more units exponents than the table keeps Q for: each sum as with a table of its own', () => {
    // Units 1, 10, 100, ..., 10^6 (exponents 0, -1, ..., -6: more than the slots of a record) and a
    // fraction, twice round on one key, then back and forth between two: made, kept, dropped, made again.
    const table = { f: new Float64Array(0), r: [] };
    const units = ['1', '10', '100', '1000', '10000', '100000', '1000000', '0.25', '1', '10', '100', '1000', '10000', '100000', '1000000', '0.25', '3', '30', '3', '30', '0.003', '3'];
    for (const u of units) {
      const { plan, vK } = layers([{ units: u, price: '65000.5', ms: 90 * DAY }], []);
      const shared = rollShockSum(plan, vK, table, [0]);
      const own = rollShockSum(plan, vK);
      expect([shared.k, shared.t, shared.k === 3 ? [shared.dh, shared.dl, shared.dr] : exactOf(shared).toFixed()]).toEqual([own.k, own.t, own.k === 3 ? [own.dh, own.dl, own.dr] : exactOf(own).toFixed()]);
    }
  });

  it('calls without a table share one kept by the module, keyed by holding: no record outlives its call, even one that throws (hand calculation)', () => {
    // 20 perpetuals (rate 0.01), one unit at 100, 200, ..., 2000: 0.01 x 100 x (1 + ... + 20) = 0.01 x 21000 = 210
    // (past the first 16 records: the kept table grows).
    const many = layers(Array.from({ length: 20 }, (_, i) => ({ units: '1', price: String(100 * (i + 1)), ms: 0 })), []);
    expect(exactOf(rollShockSum(many.plan, many.vK)).toFixed()).toBe('210');
    // Then 3 units at 7 on holding 0 and one at 9 on holding 1: 0.01 x (3 x 7 + 9) = 0.3 (holding 0's
    // record of the call before, units 1 at 100, would give 0.01 x (3 x 100 + 9) = 3.09).
    const two = layers([{ units: '3', price: '7', ms: 0 }, { units: '1', price: '9', ms: 0 }], []);
    expect(exactOf(rollShockSum(two.plan, two.vK)).toFixed()).toBe('0.3');
    // A call whose second holding's rate throws (after holding 0's record, units 2 at 65000, is made),
    // then a book with units 2 at 50 on holding 0: 0.01 x 2 x 50 = 1 (the thrown call's record would give 1300).
    const bad = layers([{ units: '2', price: '65000', ms: 0 }, { units: '1', price: '10', ms: 0 }], []);
    const throwing = { ...bad.vK, rate: (i: number) => (i === 1 ? (() => { throw new Error('no rate'); })() : bad.vK.rate(i)) };
    expect(() => rollShockSum(bad.plan, throwing)).toThrow('no rate');
    const after = layers([{ units: '2', price: '50', ms: 0 }], []);
    expect(exactOf(rollShockSum(after.plan, after.vK)).toFixed()).toBe('1');
  });
});

describe('LimbSum.addProductLimbs and value: a long decimal times a short one', () => {
  it('matches decimal.js at 200 digits (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: -10, max: 20 }), fc.bigInt({ min: 1n, max: 10n ** 40n }), fc.integer({ min: 0, max: 42 })), { minLength: 1, maxLength: 8 }), (terms) => {
        const s = new LimbSum();
        let want = new Exact(0);
        for (const [x, e, F, ef] of terms) {
          const f: number[] = [0, 0, 0];
          for (let b = F; b !== 0n; b /= 10n ** 7n) f.push(Number(b % 10n ** 7n));
          s.addProductLimbs(x, e - 20, Float64Array.from([...f, 0, 0, 0, 0]), f.length - 3, Number(F), ef);
          want = want.plus(new Exact(x).times(F.toString()).div(new Exact(10).pow(e + ef)));
        }
        const v = s.value(20, 0);
        if (v === undefined) return; // beyond the limbs: the caller sums in kernel values
        expect(exactOf(v).eq(want)).toBe(true);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
  it('a hand case: 3 x 0.0821917808219178082191780821917808219178 (40 digits) = 0.2465753424657534246575342465753424657534', () => {
    const s = new LimbSum();
    const F = 821917808219178082191780821917808219178n;
    const f: number[] = [0, 0, 0];
    for (let b = F; b !== 0n; b /= 10n ** 7n) f.push(Number(b % 10n ** 7n));
    s.addProductLimbs(3, 0, Float64Array.from([...f, 0, 0, 0, 0]), f.length - 3, Number(F), 40);
    expect(exactOf(s.value(0, 0)!).toFixed()).toBe('0.2465753424657534246575342465753424657534');
  });
});
