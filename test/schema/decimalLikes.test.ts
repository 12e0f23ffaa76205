/**
 * Issue 9, item 12 (class: decimal inputs). Where a decimal goes, a raw input may hold a decimal
 * string, a JSON number or a decimal.js instance. Look-alikes used to pass `Decimal.isDecimal` (plain
 * JSON `{"toStringTag": "[object Decimal]"}` threw `TypeError: v.toFixed is not a function`), and a
 * real instance skipped the string bounds (`new Decimal('1e-9000000')` was expanded into a 9 MB
 * string, `1e-600000000` exhausted the heap). Now an instance is read by its fields, checked against
 * the same bounds before any string is built, and everything else is a typed issue at its path.
 * Class test: every leaf of every schema's input (so every decimal field) fed each hostile value.
 */
import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import * as L from '../../src/index.js';
import { untyped } from '../helpers/untyped.js';
import { everySchema, leavesOf, replaced, type Path } from './everyField.js';

const HostDecimal = DecimalJs.clone(); // a decimal.js constructor that is not the library's
const throwingFixed = Object.create({ toStringTag: '[object Decimal]', toFixed: () => { throw new Error('look-alike method called'); } });
const getterDigits = Object.create({ toStringTag: '[object Decimal]' }, { s: { value: 1, enumerable: true }, e: { value: 0, enumerable: true }, d: { get: () => { throw new Error('getter called'); }, enumerable: true } });
const trapping = new Proxy({}, { getPrototypeOf: () => { throw new Error('trap'); }, get: () => { throw new Error('trap'); }, getOwnPropertyDescriptor: () => { throw new Error('trap'); } });

/** Values that must never get past the boundary as a decimal, nor crash it. */
const HOSTILE: [string, () => unknown][] = [
  ['plain JSON tagged like a Decimal', () => JSON.parse('{"toStringTag":"[object Decimal]"}')],
  ['plain JSON with decimal.js fields', () => JSON.parse('{"toStringTag":"[object Decimal]","s":1,"e":0,"d":[5]}')],
  ['look-alike whose toFixed throws', () => throwingFixed],
  ['look-alike whose digits are a throwing getter', () => getterDigits],
  ['decimal.js 1e-9000000', () => new HostDecimal('1e-9000000')],
  ['decimal.js 1e-600000000', () => new HostDecimal('1e-600000000')],
  ['decimal.js 1e+600000000', () => new HostDecimal('1e+600000000')],
  ['decimal.js NaN', () => new HostDecimal(NaN)],
  ['decimal.js Infinity', () => new HostDecimal(-Infinity)],
  ['decimal.js with 46 significant digits', () => new HostDecimal('1.' + '0'.repeat(44) + '1')],
  ['library Decimal with 41 significant digits', () => new L.D('1.' + '0'.repeat(39) + '1')],
];

// unrecognized_key and missing_field occur inside a leaf where an object is a valid shape too (a tiered haircut curve).
const CODES = ['invalid_type', 'invalid_decimal', 'invalid_value', 'missing_field', 'invalid_timestamp', 'unrecognized_key'];

function outcome(f: () => unknown): { ok: true } | { ok: false; issues: L.MarginIssue[] } {
  try {
    f();
    return { ok: true };
  } catch (e) {
    if (e instanceof L.MarginInputError) return { ok: false, issues: e.issues };
    throw e;
  }
}

describe('decimal-likes at the boundary (issue 9, item 12)', () => {
  it('repro: a plain JSON look-alike is invalid_type, not a TypeError, at the 7 entry points', () => {
    const fake = JSON.parse('{"toStringTag":"[object Decimal]"}');
    const book = { accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC', quantity: fake }], collateral: [] };
    for (const r of [L.safeParsePortfolio(book), L.safeAssessAccount(book, untyped({}), untyped({}))]) {
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues).toContainEqual(expect.objectContaining({ code: 'invalid_type', path: ['positions', 0, 'quantity'], argument: 'portfolio' }));
    }
  });

  it('repro: decimal.js 1e-9000000 and 1e-600000000 are refused at once (no 9 MB string, no exhausted heap)', () => {
    for (const v of ['1e-9000000', '1e-600000000']) {
      const r = L.safeParsePortfolio({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC', quantity: new HostDecimal(v) }], collateral: [] });
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues).toContainEqual(expect.objectContaining({ code: 'invalid_decimal', path: ['positions', 0, 'quantity'] }));
    }
  });

  it('a decimal.js instance within the bounds (ours, or another constructor) is taken by value', () => {
    for (const q of [new HostDecimal('-12.5'), new L.D('0.000000001'), new HostDecimal('123456789.123456789012345678901234567890'), new HostDecimal('1e24'), new HostDecimal(5e-324), new HostDecimal(0), new HostDecimal('-0')]) {
      const p = L.parsePortfolio({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC', quantity: q }], collateral: [] });
      expect(p.positions[0]!.quantity.toFixed()).toBe(new HostDecimal(q).isZero() ? '0' : q.toFixed());
    }
  });

  for (const s of everySchema()) {
    it(`${s.name}: every leaf fed every hostile decimal-like gives a typed issue at that leaf`, () => {
      expect(outcome(() => s.parse(structuredClone(s.input)))).toEqual({ ok: true });
      const leaves = leavesOf(s.input);
      for (const path of leaves) {
        // A Proxy whose traps throw only where a decimal goes (zod itself reads `.length` of what it
        // is given where a string goes; that class, throwing getters, is not this item's).
        const decimalLeaf = /^-?\d/.test(String(path.reduce((o: any, k) => o[k], s.input))) && !['version', 'id'].includes(String(path.at(-1)));
        // Elsewhere (ids, enums, timestamps) two suffice: a look-alike and a real instance.
        for (const [name, make] of decimalLeaf ? [...HOSTILE, ['Proxy whose traps throw', () => trapping] as [string, () => unknown]] : [HOSTILE[0]!, HOSTILE[6]!]) {
          const r = outcome(() => s.parse(replaced(s.input, path, make())));
          expect(r.ok, `${s.name} ${JSON.stringify(path)} <- ${name}`).toBe(false);
          if (!r.ok) {
            // At the leaf, or inside it where an object is a valid shape there (a tiered haircut curve).
            const at = r.issues.filter((i) => JSON.stringify(i.path.slice(0, path.length)) === JSON.stringify(path as Path));
            expect(at.length, `${s.name} ${JSON.stringify(path)} <- ${name}: ${JSON.stringify(r.issues)}`).toBeGreaterThan(0);
            for (const i of at) {
              expect(CODES, `${s.name} ${JSON.stringify(path)} <- ${name}`).toContain(i.code);
              expect(i.argument).toBe(s.argument);
            }
          }
        }
      }
    });
  }

  it('the walk reaches every decimal field of every schema', () => {
    const keys = new Set(everySchema().flatMap((s) => leavesOf(s.input).map((p) => String(p.filter((k) => typeof k === 'string').at(-1)))));
    // Every decimalField in src (grep decimalField / nonNeg), by key.
    const decimalKeys = [
      'confidence', 'iv', 'index', 'rate', 'price', 'quantity', 'entryPrice', 'isolatedMargin', 'accruedFunding', 'balance', 'contractSize', 'strike',
      'netDeltaRate', 'grossOptionRate', 'upTo', 'multiplier', 'amount', 'im', 'mm', 'imPerUnit', 'mmPerUnit', 'imBase', 'imFloor', 'putMarkMm', 'deltaRatio',
      'haircut', 'initial', 'maintenance', 'markPrice', 'fundingRate', 'cap', 'periods', 'size', 'minVol', 'referenceDays', 'floorDays', 'switchDays',
      'shortPower', 'longPower', 'range', 'z', 'horizonDays', 'vol', 'min', 'max', 'move', 'rangeMultiple', 'fraction', 'c', 'timeStepDays', 'weight',
      'maxDown', 'maxUp', 'tolerance', 'marginCallBand', 'fee', 'slippage', 'endBuffer', 'auctionDiscount', 'stalenessCharge', 'minConfidence', 'equity',
      'maintenanceMargin', 'markToMarket', 'cash', 'bufferScale', 'discountFactor', 'shortage', 'maintenanceMarginRate', 'unrealizedPnl', 'entryNotional',
      'markNotional', 'walletBalance', 'maintenanceAmount', 'factor', 'pnlOffset', 'maxOffsetablePnl', 'minAnnualisedMove', 'annualisedMoveRisk',
      'threshold', 'incrementPerUnit', 'factorOfInitial',
    ];
    for (const k of decimalKeys) expect(keys, k).toContain(k);
    // Records of decimals (forwards, moves, settlement prices) are reached by their keys.
    for (const k of ['2026-12-25T08:00:00Z', 'SOL', 'ETH']) expect(keys).toContain(k);
  });
});
