import { describe, expect, it } from 'vitest';
import { parseMarket, valueInstrument } from '../../src/index.js';
import { sampleMarket } from '../helpers/sample.js';

// The valuation is public (exported, and in RiskArrays.valuations): its keys keep the order every
// release so far has given them (instrument, years, index, rate, settlementPrice, settlementTiedTo,
// forward, fixedForward, vol, markValue, markValueUp, delta, gamma, vega, theta), optional fields in
// their place and absent when not set, so that JSON.stringify of it keeps the same bytes.
describe('valueInstrument: key order', () => {
  const m = parseMarket(sampleMarket());
  const keys = (symbol: string) => Object.keys(valueInstrument(m, m.instruments.get(symbol)!));
  it('a linear future: no optional field', () => {
    expect(keys('BTC-PERP')).toEqual(['instrument', 'years', 'index', 'rate', 'settlementPrice', 'forward', 'markValue', 'markValueUp', 'delta', 'gamma', 'vega', 'theta']);
  });
  it('an inverse perpetual: settlementTiedTo right after settlementPrice', () => {
    expect(keys('BTC-USD-PERP-INV')).toEqual(['instrument', 'years', 'index', 'rate', 'settlementPrice', 'settlementTiedTo', 'forward', 'markValue', 'markValueUp', 'delta', 'gamma', 'vega', 'theta']);
  });
  it('an inverse option: settlementTiedTo, then forward and vol', () => {
    expect(keys('BTC-INV-25DEC26-100000-C')).toEqual(['instrument', 'years', 'index', 'rate', 'settlementPrice', 'settlementTiedTo', 'forward', 'vol', 'markValue', 'markValueUp', 'delta', 'gamma', 'vega', 'theta']);
  });
});

// A future's mark value (0) and the settlement price of an instrument settled in the account's own
// currency (1) are one Decimal each, shared by every valuation: frozen, so no caller can change them.
describe('valueInstrument: shared values are frozen', () => {
  const m = parseMarket(sampleMarket());
  it('a linear future settled in the account currency: settlement price 1 and mark value 0, frozen', () => {
    const v = valueInstrument(m, m.instruments.get('BTC-PERP')!);
    expect(v.settlementPrice.toString()).toBe('1');
    expect(v.markValue.toString()).toBe('0');
    expect(Object.isFrozen(v.settlementPrice)).toBe(true);
    expect(Object.isFrozen(v.markValue)).toBe(true);
    expect(Object.isFrozen(v.markValueUp)).toBe(true);
  });
});
