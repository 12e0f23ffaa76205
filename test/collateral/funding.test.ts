import { describe, expect, it } from 'vitest';
import { fundingPayment } from '../../src/collateral/index.js';
import { MarginInputError } from '../../src/schema/MarginInputError.js';

describe('fundingPayment', () => {
  it('linear: longs pay a positive rate', () => {
    // 2 BTC x 100,000 x 0.0001 = 20 paid by the long.
    expect(fundingPayment({ quantity: '2', contractSize: '1', markPrice: '100000', fundingRate: '0.0001' })).toEqual({ appliedRate: '0.0001', capped: false, payment: '-20' });
    // The short receives it.
    expect(fundingPayment({ quantity: '-2', contractSize: '1', markPrice: '100000', fundingRate: '0.0001' }).payment).toBe('20');
  });

  it('clamps the rate by the cap, both signs', () => {
    // Rate 1% capped at 0.75%: 2 x 100,000 x 0.0075 = 1,500 paid.
    expect(fundingPayment({ quantity: '2', contractSize: '1', markPrice: '100000', fundingRate: '0.01', cap: '0.0075' })).toEqual({ appliedRate: '0.0075', capped: true, payment: '-1500' });
    // Rate -1% capped at -0.75%: the long receives 1,500.
    expect(fundingPayment({ quantity: '2', contractSize: '1', markPrice: '100000', fundingRate: '-0.01', cap: '0.0075' })).toEqual({ appliedRate: '-0.0075', capped: true, payment: '1500' });
  });

  it('inverse: coins, size in USD; part of an interval', () => {
    // 1,000 x 10 USD / 50,000 = 0.2 BTC of notional; x 0.0001 = 0.00002 BTC paid; half an interval: 0.00001.
    expect(fundingPayment({ quantity: 1000, contractSize: 10, markPrice: 50000, fundingRate: 0.0001, settlement: 'inverse' }).payment).toBe('-0.00002');
    expect(fundingPayment({ quantity: 1000, contractSize: 10, markPrice: 50000, fundingRate: 0.0001, settlement: 'inverse', periods: '0.5' }).payment).toBe('-0.00001');
  });

  it('rounds the received amount down', () => {
    // 1 x 3 x 0.00001 = 0.00003 paid -> -0.00003; at 4 dp rounded towards -infinity: -0.0001.
    expect(fundingPayment({ quantity: '1', contractSize: '1', markPrice: '3', fundingRate: '0.00001', decimals: 4 }).payment).toBe('-0.0001');
  });

  it('bad input carries code and path', () => {
    try {
      fundingPayment({ quantity: '1', contractSize: '1', markPrice: '-3', fundingRate: 'x' } as never);
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(MarginInputError);
      expect((e as MarginInputError).issues.map((i) => [i.code, i.path.join('.'), i.argument])).toEqual([
        ['non_positive', 'markPrice', 'funding'],
        ['invalid_decimal', 'fundingRate', 'funding'],
      ]);
    }
  });
});
