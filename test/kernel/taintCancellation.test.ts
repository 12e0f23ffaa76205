import { describe, expect, it } from 'vitest';
import { createMarginEngine } from '../../src/engine/index.js';
import { PRESETS } from '../../src/index.js';
import { add, fromDecimalString, inWideMode, UNDECIDED } from '../../src/kernel/kv.js';
import { sampleMarket } from '../helpers/sample.js';

// A tainted value (one the Decimal layer rounded at its 40th significant digit) that cancels against a
// value of opposite sign: the Decimal layer's rounding error, relative to the operands, becomes large
// against the result, so the kernel must not decide a rounding on it (found by review, 2026-12-01).
describe('kernel: tainted sums that cancel are undecided', () => {
  it('(1e23 - 1e-18) - 1e23: the Decimal layer gives 0 (it rounds 1e23 - 1e-18 to 1e23 at 40 digits), the exact sum -1e-18', () => {
    // 1e23 - 1e-18 has 42 significant digits: the kernel holds it exactly and marks it tainted.
    const big = inWideMode(() => add(fromDecimalString('100000000000000000000000'), fromDecimalString('-0.000000000000000001')));
    expect(big.t).toBe(1);
    expect(() => add(big, fromDecimalString('-100000000000000000000000'))).toThrow(expect.objectContaining(UNDECIDED));
    // A sum of the same signs keeps its digits and stays decided.
    expect(add(big, fromDecimalString('5')).t).toBe(1);
  });
  it('an account whose funding cancels its P&L: figures equal assess (both 1000, not 999.999999999)', () => {
    // Hand calculation: BTC-PERP marks 199,950 in the sample market; 1e18 contracts entered at 200,050
    // lose 1e18 x 100 = 1e23, the accrued funding pays 1e23, ETH-PERP's funding -1e-18. The Decimal layer
    // sums the funding first: 1e23 - 1e-18 rounds to 1e23 (40 digits), so equity = 1000 + (-1e23 + 0) +
    // 1e23 = 1000 exactly, where the exact value 1000 - 1e-18 floors to 999.999999999 at 9 places.
    const engine = createMarginEngine(sampleMarket(), PRESETS['deribit-pm']);
    const book = {
      accountId: 'cancel',
      settlementCurrency: 'USDC',
      positions: [
        { symbol: 'BTC-PERP', quantity: '1000000000000000000', entryPrice: '200050', accruedFunding: '100000000000000000000000' },
        { symbol: 'ETH-PERP', quantity: '1', accruedFunding: '-0.000000000000000001' },
      ],
      collateral: [{ asset: 'USDC', balance: '1000' }],
    };
    const f = engine.figures(book);
    const a = engine.assess(book);
    expect(a.equity).toBe('1000');
    expect([f.equity, f.initialEquity, f.maintenanceEquity]).toEqual([a.equity, a.initialEquity, a.maintenanceEquity]);
  });
});
