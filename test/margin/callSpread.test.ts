import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeMargin } from '../../src/margin/index.js';
import { DERIBIT_PORTFOLIO_MARGIN, DERIBIT_STANDARD_MARGIN } from '../../src/presets/index.js';

const market = JSON.parse(readFileSync('examples/data/market.json', 'utf8'));
const book = {
  accountId: 'spread',
  settlementCurrency: 'USDC',
  positions: [
    { symbol: 'BTC-25DEC26-100000-C', quantity: '1' },
    { symbol: 'BTC-25DEC26-110000-C', quantity: '-1' },
  ],
  collateral: [],
};

describe('bull call spread 100k/110k, Dec 2026 (sample market)', () => {
  // Independent Black-76 (python3, erfc), F = 100,600 (quoted forward), T = 26/365, rate 0:
  //   C(100k, iv 0.55) = 6173.323486965288, C(110k, iv 0.53) = 2380.5417018491426
  // Standard, per position: long call 0; short 110k call IM = max(0.15 - 9,400/100,600, 0.10) * 100,600 + 2380.54
  //   = 0.10 * 100,600 + 2380.5417 = 12440.5417 -> 12440.55 (rounded up)
  // Maximum loss of the spread = premium paid = 6173.323486965288 - 2380.5417018491426 = 3792.78178511614...
  //   (mpmath at 30 digits: 3792.781785116144589) -> 3792.79 rounded up; its first 9 characters 3792.7817
  const standardPerPosition = { ...DERIBIT_STANDARD_MARGIN, id: 'deribit-standard-no-spreads', standard: { ...DERIBIT_STANDARD_MARGIN.standard!, spreadsMaxLoss: false } };

  it('standard margin follows the hand calculation, capped at the max loss when enabled', () => {
    expect(computeMargin(book, market, standardPerPosition).initialMargin).toBe('12440.55');
    const capped = computeMargin(book, market, DERIBIT_STANDARD_MARGIN);
    expect(capped.initialMargin).toBe('3792.79');
    expect(capped.units[0]!.standard!.spreads[0]!.maxLoss.slice(0, 9)).toBe('3792.7817');
  });

  it('portfolio margin is below per-position standard margin', () => {
    const pm = computeMargin(book, market, DERIBIT_PORTFOLIO_MARGIN);
    const sm = computeMargin(book, market, standardPerPosition);
    expect(Number(pm.initialMargin)).toBeLessThan(Number(sm.initialMargin));
    expect(Number(pm.maintenanceMargin)).toBeLessThan(Number(sm.maintenanceMargin));
    // the spread's worst loss can never exceed the premium paid (3792.78) plus the add-ons (1,000 short-option minimum)
    expect(Number(pm.units[0]!.scanRisk!.amount)).toBeLessThanOrEqual(3792.79);
  });
});
