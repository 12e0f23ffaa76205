import { describe, expect, it } from 'vitest';
import { parseMarginParameters, PRESETS } from '../../src/index.js';
import type { CompiledAccount } from '../../src/kernel/compileAccount.js';
import { fromDecimalString, inWideMode, interval, KV, small, ZERO } from '../../src/kernel/kv.js';
import { putUnit, takeUnit, unitCache, type UnitReuse } from '../../src/kernel/unitCache.js';
import type { UnitAmounts } from '../../src/margin/portfolioRequirement.js';

// The check's kept unit amounts read back as the very values put (a property of the encoding: every
// form the kernel makes, each field's value and taint, an IM base that is the MM object itself).

const params = parseMarginParameters(PRESETS['deribit-pm']);
const account = { unitIds: ['BTC', 'ETH'], params } as unknown as CompiledAccount;
const fields = (o: UnitAmounts<KV>) => ({ mm: o.mm, imBase: o.imBase, delta: o.delta });
const blank = (): UnitAmounts<KV> => ({ id: 'x', mm: ZERO, imBase: ZERO, restMm: ZERO, restIm: ZERO, scanMm: ZERO, scanIm: ZERO, delta: 0 });

describe('unitCache: the kept amounts of a unit read back as put', () => {
  const values: [string, KV][] = [
    ['small', small(123456789, 9)],
    ['negative exponent', small(-7, -3)],
    ['with a denominator, tainted', small(5, 2, 3, 1)],
    ['zero', ZERO],
    ['wide (31 digits)', inWideMode(() => fromDecimalString('1234567890123456789012345.678901'))],
    ['wide, negative', inWideMode(() => fromDecimalString('-9999999999999999999999999999.99'))],
    ['interval', interval(1.25, 1.5)],
  ];
  for (const [name, v] of values) {
    it(name, () => {
      const r: UnitReuse = { from: Int32Array.of(1), x: unitCache(account), params };
      const o = { ...blank(), mm: v, imBase: small(42, 1), delta: -0.375 };
      putUnit(r, 1, o);
      const back = blank();
      expect(takeUnit(r, 0, back)).toBe(false);
      expect(takeUnit(r, 1, back)).toBe(true);
      expect(fields(back)).toEqual(fields(o));
    });
  }
  it('an IM base that is the MM object reads back as that object', () => {
    const r: UnitReuse = { from: Int32Array.of(0), x: unitCache(account), params };
    const mm = small(31, 1);
    putUnit(r, 0, { ...blank(), mm, imBase: mm });
    const back = blank();
    takeUnit(r, 0, back);
    expect(back.imBase).toBe(back.mm);
  });
  it('an interval is not served to the wide retry (it wants exact values)', () => {
    const r: UnitReuse = { from: Int32Array.of(0), x: unitCache(account), params };
    putUnit(r, 0, { ...blank(), mm: interval(1, 2), imBase: small(1, 0) });
    expect(inWideMode(() => takeUnit(r, 0, blank()))).toBe(false);
    expect(takeUnit(r, 0, blank())).toBe(true);
  });
});
