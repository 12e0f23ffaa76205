import { describe, expect, it } from 'vitest';
import { closedFormLiquidationPrice, PRESETS, safeParseMarginParameters, safeParsePortfolio } from '../../src/index.js';
import { thrown } from '../helpers/thrown.js';

// Round 31, kdef: a number out of its bounds was told "too many items (at most 18)" (settlementPrecision:
// 19, decimals: 30) or "too short" (decimals: -1): the words of a list's size, for a number. The codes
// were right (invalid_value); the message, the one a user reads, now names the bound it broke.

const firstIssue = (f: () => unknown) => thrown(f).issues[0];
const position = { side: 'long', quantity: '0.02', entryPrice: '50000', walletBalance: '500', maintenanceMarginRate: '0.004' } as const;

describe('bound messages say what is bounded', () => {
  it('a number above its maximum', () => {
    const r = safeParseMarginParameters({ ...PRESETS['deribit-pm'], settlementPrecision: 19 });
    expect(r.success ? undefined : r.error.issues[0]).toEqual({ code: 'invalid_value', path: ['settlementPrecision'], message: 'must be at most 18, got 19', argument: 'params' });
    expect(firstIssue(() => closedFormLiquidationPrice({ ...position, decimals: 30 }))?.message).toBe('must be at most 18, got 30');
  });
  it('a number below its minimum', () => {
    expect(firstIssue(() => closedFormLiquidationPrice({ ...position, decimals: -1 }))?.message).toBe('must be at least 0, got -1');
  });
  // Round 32, kdef2: zod's .int() bounds a number to the safe integers with an issue of origin 'int',
  // which was worded as a list's size ("too many items (at most 9007199254740991)" for a price age of 1e300).
  // kfix32 (review finding 5): zod adds that issue next to the field's own bound's, so a price age of
  // 1e300 got the same issue twice, and decimals: -1e300 was told the safe-integer bound although its
  // own minimum (0, as for decimals: -1 above) is the one a caller must meet. One issue, the field's bound.
  it('a whole number outside the safe integers: one issue, naming the field\'s own bound', () => {
    const r = safeParseMarginParameters({ ...PRESETS['deribit-pm'], health: { id: 'h', version: '1', marketData: { maxPriceAgeMs: 1e300 } } });
    // maxPriceAgeMs: .int().min(0).max(Number.MAX_SAFE_INTEGER) in HealthParameters.ts: its own maximum is 2^53 - 1.
    expect(r.success ? undefined : r.error.issues.map((i) => i.message)).toEqual(['must be at most 9007199254740991, got 1e+300']);
    expect(firstIssue(() => closedFormLiquidationPrice({ ...position, decimals: -1e300 }))?.message).toBe('must be at least 0, got -1e+300');
    expect(firstIssue(() => closedFormLiquidationPrice({ ...position, decimals: 1e300 }))?.message).toBe('must be at most 18, got 1e+300');
    expect(thrown(() => closedFormLiquidationPrice({ ...position, decimals: -1e300 })).issues).toHaveLength(1);
  });
  it('an empty string where one character is needed', () => {
    const r = safeParsePortfolio({ accountId: '', settlementCurrency: 'USDC', positions: [], collateral: [] });
    expect(r.success ? undefined : r.error.issues[0]).toEqual({ code: 'invalid_value', path: ['accountId'], message: 'too short (length at least 1)', argument: 'portfolio' });
  });
});
