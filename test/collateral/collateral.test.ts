import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import { MarginInputError } from '../../src/schema/MarginInputError.js';
import { borrowCharge, haircutValue, parseCollateralParameters, valueCollateral } from '../../src/collateral/index.js';
import { account, btcMarket } from './fixtures.js';

const codes = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof MarginInputError) return e.issues.map((i) => ({ code: i.code, path: i.path, argument: i.argument }));
    throw e;
  }
  throw new Error('expected a MarginInputError');
};

describe('tiered collateral (Binance-style)', () => {
  // Source: Binance, "Binance Cross Margin Collateral Haircuts", Example 1, Scenario 1
  // (https://www.binance.com/en-BH/support/faq/binance-cross-margin-collateral-haircuts-4bec9126c021472285b20874f9380dfb):
  // collateral ratio 100% for 0 - 100,000,000 USDT and 97.5% for 100,000,000 - 120,000,000; 6,000 BTC at 20,000 USDT.
  // Hand calculation: gross = 6,000 x 20,000 = 120,000,000.
  //   band 1: 100,000,000 x 1.000 = 100,000,000
  //   band 2:  20,000,000 x 0.975 =  19,500,000
  //   total                        = 119,500,000
  const params = { haircuts: { BTC: { initial: { tiers: [{ upTo: '100000000', haircut: '0' }, { upTo: '120000000', haircut: '0.025' }] } } } };

  it('values 6,000 BTC at 20,000 at 119,500,000', () => {
    const v = valueCollateral(account([], [{ asset: 'BTC', balance: '6000' }]), btcMarket('20000'), params, 2);
    expect(v.value).toBe('120000000');
    expect(v.initialValue).toBe('119500000');
    // No separate maintenance curve: the initial one applies.
    expect(v.maintenanceValue).toBe('119500000');
  });

  it('counts nothing above the last bounded band', () => {
    // 7,000 BTC = 140M: 100M + 19.5M + (20M above 120M counts 0) = 119.5M.
    const curve = parseCollateralParameters(params).haircuts.BTC!.initial;
    expect(haircutValue(new D('140000000'), curve).toFixed()).toBe('119500000');
    // Inside the first band nothing is cut: 50M -> 50M.
    expect(haircutValue(new D('50000000'), curve).toFixed()).toBe('50000000');
  });

  it('an open last band continues', () => {
    const curve = parseCollateralParameters({ haircuts: { X: { initial: { tiers: [{ upTo: '100', haircut: '0' }, { haircut: '0.5' }] } } } }).haircuts.X!.initial;
    // 300 -> 100 + 200 x 0.5 = 200
    expect(haircutValue(new D(300), curve).toFixed()).toBe('200');
  });
});

describe('flat haircuts, separate IM / MM, debts and borrow charge', () => {
  // BTC at 100,000; 0.75 BTC = 75,000. IM haircut 5% -> 71,250; MM haircut 2% -> 73,500.
  // USDT 25,000 at 0.9995 = 24,987.5, default haircut 1% (IM and MM) -> 24,737.625 -> rounded down 24,737.62.
  // USDC -10,000 (borrowed, settlement currency) counts in full: -10,000.
  // Borrow charge: 10,000 borrowed, band 0-5,000 at 2% = 100, above at 5%: 5,000 x 5% = 250 -> 350.
  const params = {
    haircuts: { BTC: { initial: '0.05', maintenance: '0.02' } },
    defaultHaircut: { initial: '0.01' },
    borrowTiers: [{ upTo: '5000', rate: '0.02' }, { rate: '0.05' }],
  };
  const book = account([], [{ asset: 'USDT', balance: '25000' }, { asset: 'BTC', balance: '0.75' }, { asset: 'USDC', balance: '-10000' }]);
  const market = btcMarket('100000', { assets: { USDT: { price: '0.9995' } } });

  it('values each line and the totals', () => {
    const v = valueCollateral(book, market, params, 2);
    expect(v.lines.map((l) => l.asset)).toEqual(['BTC', 'USDC', 'USDT']);
    expect(v.lines[0]).toMatchObject({ value: '75000', initialValue: '71250', maintenanceValue: '73500', borrowCharge: '0' });
    expect(v.lines[1]).toMatchObject({ value: '-10000', initialValue: '-10000', maintenanceValue: '-10000', borrowCharge: '350' });
    expect(v.lines[2]).toMatchObject({ value: '24987.5', initialValue: '24737.62' });
    // Totals are exact sums rounded once: 75,000 - 10,000 + 24,987.5 = 89,987.5;
    // IM: 71,250 - 10,000 + 24,737.625 = 85,987.625 -> 85,987.62; MM: 73,500 - 10,000 + 24,737.625 = 88,237.625 -> 88,237.62.
    expect(v).toMatchObject({ value: '89987.5', initialValue: '85987.62', maintenanceValue: '88237.62', borrowCharge: '350' });
  });

  it('borrowCharge: tax-bracket bands, last rate continues past the last edge', () => {
    // 150,000: 0-100,000 at 5% = 5,000; 100,000-150,000 at 10% = 5,000 -> 10,000.
    expect(borrowCharge(new D('150000'), [{ upTo: new D('100000'), rate: new D('0.05') }, { rate: new D('0.1') }]).toFixed()).toBe('10000');
    // Past the last bounded edge the last rate applies: 150,000 with only 0-100,000 at 5% -> 7,500.
    expect(borrowCharge(new D('150000'), [{ upTo: new D('100000'), rate: new D('0.05') }]).toFixed()).toBe('7500');
    expect(borrowCharge(new D('0'), [{ rate: new D('0.05') }]).toFixed()).toBe('0');
  });

  it('is independent of the order of balances', () => {
    const reversed = { ...book, collateral: [...book.collateral].reverse() };
    expect(JSON.stringify(valueCollateral(reversed, market, params, 2))).toBe(JSON.stringify(valueCollateral(book, market, params, 2)));
  });
});

describe('collateral parameters at the boundary', () => {
  it('rejects a haircut above 1 with its path', () => {
    expect(codes(() => parseCollateralParameters({ haircuts: { BTC: { initial: '1.5' } } }))).toEqual([{ code: 'invalid_value', path: ['haircuts', 'BTC', 'initial'], argument: 'params' }]);
  });
  it('rejects falling band edges and an unbounded band that is not last', () => {
    const r = codes(() => parseCollateralParameters({ haircuts: { BTC: { initial: { tiers: [{ upTo: '10', haircut: '0' }, { upTo: '5', haircut: '0.1' }] } } } }));
    expect(r).toEqual([{ code: 'invalid_parameters', path: ['haircuts', 'BTC', 'initial', 'tiers', 1, 'upTo'], argument: 'params' }]);
    const r2 = codes(() => parseCollateralParameters({ borrowTiers: [{ rate: '0.1' }, { upTo: '5', rate: '0.2' }] }));
    expect(r2).toEqual([{ code: 'invalid_parameters', path: ['borrowTiers', 0, 'upTo'], argument: 'params' }]);
  });
  it('rejects unknown keys and bad decimals', () => {
    expect(codes(() => parseCollateralParameters({ haircut: {} }))).toEqual([{ code: 'unrecognized_key', path: ['haircut'], argument: 'params' }]);
    expect(codes(() => parseCollateralParameters({ haircuts: { BTC: { initial: { tiers: [{ haircut: 'NaN' }] } } } }))).toEqual([
      { code: 'invalid_decimal', path: ['haircuts', 'BTC', 'initial', 'tiers', 0, 'haircut'], argument: 'params' },
    ]);
  });
  it('a held asset without a price is reported with its path', () => {
    expect(codes(() => valueCollateral(account([], [{ asset: 'DOGE', balance: '1' }]), btcMarket('1')))).toEqual([{ code: 'missing_asset_price', path: ['collateral', 0, 'asset'], argument: 'portfolio' }]);
  });
});
