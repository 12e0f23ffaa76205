import { describe, expect, it } from 'vitest';
import { MarginInputError, sviVol, SVI_MAX_TOTAL_VARIANCE } from '../../src/index.js';

// Hand calculations from the raw-SVI formula (methodology text, section 2.1):
// k = ln(K / F) clamped to [-B, B], B = 4 sqrt(a + b sigma); w = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)),
// capped at 144; vol = sqrt(w / years).
describe('sviVol', () => {
  it('flat smile: b = 0 gives sqrt(a / years) at any strike', () => {
    // a = 0.04 over 1 year: w = 0.04, vol = 0.2.
    expect(sviVol(100, { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 100, years: 1 })).toBeCloseTo(0.2, 15);
    // a = 0.09 over 0.25 years: vol = sqrt(0.36) = 0.6, far strikes too.
    expect(sviVol(1e6, { a: 0.09, b: 0, rho: 0.5, m: 0, sigma: 0.1, forward: 100, years: 0.25 })).toBeCloseTo(0.6, 15);
  });

  it('clamps log-moneyness at 4 sqrt(a + b sigma)', () => {
    // a = 0.01, b = 0.1, sigma = 0.1, rho = m = 0: B = 4 sqrt(0.02) = 0.565685...; K/F = e^2 gives k = 2 -> B.
    // w = 0.01 + 0.1 sqrt(0.32 + 0.01) = 0.01 + 0.1 * 0.574456 = 0.0674456; years 0.25: vol = sqrt(0.2697825) = 0.5194059.
    const p = { a: 0.01, b: 0.1, rho: 0, m: 0, sigma: 0.1, forward: 100, years: 0.25 };
    expect(sviVol(100 * Math.exp(2), p)).toBeCloseTo(0.519405916275, 11);
    // Beyond the bound the vol no longer changes; on both sides (rho = 0: symmetric).
    expect(sviVol(100 * Math.exp(5), p)).toBe(sviVol(100 * Math.exp(2), p));
    expect(sviVol(100 * Math.exp(-3), p)).toBeCloseTo(0.519405916275, 11);
    // A strike below 1e-18 of the forward takes -B (its ratio is 0 in 18-decimal fixed point).
    expect(sviVol(1e-17, p)).toBeCloseTo(0.519405916275, 11);
  });

  it('caps total variance at 144 and gives 0 at strike 0', () => {
    expect(SVI_MAX_TOTAL_VARIANCE).toBe(144);
    // a = 200 > 144: w = 144, years 1: vol 12.
    expect(sviVol(100, { a: 200, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 100, years: 1 })).toBe(12);
    expect(sviVol(0, { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 100, years: 1 })).toBe(0);
  });

  it('refuses parameters without a real vol, with a typed error', () => {
    // rho = -1, b = 0.2, a = -0.01: far right, w -> a = -0.01 < 0.
    const bad = () => sviVol(100 * Math.exp(0.5), { a: -0.01, b: 0.2, rho: -1, m: 0, sigma: 0.1, forward: 100, years: 1 });
    expect(bad).toThrow(MarginInputError);
    try {
      bad();
    } catch (e) {
      expect((e as MarginInputError).issues[0]).toMatchObject({ code: 'invalid_value', argument: 'pricing' });
    }
    expect(() => sviVol(100, { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 100, years: 0 })).toThrow(MarginInputError);
  });
});
