import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastPortfolio, fastTrades } from '../../src/kernel/fastPortfolio.js';
import { parseTrades } from '../../src/health/parseTrades.js';
import { exactString, inWideMode } from '../../src/kernel/kv.js';
import { safeParsePortfolio } from '../../src/schema/parse.js';
import { bookArb, HOSTILE, mutate, mutationArb, paths, SEED_BOOK } from '../trust/generators.js';

// The kernel's fast reader of raw accounts (no zod, no Decimal) must never accept what the schema
// rejects, and what it accepts must have the schema's values (issue 10). Property over the fuzz
// inputs of test/trust (valid books mutated once or twice with hostile values, deletions, unknown
// keys and duplicates) and random JSON.

const read = (x: unknown) => inWideMode(() => fastPortfolio(x));

/** The fast reader's values in the schema's parsed form, for comparison. */
function asParsed(x: NonNullable<ReturnType<typeof fastPortfolio>>) {
  return {
    accountId: x.accountId,
    settlementCurrency: x.settlementCurrency,
    positions: x.positions.map((p) => ({
      symbol: p.symbol,
      quantity: exactString(p.q),
      ...(p.entry ? { entryPrice: exactString(p.entry) } : {}),
      ...(p.isolated ? { isolatedMargin: exactString(p.isolated) } : {}),
      ...(p.funding ? { accruedFunding: exactString(p.funding) } : {}),
    })),
    collateral: x.collateral.map((c) => ({ asset: c.asset, balance: exactString(c.balance) })),
  };
}
function schemaValues(x: unknown) {
  const r = safeParsePortfolio(x);
  if (!r.success) return undefined;
  const d = r.data;
  const s = (v: { isZero(): boolean; toFixed(): string } | undefined) => (v === undefined ? undefined : v.isZero() ? '0' : v.toFixed());
  return {
    accountId: d.accountId,
    settlementCurrency: d.settlementCurrency,
    positions: d.positions.map((p) => ({
      symbol: p.symbol,
      quantity: s(p.quantity)!,
      ...(p.entryPrice ? { entryPrice: s(p.entryPrice) } : {}),
      ...(p.isolatedMargin ? { isolatedMargin: s(p.isolatedMargin) } : {}),
      ...(p.accruedFunding ? { accruedFunding: s(p.accruedFunding) } : {}),
    })),
    collateral: d.collateral.map((c) => ({ asset: c.asset, balance: s(c.balance)! })),
  };
}

/** `check` on `seed` mutated once or twice (hostile values, deletions, unknown keys, duplicates). */
function mutatedOnceOrTwice(seed: unknown, check: (x: unknown) => void, fcSeed: number, numRuns: number): void {
  const all = paths(seed);
  fc.assert(
    fc.property(fc.nat(all.length - 1), mutationArb, fc.nat(all.length - 1), mutationArb, fc.boolean(), (i, m1, j, m2, twice) => {
      let x = mutate(seed, all[i]!, m1);
      if (twice) {
        const again = paths(x);
        if (again.length) x = mutate(x, again[j % again.length]!, m2);
      }
      check(x);
    }),
    { seed: fcSeed, numRuns },
  );
}

function agrees(x: unknown): void {
  const fast = read(x);
  if (fast === undefined) return; // the schema decides (accepts an uncommon spelling or throws the right error)
  const schema = schemaValues(x);
  expect(schema, `accepted what the schema rejects: ${JSON.stringify(x).slice(0, 300)}`).toBeDefined();
  expect(asParsed(fast)).toEqual(schema);
}

describe('fastPortfolio never accepts what the schema rejects, and reads what it accepts as the schema does', () => {
  it('valid random books (it should read nearly all of them)', () => {
    let read1 = 0;
    fc.assert(
      fc.property(bookArb({ maxPositions: 12 }), (b) => {
        agrees(b);
        if (read(b)) read1++;
      }),
      { seed: 10, numRuns: 500 },
    );
    expect(read1).toBeGreaterThan(450);
  });
  it('books mutated once or twice (hostile values, deletions, unknown keys, duplicates)', () => {
    const seed = { ...SEED_BOOK, positions: [...SEED_BOOK.positions, { symbol: 'BTC-PERP', quantity: '1', entryPrice: '99000', isolatedMargin: '100', accruedFunding: '-1.5' }] };
    mutatedOnceOrTwice(seed, agrees, 11, 4000);
  });
  it('every hostile value in every amount and identifier field', () => {
    const fields = paths(SEED_BOOK).filter((p) => typeof p[p.length - 1] === 'string');
    for (const path of fields) for (const value of HOSTILE) agrees(mutate(SEED_BOOK, path, { kind: 'set', value }));
  });
  it('entry prices at the schema\'s price floor (LIMITS.minPrice = 1e-18): below it refused by both, at it and above read by both', () => {
    const book = (entryPrice: string | number) => ({ ...SEED_BOOK, positions: [{ symbol: 'BTC-PERP', quantity: '1', entryPrice }] });
    for (const e of ['0.0000000000000000009', '0.0000000000000000001', '0.00000000000000000099999', '-0.000000000000000001', '0']) {
      expect(read(book(e)), e).toBeUndefined();
      expect(safeParsePortfolio(book(e)).success, e).toBe(false);
    }
    for (const e of ['0.000000000000000001', '0.0000000000000000010', '0.00000000000000000100001', '0.000001', '1', 99000]) {
      expect(read(book(e)), String(e)).toBeDefined();
      agrees(book(e));
    }
  });
  it('random JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (x) => agrees(x)), { seed: 12, numRuns: 2000 });
  });
  it('amount strings: read exactly when in the common spelling (the documented rule: /^-?\\d{1,24}(?:\\.\\d{1,30})?$/, at most 30 digits)', () => {
    // The rule as written in fastPortfolio's documentation, checked against its one-pass reader.
    const common = (s: string) => /^-?\d{1,24}(?:\.\d{1,30})?$/.test(s) && s.replace(/[-.]/g, '').length <= 30;
    const book = (quantity: string) => ({ ...SEED_BOOK, positions: [{ symbol: 'BTC-PERP', quantity }] });
    const chars = fc.constantFrom('0', '1', '9', '5', '-', '.', '+', 'e', ' ', '\n', '١');
    const digits = (n: number) => fc.array(fc.constantFrom('0', '1', '2', '7', '9'), { minLength: n, maxLength: n }).map((a) => a.join(''));
    const strings = fc.oneof(
      fc.array(chars, { maxLength: 34 }).map((a) => a.join('')),
      // Near the length bounds: 23 to 25 integer digits, 29 to 31 decimals, 30 or 31 digits in all.
      fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 31 })).chain(([neg, w, d]) =>
        fc.tuple(digits(w), digits(d)).map(([a, b]) => `${neg ? '-' : ''}${a}${d > 0 || w % 2 ? '.' : ''}${b}`),
      ),
    );
    fc.assert(
      fc.property(strings, (s) => {
        const ok = read(book(s)) !== undefined;
        // A zero of 16 to 30 digits and the like all parse; every common spelling is read.
        expect(ok, JSON.stringify(s)).toBe(common(s));
        agrees(book(s));
      }),
      { seed: 13, numRuns: 2000 },
    );
  });
  it('the 15-significant-digit boundary: leading zeros do not count, and a 16-digit amount is exact in or out of wide mode', () => {
    // Up to 15 significant digits a float holds the digits exactly; from 16 the reader takes the exact
    // BigInt form. Each expected string is the amount's own canonical spelling.
    const cases: [string, string][] = [
      ['0000000123456789012345', '123456789012345'],
      ['000000999999999999999', '999999999999999'],
      ['0001000000000000000', '1000000000000000'],
      ['0009007199254740993', '9007199254740993'],
      ['-00009007199254740993.0', '-9007199254740993'],
      ['0.000999999999999999', '0.000999999999999999'],
      ['0.0001000000000000001', '0.0001000000000000001'],
      ['99999999999999.95', '99999999999999.95'],
      ['-0.00000000000000000000000001', '-0.00000000000000000000000001'],
      ['12345678901234567890.1234567891', '12345678901234567890.1234567891'],
      ['-0000000000.0000000000', '0'],
    ];
    for (const [quantity, expected] of cases) {
      const book = { ...SEED_BOOK, positions: [{ symbol: 'BTC-PERP', quantity }] };
      expect(exactString(fastPortfolio(book)!.positions[0]!.q), quantity).toBe(expected);
      expect(exactString(read(book)!.positions[0]!.q), quantity).toBe(expected);
    }
  });
  it('objects that are not plain JSON, inherited keys and prototype-named keys go to the schema', () => {
    class Book {
      accountId = 'a';
      settlementCurrency = 'USDC';
      positions = [];
      collateral = [];
    }
    expect(read(new Book())).toBeUndefined();
    expect(read(Object.create({ accountId: 'a' }))).toBeUndefined();
    const odd = JSON.parse('{"accountId":"a","settlementCurrency":"USDC","positions":[],"collateral":[],"__proto__":{"x":1}}');
    agrees(odd);
    agrees({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'constructor', quantity: '1' }], collateral: [{ asset: 'toString', balance: '2' }] });
  });
});

// The same for engine.check's trades: fastTrades never accepts what the trades schema rejects, and
// reads what it accepts with the schema's values.
const readTrades = (x: unknown) => inWideMode(() => fastTrades(x));
function schemaTrades(x: unknown) {
  try {
    const s = (v: { isZero(): boolean; toFixed(): string }) => (v.isZero() ? '0' : v.toFixed());
    return parseTrades(x).map((t) => ({ symbol: t.symbol, quantity: s(t.quantity), ...(t.price ? { price: s(t.price) } : {}), ...(t.fee ? { fee: s(t.fee) } : {}) }));
  } catch {
    return undefined;
  }
}
function tradesAgree(x: unknown): void {
  const fast = readTrades(x);
  if (fast === undefined) return;
  const schema = schemaTrades(x);
  expect(schema, `accepted what the schema rejects: ${JSON.stringify(x).slice(0, 300)}`).toBeDefined();
  expect(fast.map((t) => ({ symbol: t.symbol, quantity: exactString(t.quantity), ...(t.price ? { price: exactString(t.price) } : {}), ...(t.fee ? { fee: exactString(t.fee) } : {}) }))).toEqual(schema);
}
const SEED_TRADES = [
  { symbol: 'BTC-PERP', quantity: '-1.5', price: '95000.5', fee: '2.25' },
  { symbol: 'ETH-25DEC26-3000-P', quantity: 3, fee: '0' },
  { symbol: 'BTC-25DEC26-100000-C', quantity: '-0', price: '-0.00' },
];

describe('fastPortfolio reads a symbol or an asset once', () => {
  it('the value it checked is the value its line or balance carries (a getter is called once)', () => {
    const symbols = ['BTC-PERP', ''];
    const assets = ['USDC', ''];
    let symbolReads = 0;
    let assetReads = 0;
    // Getters that give a valid name first and an invalid one after: read twice, the line would carry ''.
    const position = Object.defineProperty({ quantity: '2' }, 'symbol', { enumerable: true, get: () => symbols[symbolReads++] ?? '' });
    const balance = Object.defineProperty({ balance: '5' }, 'asset', { enumerable: true, get: () => assets[assetReads++] ?? '' });
    const x = read({ accountId: 'a', settlementCurrency: 'USDC', positions: [position], collateral: [balance] });
    expect(x?.positions.map((p) => p.symbol)).toEqual(['BTC-PERP']);
    expect(x?.collateral.map((c) => c.asset)).toEqual(['USDC']);
    expect([symbolReads, assetReads]).toEqual([1, 1]);
  });
});

describe('fastTrades never accepts what the trades schema rejects, and reads what it accepts as the schema does', () => {
  it('valid random trades (it should read nearly all of them)', () => {
    let n = 0;
    const tradeArb = fc.record({ symbol: fc.constantFrom('BTC-PERP', 'ETH-PERP', 'BTC-25DEC26-100000-C'), quantity: fc.oneof(fc.integer({ min: -1e6, max: 1e6 }).map(String), fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((v) => v.toFixed(4))), price: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }).map((v) => v.toFixed(2)), { nil: undefined }), fee: fc.option(fc.nat(100).map(String), { nil: undefined }) }, { requiredKeys: ['symbol', 'quantity'] });
    fc.assert(
      fc.property(fc.array(tradeArb, { maxLength: 4 }), (ts) => {
        const x = ts.map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)));
        tradesAgree(x);
        if (readTrades(x)) n++;
      }),
      { seed: 13, numRuns: 500 },
    );
    expect(n).toBeGreaterThan(450);
  });
  it('trades mutated once or twice (hostile values, deletions, unknown keys, duplicates)', () => {
    mutatedOnceOrTwice(SEED_TRADES, tradesAgree, 14, 3000);
  });
  it('every hostile value in every field; random JSON; arrays and objects that are not plain', () => {
    for (const path of paths(SEED_TRADES)) for (const value of HOSTILE) tradesAgree(mutate(SEED_TRADES, path, { kind: 'set', value }));
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (x) => tradesAgree(x)), { seed: 15, numRuns: 2000 });
    class Trade {
      symbol = 'BTC-PERP';
      quantity = '1';
    }
    expect(readTrades([new Trade()])).toBeUndefined();
    expect(readTrades(Object.assign(Object.create(Array.prototype) as unknown[], { length: 0 }))).toBeUndefined();
    tradesAgree([{ symbol: 'BTC-PERP', quantity: '1', price: '-1' }]);
    tradesAgree(Array.from({ length: 10_001 }, () => ({ symbol: 'BTC-PERP', quantity: '1' })));
  });
});
