import { describe, expect, it } from 'vitest';
import { holdingUnits } from '../../src/margin/holdingUnits.js';
import { DECIMAL_ARITHMETIC } from '../../src/numeric/Arithmetic.js';
import { D } from '../../src/numeric/decimal.js';
import { KERNEL_ARITHMETIC } from '../../src/kernel/kernelArithmetic.js';
import { exactString, fromDecimal } from '../../src/kernel/kv.js';

type Inst = Parameters<typeof holdingUnits>[3];
const inverse = { kind: 'future', settlement: 'inverse' } as Inst;
const linear = { kind: 'future', settlement: 'linear' } as Inst;
const option = { kind: 'option' } as Inst;

describe('holdingUnits: one rule for both number layers', () => {
  it('hand cases (Decimal layer)', () => {
    // Inverse: 1,000 contracts x 10 USD / 50,000 USD per BTC = 0.2 BTC.
    expect(holdingUnits(DECIMAL_ARITHMETIC, D(1000), D(10), inverse, () => D(50000)).toString()).toBe('0.2');
    // Linear: -3.5 contracts x 0.1 ETH = -0.35 ETH; the forward is not read.
    expect(holdingUnits(DECIMAL_ARITHMETIC, D('-3.5'), D('0.1'), linear, () => { throw new Error('read'); }).toString()).toBe('-0.35');
    // Option: 7 contracts x 1 = 7 units.
    expect(holdingUnits(DECIMAL_ARITHMETIC, D(7), D(1), option, () => { throw new Error('read'); }).toString()).toBe('7');
  });
  it('the kernel layer gives the same exact values', () => {
    const k = (x: string) => fromDecimal(D(x));
    expect(exactString(holdingUnits(KERNEL_ARITHMETIC, k('1000'), k('10'), inverse, () => k('50000')))).toBe('0.2');
    expect(exactString(holdingUnits(KERNEL_ARITHMETIC, k('-3.5'), k('0.1'), linear, () => k('1')))).toBe('-0.35');
  });
});
