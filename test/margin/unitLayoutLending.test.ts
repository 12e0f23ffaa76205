import { describe, expect, it } from 'vitest';
import { releaseLayout, riskUnitPlan, unitLayout, type PlanContext, type PlanHolding } from '../../src/margin/accountPlan.js';
import type { MarginParameters } from '../../src/margin/MarginParameters.js';
import { DECIMAL_ARITHMETIC } from '../../src/numeric/Arithmetic.js';
import { D, type Decimal } from '../../src/numeric/decimal.js';
import type { Instrument } from '../../src/schema/instrumentSchema.js';

// unitLayout's lists are kept between layouts: a layout is lent until released, and a layout made
// meanwhile (a plan made from inside a context callback, or while a caller still reads one) must not
// be written over the lent one. Expected units written plainly beside each case.
describe('unitLayout lends its layout until released', () => {
  const params = { riskUnits: [], collateralInScenarios: true } as unknown as MarginParameters;
  const future = (symbol: string, underlying: string): PlanHolding<Decimal> => ({
    symbol,
    inst: { symbol, kind: 'future', underlying, settlement: 'linear', settlementCurrency: 'USD' } as unknown as Instrument,
    qty: D(1),
    coin: D(0),
  });
  const ctxWith = (assetUnderlying: (a: string) => string | undefined): PlanContext<Decimal> => ({
    instruments: new Map(),
    params,
    contractSize: () => D(1),
    forward: () => D(1),
    hasArray: () => true,
    assetUnderlying,
  });
  const entriesOf = (plan: ReturnType<typeof riskUnitPlan<Decimal>>) => plan.map((u) => [u.id, u.entries.map((e) => `${e.kind}:${e.key}`)]);

  it('a plan made from inside a context callback leaves the outer layout whole', () => {
    const held = [future('BTC-PERP', 'BTC'), future('ETH-PERP', 'ETH')];
    const collateral = [{ asset: 'XBTC', balance: D(1) }];
    let nested: ReturnType<typeof riskUnitPlan<Decimal>> | undefined;
    // Asset XBTC moves with BTC; asking for it plans another account (SOL-PERP alone) first.
    const ctx = ctxWith((a) => {
      nested = riskUnitPlan(DECIMAL_ARITHMETIC, [future('SOL-PERP', 'SOL')], [], ctxWith(() => undefined), true);
      return a === 'XBTC' ? 'BTC' : undefined;
    });
    const plan = riskUnitPlan(DECIMAL_ARITHMETIC, held, collateral, ctx, true);
    // Plainly: units BTC (its future, then the XBTC balance tied to it) and ETH (its future), in id order.
    expect(entriesOf(plan)).toEqual([
      ['BTC', ['position:BTC-PERP', 'collateral:XBTC']],
      ['ETH', ['position:ETH-PERP']],
    ]);
    expect(entriesOf(nested!)).toEqual([['SOL', ['position:SOL-PERP']]]);
  });

  it('a layout still lent is not written over by the next one; once released it is reused', () => {
    const ctx = ctxWith(() => undefined);
    const a = unitLayout(DECIMAL_ARITHMETIC, [future('BTC-PERP', 'BTC'), future('ETH-PERP', 'ETH')], [], ctx, true);
    const b = unitLayout(DECIMAL_ARITHMETIC, [future('SOL-PERP', 'SOL')], [], ctx, true);
    expect(b).not.toBe(a);
    // a still reads as its own account: two units, BTC then ETH.
    expect(a.ids.slice(0, a.n)).toEqual(['BTC', 'ETH']);
    expect(b.ids.slice(0, b.n)).toEqual(['SOL']);
    releaseLayout(b);
    releaseLayout(a);
    const c = unitLayout(DECIMAL_ARITHMETIC, [future('XRP-PERP', 'XRP')], [], ctx, true);
    expect(c).toBe(a);
    expect(c.ids.slice(0, c.n)).toEqual(['XRP']);
    releaseLayout(c);
  });

  it('a layout that throws (a held symbol without a risk array) is given back, not lost', () => {
    const ok = ctxWith(() => undefined);
    const first = unitLayout(DECIMAL_ARITHMETIC, [future('BTC-PERP', 'BTC')], [], ok, true);
    releaseLayout(first);
    const missing: PlanContext<Decimal> = { ...ok, hasArray: () => false };
    expect(() => unitLayout(DECIMAL_ARITHMETIC, [future('BTC-PERP', 'BTC')], [], missing, true)).toThrow(/no risk array for BTC-PERP/);
    const next = unitLayout(DECIMAL_ARITHMETIC, [future('ETH-PERP', 'ETH')], [], ok, true);
    expect(next).toBe(first);
    releaseLayout(next);
  });
});
