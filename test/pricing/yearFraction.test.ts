import { describe, it, expect } from 'vitest';
import { MS_PER_YEAR, yearFraction } from '../../src/pricing/index.js';

// Expected values: ACT/365 Fixed by definition, (actual days) / 365, worked by hand.
describe('yearFraction (ACT/365 Fixed)', () => {
  it('MS_PER_YEAR is 365 days of 86,400,000 ms', () => {
    expect(MS_PER_YEAR).toBe(31_536_000_000);
  });

  it('30 days is 30/365', () => {
    expect(yearFraction(Date.UTC(2026, 0, 1, 8), Date.UTC(2026, 0, 31, 8))).toBe(30 / 365);
  });

  it('a leap year counts 366 actual days: 366/365', () => {
    expect(yearFraction(Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1))).toBe(366 / 365);
  });

  it('counts intraday time exactly: 12 hours is 0.5/365', () => {
    expect(yearFraction(Date.UTC(2026, 11, 24, 20), Date.UTC(2026, 11, 25, 8))).toBe(0.5 / 365);
  });

  it('is zero for the same instant and negative after expiry', () => {
    expect(yearFraction(1_700_000_000_000, 1_700_000_000_000)).toBe(0);
    expect(yearFraction(Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 1))).toBe(-1 / 365);
  });
});
