import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEntries, riskUnitPlan, type PlanContext, type PlanHolding } from '../../src/margin/accountPlan.js';
import type { MarginParameters } from '../../src/margin/MarginParameters.js';
import { DECIMAL_ARITHMETIC } from '../../src/numeric/Arithmetic.js';
import { D, type Decimal } from '../../src/numeric/decimal.js';
import type { Instrument } from '../../src/schema/instrumentSchema.js';

// Risk units over up to 20 underlyings (an account's units are found by a scan up to 8 of them, by a
// Map beyond): the plan must be the documented one, written plainly below, whatever the count.
describe('riskUnitPlan over few and many underlyings', () => {
  // Underlyings U00..U19; U03 and U17 form the group 'G' (any other is its own unit, id = underlying).
  const groupOf = (u: string): string => (u === 'U03' || u === 'U17' ? 'G' : u);
  const params = { riskUnits: [{ id: 'G', underlyings: ['U03', 'U17'] }], collateralInScenarios: true } as unknown as MarginParameters;
  const inst = (u: string, k: number): Instrument => ({ symbol: `${u}-F${k}`, kind: 'future', underlying: u, settlement: 'linear', settlementCurrency: 'USD' }) as unknown as Instrument;
  const ctx: PlanContext<Decimal> = {
    instruments: new Map(),
    params,
    contractSize: () => D(1),
    forward: () => D(1),
    hasArray: () => true,
    // Asset Aij is tied to underlying Uij.
    assetUnderlying: (a) => `U${a.slice(1)}`,
  };
  const underlying = fc.integer({ min: 0, max: 19 }).map((i) => `U${String(i).padStart(2, '0')}`);
  it('units in id order, holdings in the order given, positions then balances in asset order', () => {
    fc.assert(
      fc.property(fc.array(underlying, { minLength: 1, maxLength: 40 }), fc.uniqueArray(underlying, { maxLength: 6 }), (us, tied) => {
        const held: PlanHolding<Decimal>[] = us.map((u, k) => ({ symbol: `${u}-F${k}`, inst: inst(u, k), qty: D(k + 1), coin: D(0) }));
        const collateral = tied.map((u) => ({ asset: `A${u.slice(1)}`, balance: D(1) }));
        const plan = riskUnitPlan(DECIMAL_ARITHMETIC, held, collateral, ctx, true);
        // Plainly: the ids met, sorted; per id its underlyings in the order met, its holdings in input order,
        // its entries: its positions (input order), then its balances in asset order.
        const ids = [...new Set([...us, ...tied].map(groupOf))].sort();
        expect(plan.map((u) => u.id)).toEqual(ids);
        for (const u of plan) {
          expect(u.underlyings).toEqual([...new Set([...us, ...[...tied].sort()].filter((x) => groupOf(x) === u.id))]);
          expect(u.held.map((h) => h.symbol)).toEqual(held.filter((h) => groupOf(h.inst.underlying) === u.id).map((h) => h.symbol));
          const balances = collateral.filter((c) => groupOf(`U${c.asset.slice(1)}`) === u.id).map((c) => c.asset).sort();
          expect(u.entries.map((e) => `${e.kind}:${e.key}`)).toEqual([...u.held.map((h) => `position:${h.symbol}`), ...balances.map((a) => `collateral:${a}`)]);
        }
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
  it('coin amounts of inverse futures after the positions, in holding order, in the unit of their tied asset', () => {
    // Holdings in symbol order (as netted); some are inverse futures settled in asset Aij (tied to Uij) with a coin amount.
    const inverse = (u: string, k: number, coin: string): Instrument => ({ symbol: `${u}-F${k}`, kind: 'future', underlying: u, settlement: 'inverse', settlementCurrency: coin }) as unknown as Instrument;
    fc.assert(
      fc.property(fc.array(fc.tuple(underlying, fc.option(underlying, { nil: undefined })), { minLength: 1, maxLength: 30 }), fc.uniqueArray(underlying, { maxLength: 6 }), (rows, tied) => {
        const held: PlanHolding<Decimal>[] = rows
          .map(([u, c], k) => ({ symbol: `${u}-F${String(k).padStart(2, '0')}`, inst: c === undefined ? inst(u, k) : inverse(u, k, `A${c.slice(1)}`), qty: D(k + 1), coin: D(c === undefined ? 0 : k + 1) }))
          .sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
        const collateral = tied.map((u) => ({ asset: `A${u.slice(1)}`, balance: D(1) }));
        const plan = riskUnitPlan(DECIMAL_ARITHMETIC, held, collateral, ctx, true);
        const unitOfAsset = (a: string): string => groupOf(`U${a.slice(1)}`);
        for (const u of plan) {
          // Plainly: positions of the unit's holdings, then the coin amounts tied to it, then its balances, each by key (the canonical order).
          const positions = held.filter((h) => groupOf(h.inst.underlying) === u.id).map((h) => `position:${h.symbol}`);
          const coins = held.filter((h) => !h.coin.isZero() && unitOfAsset(h.inst.settlementCurrency) === u.id).map((h) => `coin:${h.symbol}:${h.inst.settlementCurrency}`);
          const balances = collateral.filter((c) => unitOfAsset(c.asset) === u.id).map((c) => `collateral:${c.asset}`).sort();
          expect(u.entries.map((e) => `${e.kind}:${e.key}${e.kind === 'coin' ? `:${e.array}` : ''}`)).toEqual([...positions, ...coins, ...balances]);
          // The same order is the comparator's, which the Decimal path's other sorts use.
          expect(u.entries).toEqual([...u.entries].sort(compareEntries));
        }
        // Every unit id met (holdings, coins, balances), in id order.
        const ids = [...new Set([...held.map((h) => groupOf(h.inst.underlying)), ...held.filter((h) => !h.coin.isZero()).map((h) => unitOfAsset(h.inst.settlementCurrency)), ...collateral.map((c) => unitOfAsset(c.asset))])].sort();
        expect(plan.map((u) => u.id)).toEqual(ids);
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });
});
