import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import type { Holding } from '../../src/margin/Holding.js';
import { deltaShock, rollShock } from '../../src/margin/index.js';
import { deltaShockKeys, deltaShockLines, deltaShockOf, deltaShockPlan } from '../../src/margin/deltaShock.js';
import { symbolOrder } from '../../src/margin/symbolOrder.js';
import { rankKeys } from '../../src/margin/groupPlan.js';
import { KERNEL_ARITHMETIC } from '../../src/kernel/kernelArithmetic.js';
import { exactString, fromDecimalString } from '../../src/kernel/kv.js';
import { DECIMAL_ARITHMETIC } from '../../src/numeric/Arithmetic.js';
import { eachRollShockLine, rollShockKey, rollShockKeys, rollShockLines, rollShockPlan } from '../../src/margin/rollShock.js';

// The roll and delta shocks' plans (which holdings make which line, in which order: the structure the
// Decimal layer and the kernel share) and amounts, on a small book worked out by hand below, given in
// a deliberately unsorted order; and the property that the order of the holdings never changes a byte.

const DAY = 86_400_000;
const asOfMs = Date.parse('2026-10-15T08:00:00Z');
const dec = asOfMs + 73 * DAY; // T = 73 / 365 = 0.2 y: roll rate max(0.01, 0.075 x 0.2) = 0.015
const mar = asOfMs + 146 * DAY; // T = 0.4 y: rate 0.03
const holdings: Holding[] = [
  { symbol: 'ETH-PERP', kind: 'future', underlying: 'ETH', units: D(10), unitPrice: D(4000), delta: 10 },
  { symbol: 'BTC-27DEC26-90000-P', kind: 'option', underlying: 'BTC', units: D(-2), unitPrice: D(100000), delta: 0.75, right: 'put', strike: D(90000), expiryMs: dec },
  { symbol: 'BTC-PERP', kind: 'future', underlying: 'BTC', units: D(2), unitPrice: D(100000), delta: 2 },
  { symbol: 'BTC-27DEC26-110000-C', kind: 'option', underlying: 'BTC', units: D(3), unitPrice: D(100000), delta: 1.2, right: 'call', strike: D(110000), expiryMs: dec },
  { symbol: 'BTC-26MAR27', kind: 'future', underlying: 'BTC', units: D(-1), unitPrice: D(100000), delta: -1, expiryMs: mar },
  { symbol: 'BTC-26MAR27-100000-C', kind: 'option', underlying: 'BTC', units: D(1), unitPrice: D(100000), delta: 0.5, right: 'call', strike: D(100000), expiryMs: mar },
];
const roll = { minAnnualisedMove: D('0.01'), annualisedMoveRisk: D('0.075'), includeOptions: true };
const shock = { threshold: D(1000), incrementPerUnit: D('0.01'), max: D('0.1'), includeOptions: true };
const index = (u: string) => (u === 'BTC' ? D(100000) : D(4000));

describe('roll shock plan and amount', () => {
  it('lines: futures in symbol order, then one per underlying and expiry, members in symbol order', () => {
    // Symbol order: BTC-26MAR27 (4), BTC-26MAR27-100000-C (5), BTC-27DEC26-110000-C (3), BTC-27DEC26-90000-P (1),
    // BTC-PERP (2), ETH-PERP (0). Futures: 4, 2, 0. Expiries by key 'BTC|<ms>': Dec (3, 1), then Mar (5).
    expect(Array.from(rollShockPlan(holdings, true))).toEqual([3, 4, 2, 0, 2, 2, 3, 1, 1, 5]);
    expect(Array.from(rollShockPlan(holdings, false))).toEqual([3, 4, 2, 0, 0]);
  });
  it('amount by hand', () => {
    // Futures: 1 x 0.03 x 100,000 = 3,000; 2 x 0.01 x 100,000 = 2,000; 10 x 0.01 x 4,000 = 400.
    // Dec options: |1.2 + 0.75| = 1.95 x 0.015 x 100,000 = 2,925. Mar: 0.5 x 0.03 x 100,000 = 1,500. Sum 9,825.
    const a = rollShock(holdings, asOfMs, roll);
    expect(a.amount.toString()).toBe('9825');
    expect(a.inputs).toMatchObject({ grossFutureUnits: '13', optionDeltaUnits: '2.45' });
  });
  it("an expiry's line as digits (expiryLine): fromFloat's digits of |net delta|, the futures' lines as numbers", () => {
    const v = { units: (i: number) => holdings[i]!.units, unitPrice: (i: number) => holdings[i]!.unitPrice, delta: (i: number) => holdings[i]!.delta };
    const seen: string[] = [];
    const line = (u: { toString(): string }, i: number) => seen.push(`line ${u.toString()} @${i}`);
    const expiry = (u: { m: number; e: number }, i: number) => seen.push(`digits ${u.m}e-${u.e} @${i}`);
    eachRollShockLine(DECIMAL_ARITHMETIC, rollShockPlan(holdings, true), v, line, expiry);
    // Futures 4, 2, 0 (units -1, 2, 10); Dec: |1.2 + 0.75| = 1.95 at its first member (3); Mar: 0.5 at 5.
    expect(seen).toEqual(['line -1 @4', 'line 2 @2', 'line 10 @0', 'digits 195e-2 @3', 'digits 5e-1 @5']);
    // 0.1 + 0.2 is the float 0.30000000000000004: 12 significant digits, rounded away from zero, 0.300000000001.
    const got: number[] = [];
    eachRollShockLine(DECIMAL_ARITHMETIC, [0, 1, 2, 0, 1], { ...v, delta: (i: number) => [0.1, 0.2][i]! }, line, (u) => got.push(u.m, u.e));
    expect(got).toEqual([300000000001, 12]);
  });
});

describe('delta shock plan and amount', () => {
  it('per underlying in key order, members in symbol order, an option as ~index', () => {
    // BTC: 4, ~5 = -6, ~3 = -4, ~1 = -2, 2; ETH: 0.
    expect(Array.from(deltaShockPlan(holdings))).toEqual([2, 5, 4, -6, -4, -2, 2, 1, 0]);
  });
  it('amount by hand', () => {
    // BTC: futures -1 + 2 = 1, options 0.5 + 1.2 + 0.75 = 2.45: D = 3.45; 3.45 x 100,000 > 1,000, excess
    // 3.45 - 1,000 / 100,000 = 3.44, rate min(0.01 x 3.44, 0.1) = 0.0344: 3.45 x 0.0344 x 100,000 = 11,868.
    // ETH: D = 10, excess 10 - 1,000 / 4,000 = 9.75, rate 0.0975: 10 x 0.0975 x 4,000 = 3,900. Sum 15,768.
    const a = deltaShock(holdings, index, shock);
    expect(a.amount.toString()).toBe('15768');
    expect(a.inputs).toMatchObject({ absDeltaUnits: '13.45' });
  });
});

describe('order of the holdings', () => {
  it('never changes a byte of either shock', () => {
    const want = [JSON.stringify(rollShock(holdings, asOfMs, roll)), JSON.stringify(deltaShock(holdings, index, shock))];
    fc.assert(
      fc.property(fc.shuffledSubarray(holdings, { minLength: holdings.length, maxLength: holdings.length }), (hs) => {
        expect([JSON.stringify(rollShock(hs, asOfMs, roll)), JSON.stringify(deltaShock(hs, index, shock))]).toEqual(want);
      }),
      { seed: 20261201, numRuns: 200 },
    );
  });
});

describe('roll shock plan, by fields or by key ranks', () => {
  // The plan as documented, written plainly: futures in symbol order, then the options grouped by
  // their key `underlying|expiryMs` (a string, compared by UTF-16 code units: Array.prototype.sort's
  // default), each group's members in symbol order.
  const reference = (hs: readonly Pick<Holding, 'symbol' | 'kind' | 'underlying' | 'expiryMs'>[], includeOptions: boolean): number[] => {
    const bySymbol = hs.map((_, i) => i).sort((a, b) => (hs[a]!.symbol < hs[b]!.symbol ? -1 : hs[a]!.symbol > hs[b]!.symbol ? 1 : 0));
    const futures = bySymbol.filter((i) => hs[i]!.kind === 'future');
    const groups = new Map<string, number[]>();
    if (includeOptions) for (const i of bySymbol) if (hs[i]!.kind === 'option') groups.set(`${hs[i]!.underlying}|${hs[i]!.expiryMs}`, [...(groups.get(`${hs[i]!.underlying}|${hs[i]!.expiryMs}`) ?? []), i]);
    const keys = [...groups.keys()].sort();
    return [futures.length, ...futures, keys.length, ...keys.flatMap((k) => [groups.get(k)!.length, ...groups.get(k)!])];
  };
  // Underlyings that are prefixes of each other or hold '|', expiries of several digit counts, none.
  const holding = fc.record({
    symbol: fc.stringMatching(/^[A-C]{1,3}$/),
    kind: fc.constantFrom('future' as const, 'option' as const),
    underlying: fc.constantFrom('B', 'BX', 'B|1', 'b'),
    expiryMs: fc.constantFrom(undefined, 0, 9, 10, 123, 1798272000000, 17982720000000),
  });
  it('equals the documented plan, with and without ranks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(holding, { selector: (h) => h.symbol, maxLength: 12 }), fc.boolean(), (hs, includeOptions) => {
        const want = reference(hs, includeOptions);
        expect(Array.from(rollShockPlan(hs, includeOptions))).toEqual(want);
        // Ranks of the keys among a larger fixed set (as the kernel ranks its table's keys).
        const all = [...new Set([...hs.map(rollShockKey), 'A|0', 'B|5', 'Z|1'])].sort();
        expect(after([], (out, at) => rollShockLines(rollRanks(hs, all), hs.length, includeOptions, symbolOrder(hs), out, at))).toEqual(want);
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
  it('past 16 holdings (an instrument table: keys found by a Map, not a scan), the same plan and ranks', () => {
    const many = fc.record({
      symbol: fc.stringMatching(/^[A-F]{1,3}$/),
      kind: fc.constantFrom('future' as const, 'option' as const, 'option' as const),
      underlying: fc.constantFrom('B', 'BX', 'B|1', 'b'),
      expiryMs: fc.constantFrom(undefined, 0, 9, 10, 123, 1798272000000, 17982720000000),
    });
    fc.assert(
      fc.property(fc.uniqueArray(many, { selector: (h) => h.symbol, minLength: 17, maxLength: 60 }), (hs) => {
        expect(Array.from(rollShockPlan(hs, true))).toEqual(reference(hs, true));
        // Each option's rank among its list's distinct keys in UTF-16 order, -1 a future.
        expect(Array.from(rollShockKeys(hs))).toEqual(rollRanks(hs, [...new Set(hs.filter((h) => h.kind !== 'future').map(rollShockKey))].sort()));
        const keys = hs.map((h) => (h.kind === 'future' ? undefined : h.underlying + h.symbol.slice(0, 1)));
        const distinct = [...new Set(keys.filter((k) => k !== undefined))].sort();
        expect(Array.from(rankKeys(keys))).toEqual(keys.map((k) => (k === undefined ? -1 : distinct.indexOf(k))));
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });
  // The delta shock's plan as documented, written plainly: one group per underlying in key order
  // (UTF-16 code units), its holdings in symbol order, a future as i, an option as ~i.
  const deltaReference = (hs: readonly Pick<Holding, 'symbol' | 'kind' | 'underlying'>[]): number[] => {
    const bySymbol = hs.map((_, i) => i).sort((a, b) => (hs[a]!.symbol < hs[b]!.symbol ? -1 : hs[a]!.symbol > hs[b]!.symbol ? 1 : 0));
    const keys = [...new Set(hs.map((h) => h.underlying))].sort();
    return [keys.length, ...keys.flatMap((k) => { const m = bySymbol.filter((i) => hs[i]!.underlying === k); return [m.length, ...m.map((i) => (hs[i]!.kind === 'future' ? i : ~i))]; })];
  };
  // A plan written after `prefix` into a list with room to spare (never read past the end returned).
  const after = (prefix: number[], write: (out: Int32Array, at: number) => number): number[] => {
    const out = new Int32Array(prefix.length + 40).fill(99);
    out.set(prefix);
    return Array.from(out.subarray(0, write(out, prefix.length)));
  };
  // Each holding's key for rollShockLines: -1 a future, else its key's rank among `all` (sorted).
  const rollRanks = (hs: readonly Pick<Holding, 'kind' | 'underlying' | 'expiryMs'>[], all: string[]): number[] => hs.map((h) => (h.kind === 'future' ? -1 : all.indexOf(rollShockKey(h))));
  it('after what a list holds, each plan right whatever plan was built before it (the builders share kept lists)', () => {
    const book = fc.uniqueArray(holding, { selector: (h) => h.symbol, maxLength: 12 });
    fc.assert(
      fc.property(book, book, fc.boolean(), (before, hs, includeOptions) => {
        // A plan of another book first (more or fewer members and groups than this one's).
        rollShockPlan(before, !includeOptions);
        const all = [...new Set([...hs.map(rollShockKey), 'A|0', 'Z|1'])].sort();
        expect(after([7, 8], (out, at) => rollShockLines(rollRanks(hs, all), hs.length, includeOptions, symbolOrder(hs), out, at))).toEqual([7, 8, ...reference(hs, includeOptions)]);
        expect(Array.from(rollShockPlan(hs, includeOptions))).toEqual(reference(hs, includeOptions));
        deltaShockPlan(before);
        expect(Array.from(deltaShockPlan(hs))).toEqual(deltaReference(hs));
        // Ranks of the underlyings among a larger fixed set (as the kernel ranks its table's).
        const underlyings = [...new Set([...hs.map((h) => h.underlying), 'A', 'Bz', 'c'])].sort();
        // The documented key: the underlying's rank, doubled, plus 1 for an option.
        const keys = hs.map((h) => 2 * underlyings.indexOf(h.underlying) + (h.kind === 'future' ? 0 : 1));
        expect(after([7], (out, at) => deltaShockLines(keys, hs.length, symbolOrder(hs), out, at))).toEqual([7, ...deltaReference(hs)]);
        // The shared key rules, as the kernel runs them: on a table holding more than the book (the
        // book first), the book's keys are the ranks among the table's, as documented.
        const table = [...hs, { kind: 'option' as const, underlying: 'A', expiryMs: 0 }, { kind: 'future' as const, underlying: 'Bz', expiryMs: undefined }, { kind: 'option' as const, underlying: 'Z', expiryMs: 1 }, { kind: 'option' as const, underlying: 'c', expiryMs: 2 }];
        const tableKeys = [...new Set(table.filter((h) => h.kind === 'option').map(rollShockKey))].sort();
        expect(Array.from(rollShockKeys(table).subarray(0, hs.length))).toEqual(rollRanks(hs, tableKeys));
        const tableUnderlyings = [...new Set(table.map((h) => h.underlying))].sort();
        expect(Array.from(deltaShockKeys(table).subarray(0, hs.length))).toEqual(hs.map((h) => 2 * tableUnderlyings.indexOf(h.underlying) + (h.kind === 'future' ? 0 : 1)));
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });
});

describe('delta shock amount alone (the kernel) at the threshold', () => {
  // One BTC underlying at an index of 100,000 against a threshold of 1,000 (D x index vs 1,000):
  // futures units u and one option of float delta o, read by both layers. The kernel asks for the
  // amount alone (absDelta not wanted), which lets its float bounds skip an underlying plainly below
  // the threshold; the amount must be the Decimal layer's in every case, by hand:
  const cases: [string, number, string][] = [
    // D = 0.001: 100 < 1,000, plainly below (skipped: unitPrice is never read).
    ['0.001', 0, '0'],
    // D = 0.01 exactly on the threshold (1,000 is not above 1,000): 0, decided exactly (within the bounds' margin).
    ['0.01', 0, '0'],
    // D = 0.005 + 0.004999999999 = 0.009999999999: 999.9999999, 1e-10 relative below: exact path, 0.
    ['0.005', 0.004999999999, '0'],
    // D = 0.0100001: excess 0.0000001, rate 0.01 x 1e-7 = 1e-9: 0.0100001 x 1e-9 x 100,000 = 0.00000100001.
    ['0.0100001', 0, '0.00000100001'],
    // D = 0.005 + 0.0050001 = 0.0100001 (the option's delta through fromFloat, 12 digits): the same.
    ['0.005', 0.0050001, '0.00000100001'],
  ];
  const plan = [1, 2, 0, ~1];
  it.each(cases)('futures %s, option delta %s: %s', (units, optionDelta, want) => {
    const decimal = deltaShockOf(DECIMAL_ARITHMETIC, plan, { units: (i) => (i === 0 ? D(units) : D(1)), unitPrice: () => D(100000), delta: (i) => (i === 1 ? optionDelta : 0), index: () => D(100000) }, { threshold: D(1000), incrementPerUnit: D('0.01'), max: D('0.1'), includeOptions: true });
    expect(decimal.amount.toFixed()).toBe(want);
    const plainlyBelow = want === '0' && Number(units) + optionDelta < 0.005;
    const kernel = deltaShockOf(
      KERNEL_ARITHMETIC,
      plan,
      {
        units: (i) => fromDecimalString(i === 0 ? units : '1'),
        unitPrice: () => (plainlyBelow ? expect.unreachable('read for an underlying plainly below the threshold') : fromDecimalString('100000')),
        delta: (i) => (i === 1 ? optionDelta : 0),
        index: () => fromDecimalString('100000'),
      },
      { threshold: fromDecimalString('1000'), incrementPerUnit: fromDecimalString('0.01'), max: fromDecimalString('0.1'), includeOptions: true },
      false,
    );
    expect(exactString(kernel.amount)).toBe(want);
  });
});
