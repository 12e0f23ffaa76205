import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import { bandedAmount, concentrationCharge, interUnitCredit, optionGroupMaxLoss } from '../../src/margin/index.js';

describe('concentration bands', () => {
  const bands = [
    { upTo: D(10000), multiplier: D(1) },
    { upTo: D(70000), multiplier: D(2) },
  ];
  it('OKX style: raw 30,000 with [0-10k] x1, (10k-70k] x2 gives 50,000', () => {
    // OKX's worked example ("OKEx adjusts scaling-factor logic in Portfolio Margin mode", 2021-12-21, archived at
    // https://news.wikibit.com/en/notice/bdetail/202112213244666315.html): tier 1 [0 ~ 10,000] x1, tier 2 (10,000 ~ 70,000] x2,
    // MR7_raw 30,000 -> 10,000 * 1 + (30,000 - 10,000) * 2 = 50,000.
    expect(bandedAmount(D(30000), bands).toString()).toBe('50000');
    const a = concentrationCharge(D(30000), { measure: 'scanRisk', rate: D(1), bands });
    expect(a.amount.toString()).toBe('20000');
    expect(a.inputs).toMatchObject({ raw: '30000', banded: '50000' });
  });
  it('keeps the last multiplier above the last band and is 0 inside the first', () => {
    // 10,000 + 60,000 * 2 + 30,000 * 2 = 190,000
    expect(bandedAmount(D(100000), bands).toString()).toBe('190000');
    expect(concentrationCharge(D(5000), { measure: 'scanRisk', rate: D(1), bands }).amount.toString()).toBe('0');
  });
});

describe('inter-unit credit', () => {
  it('SPAN arithmetic', () => {
    // dA = +10, dB = -20, ratio 1:2 -> spreads = min(10/1, 20/2) = 10
    // credit = 0.5 * 10 * (1 * 1000/10 + 2 * 2000/20) = 0.5 * 10 * 300 = 1,500
    const c = interUnitCredit(10, D(1000), -20, D(2000), { units: ['A', 'B'], deltaRatio: [D(1), D(2)], rate: D('0.5') });
    expect(c.amount.toString()).toBe('1500');
    expect(interUnitCredit(10, D(1000), 20, D(2000), { units: ['A', 'B'], deltaRatio: [D(1), D(2)], rate: D('0.5') }).amount.toString()).toBe('0');
  });
});

describe('option spread maximum loss', () => {
  it('bear call spread: credit 4 on a 10-wide spread loses at most 6', () => {
    expect(optionGroupMaxLoss([
      { units: D(-1), strike: D(100), right: 'call', value: D(-6) },
      { units: D(1), strike: D(110), right: 'call', value: D(2) },
    ])?.toString()).toBe('6');
    // net short calls: unbounded
    expect(optionGroupMaxLoss([{ units: D(-1), strike: D(100), right: 'call', value: D(-6) }])).toBeUndefined();
  });
});
