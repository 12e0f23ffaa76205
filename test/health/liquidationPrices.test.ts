import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import { assessAccount, closedFormLiquidationPrice, liquidationPrices } from '../../src/health/index.js';
import { account, btcMarket } from '../collateral/fixtures.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';
import { PORTFOLIO, STANDARD } from './params.js';
import type { MarginParametersInput } from '../../src/index.js';

const fast = (p: MarginParametersInput) => ({ ...p, health: { id: 'test', version: '1', liquidation: { search: { steps: 24 } } } });

/** The sample market with one underlying moved to `price`, built independently of the library: every forward, futures mark and tied asset scaled, vols kept. */
function movedMarket(underlying: string, price: string): any {
  const m = sampleMarket();
  const S = new D(m.underlyings[underlying].index);
  const scale = (x: string) => new D(x).mul(price).div(S).toSignificantDigits(30).toFixed();
  m.underlyings[underlying].index = price;
  for (const k of Object.keys(m.underlyings[underlying].forwards ?? {})) m.underlyings[underlying].forwards[k] = scale(m.underlyings[underlying].forwards[k]);
  for (const inst of m.instruments) if (inst.underlying === underlying && inst.kind === 'future') m.marks[inst.symbol].price = scale(m.marks[inst.symbol].price);
  for (const a of Object.values<any>(m.assets)) if (a.underlying === underlying) a.price = scale(a.price);
  return m;
}

describe('liquidationPrices: linear book against the closed forms', () => {
  // 0.1 BTC-PERP long entered at 50,000, 499 USDC (dYdX: USDC -4,501 + 0.1 x 50,000), standard MM 5%.
  const book = account([{ symbol: 'BTC-PERP', quantity: '0.1', entryPrice: '50000' }], [{ asset: 'USDC', balance: '499' }]);
  const r = liquidationPrices(book, btcMarket('50000'), fast(STANDARD));
  const btc = r.underlyings[0]!;

  it('bankruptcy price is exactly 45,010 (dYdX v3 "Margin" convention, https://docs.dydx.exchange/#margin-calculation)', () => {
    // equity = 499 + 0.1 x (P - 50,000) = 0  <=>  P = 45,010
    expect(btc.bankruptcy.down).toMatchObject({ price: '45010', move: '-0.0998', equity: '0', gap: '0' });
    expect(btc.bankruptcy.up).toBeNull();
  });

  it('liquidation price matches the Binance closed form within the tolerance', () => {
    // Closed form long: (Q*E - WB - cum) / (Q*(1 - MMR)) = (5,000 - 499) / (0.1 x 0.95) = 47,378.947368...
    const closed = new D(closedFormLiquidationPrice({ side: 'long', quantity: '0.1', entryPrice: '50000', walletBalance: '499', maintenanceMarginRate: '0.05' }).price!);
    const found = new D(btc.liquidation.down!.price);
    // MM rounds up to the cent, so the searched level may sit up to 0.01 / (0.1 x 0.95) = 0.105 above the exact one.
    expect(found.minus(closed).abs().lte('0.11')).toBe(true);
    expect(btc.liquidation.up).toBeNull();
    expect(btc.alreadyLiquidatable).toBe(false);
  });

  it('the same with the BTC held as collateral (spot-like booking)', () => {
    const spot = liquidationPrices(account([], [{ asset: 'BTC', balance: '0.1' }, { asset: 'USDC', balance: '-4501' }]), btcMarket('50000'), fast(STANDARD));
    expect(spot.underlyings[0]!.bankruptcy.down?.price).toBe('45010');
  });
});

describe('liquidationPrices: an options book near its limit, checked by revaluation', () => {
  // The sample book with 190,000 less USDC (150,000 -> -40,000) under portfolio margin.
  const book = sampleBook();
  book.collateral[0].balance = '-40000';
  const r = liquidationPrices(book, sampleMarket(), fast(PORTFOLIO));

  it('finds liquidation levels to check (the book is near its limit)', () => {
    expect(r.underlyings.flatMap((u) => [u.liquidation.down, u.liquidation.up]).filter(Boolean).length).toBeGreaterThan(0);
  });
  for (const u of r.underlyings) {
    for (const dir of ['down', 'up'] as const) {
      const level = u.liquidation[dir];
      if (!level) continue;
      it(`${u.underlying} ${dir}: at ${level.price} equity meets MM (revalued independently)`, () => {
        const a = assessAccount(book, movedMarket(u.underlying, level.price), PORTFOLIO);
        // Same numbers as reported, and liquidatable there...
        expect(a.maintenanceEquity).toBe(level.equity);
        expect(a.maintenanceMargin).toBe(level.maintenanceMargin);
        expect(new D(a.maintenanceEquity).lt(a.maintenanceMargin)).toBe(true);
        // ...within the stated tolerance: |equity - MM| below 1 USDC, and one tolerance bracket nearer the index it is not.
        expect(new D(a.maintenanceEquity).minus(a.maintenanceMargin).abs().lt(1)).toBe(true);
        const step = new D(u.index).mul('0.000000002').mul(dir === 'down' ? 1 : -1);
        const nearer = new D(level.price).plus(step).toDecimalPlaces(8).toFixed();
        const b = assessAccount(book, movedMarket(u.underlying, nearer), PORTFOLIO);
        expect(new D(b.maintenanceEquity).gte(b.maintenanceMargin)).toBe(true);
      });
    }
  }

  it('finds a level on each underlying for this book', () => {
    expect(r.underlyings.map((u) => [u.underlying, u.liquidation.down !== null || u.liquidation.up !== null])).toEqual([
      ['BTC', true],
      ['ETH', true],
    ]);
  });
});
