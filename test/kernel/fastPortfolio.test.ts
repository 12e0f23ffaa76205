import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastPortfolio } from '../../src/kernel/fastPortfolio.js';
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
    const all = paths(seed);
    fc.assert(
      fc.property(fc.nat(all.length - 1), mutationArb, fc.nat(all.length - 1), mutationArb, fc.boolean(), (i, m1, j, m2, twice) => {
        let x = mutate(seed, all[i]!, m1);
        if (twice) {
          const again = paths(x);
          if (again.length) x = mutate(x, again[j % again.length]!, m2);
        }
        agrees(x);
      }),
      { seed: 11, numRuns: 4000 },
    );
  });
  it('every hostile value in every amount and identifier field', () => {
    const fields = paths(SEED_BOOK).filter((p) => typeof p[p.length - 1] === 'string');
    for (const path of fields) for (const value of HOSTILE) agrees(mutate(SEED_BOOK, path, { kind: 'set', value }));
  });
  it('random JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (x) => agrees(x)), { seed: 12, numRuns: 2000 });
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
