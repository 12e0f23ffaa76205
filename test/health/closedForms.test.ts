import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import { adlRanking, auctionMaxFraction, closedFormLiquidationPrice, perpLiquidationSize } from '../../src/health/index.js';
import { MarginInputError } from '../../src/schema/MarginInputError.js';

describe('closedFormLiquidationPrice (Binance USDⓈ-M / COIN-M formulas)', () => {
  it("Binance FAQ example: 500 USDT wallet, 1,000 USDT long of BTCUSDT at 50,000 liquidates at 25,100.40", () => {
    // Source: Binance support FAQ "How to avoid liquidation" (binance.com/en/support/faq/25edcd7fe0e544839d0847b8cbb2e400):
    // "wallet balance of 500 USDT ... long BTCUSDT position worth 1,000 USDT with 20x leverage at $50,000 ... liquidation price will be $25,100.40".
    // Tier 1 of BTCUSDT: MMR 0.4%, maintenance amount 0. Q = 1,000 / 50,000 = 0.02 BTC.
    // Long: (Q*E - WB - cum) / (Q*(1 - MMR)) = (1,000 - 500 - 0) / (0.02 x 0.996) = 500 / 0.01992 = 25,100.4016064...
    const exact = closedFormLiquidationPrice({ side: 'long', quantity: '0.02', entryPrice: '50000', walletBalance: '500', maintenanceMarginRate: '0.004', decimals: 8 }).price;
    expect(exact).toBe('25100.40160643');
    expect(new D(exact!).toDecimalPlaces(2, D.ROUND_DOWN).toFixed(2)).toBe('25100.40');
    // Rounded to cents towards the position (a long's price up: the flag is never late).
    expect(closedFormLiquidationPrice({ side: 'long', quantity: '0.02', entryPrice: '50000', walletBalance: '500', maintenanceMarginRate: '0.004', decimals: 2 }).price).toBe('25100.41');
  });

  it('short, with a maintenance amount', () => {
    // Short 10 BTC at 50,000, WB 100,000, MMR 1%, cum 1,300 (Binance tier 3 of BTCUSDT):
    // (WB + Q*E + cum) / (Q*(1 + MMR)) = (100,000 + 500,000 + 1,300) / (10 x 1.01) = 601,300 / 10.1 = 59,534.6534653...
    expect(closedFormLiquidationPrice({ side: 'short', quantity: '10', entryPrice: '50000', walletBalance: '100000', maintenanceMarginRate: '0.01', maintenanceAmount: '1300', decimals: 4 }).price).toBe('59534.6534');
  });

  it('bankruptcy price (MMR 0): dYdX example, 0.1 BTC long at 50,000 with USDC -4,501 -> 45,010', () => {
    // Source of the convention: dYdX v3 "Margin" (https://docs.dydx.exchange/#margin-calculation), account value
    // Q + S x P with Q = -4,501 after buying 0.1 BTC at 50,000. Wallet in our booking = -4,501 + 0.1 x 50,000 = 499 USDC.
    // (Q*E - WB) / Q = (5,000 - 499) / 0.1 = 45,010.
    expect(closedFormLiquidationPrice({ side: 'long', quantity: '0.1', entryPrice: '50000', walletBalance: '499' }).price).toBe('45010');
  });

  it('inverse (COIN-M): long and short, checked by revaluation', () => {
    // 1,000 contracts x 10 USD = Q 10,000 USD, entry 50,000, wallet 0.1 BTC, MMR 0.5%, cum 0.
    // Long: Q(1 + MMR) / (WB + cum + Q/E) = 10,050 / (0.1 + 0.2) = 33,500.
    // Check at 33,500: equity = 0.1 + 10,000 x (1/50,000 - 1/33,500) = 0.0014925373...; MM = 10,000/33,500 x 0.005 = 0.0014925373... equal.
    expect(closedFormLiquidationPrice({ side: 'long', quantity: '10000', entryPrice: '50000', walletBalance: '0.1', maintenanceMarginRate: '0.005', settlement: 'inverse' }).price).toBe('33500');
    // Short: Q(1 - MMR) / (Q/E - WB - cum) needs Q/E > WB: with WB 0.1 and Q/E 0.2: 9,950 / 0.1 = 99,500.
    expect(closedFormLiquidationPrice({ side: 'short', quantity: '10000', entryPrice: '50000', walletBalance: '0.1', maintenanceMarginRate: '0.005', settlement: 'inverse' }).price).toBe('99500');
    // A short covered by coins worth more than its notional never liquidates upwards.
    expect(closedFormLiquidationPrice({ side: 'short', quantity: '10000', entryPrice: '50000', walletBalance: '0.3', maintenanceMarginRate: '0.005', settlement: 'inverse' }).price).toBeNull();
  });

  it('a fully funded long has no liquidation price', () => {
    expect(closedFormLiquidationPrice({ side: 'long', quantity: '1', entryPrice: '100', walletBalance: '100' }).price).toBeNull();
  });
});

describe('perpLiquidationSize (closed form, worked by hand)', () => {
  it('shortage 10, MMR 10%, price 100, fee 0 -> 1.0 contract; fee 1% -> 1.111...', () => {
    // Closing n contracts at mark P frees n x P x MMR of maintenance margin and costs n x P x fee, so
    // n = shortage / (P x (MMR - fee)): 10 / (100 x 0.10) = 1; 10 / (100 x 0.09) = 1.1111... -> rounded up 1.11111112
    expect(perpLiquidationSize({ shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1' }).contracts).toBe('1');
    const r = perpLiquidationSize({ shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1', fee: '0.01' }).contracts!;
    expect(r).toBe('1.11111112');
    expect(new D(r).minus(new D(10).div(9)).gte(0)).toBe(true);
    expect(perpLiquidationSize({ shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1', fee: '0.1' }).contracts).toBeNull();
  });
});

describe('auctionMaxFraction (Derive-style)', () => {
  it('sells exactly enough to bring buffer margin back to zero', () => {
    // equity 10,000, MM 10,500, buffer 15%: BM = 10,000 - 1.15 x 10,500 = -2,075.
    // d = 0.95, R = 0: f = -2,075 / (-2,075 - 9,500) = 2,075 / 11,575 = 0.179265658747300215982721...
    // Check by revaluing: after selling f, equity = (1 - f) x 10,000 + f x 9,500 = 10,000 - 500 f,
    // MM = (1 - f) x 10,500, BM' = 10,000 - 500 f - 1.15 x 10,500 x (1 - f) = -2,075 + 11,575 f = 0.
    const r = auctionMaxFraction({ equity: '10000', maintenanceMargin: '10500', bufferScale: '0.15', discountFactor: '0.95', decimals: 2 });
    expect(r.bufferMargin).toBe('-2075');
    expect(r.fraction).toBe('0.179265658747300216');
    const f = new D(r.fraction);
    const bmAfter = new D(10000).minus(f.mul(500)).minus(new D(1.15).mul(10500).mul(new D(1).minus(f)));
    expect(bmAfter.abs().lt('1e-10')).toBe(true);
    // The bidder pays f x 9,500 = 1,703.02...
    expect(r.price).toBe('1703.02');
  });

  it('cash taken over at par: f = BM / (BM - MtM*d - R*(1-d))', () => {
    // Same account, of which R = 4,000 is cash: f = -2,075 / (-2,075 - 9,500 - 4,000 x 0.05) = 2,075 / 11,775 = 0.17622080679...
    const r = auctionMaxFraction({ equity: '10000', maintenanceMargin: '10500', cash: '4000', bufferScale: '0.15', discountFactor: '0.95' });
    expect(new D(r.fraction).minus(new D(2075).div(11775)).abs().lt('1e-17')).toBe(true);
  });

  it('nothing to sell above the buffer; everything when no fraction suffices', () => {
    expect(auctionMaxFraction({ equity: '20000', maintenanceMargin: '10000', bufferScale: '0.15', discountFactor: '0.95' }).fraction).toBe('0');
    expect(auctionMaxFraction({ equity: '-5', maintenanceMargin: '10', markToMarket: '-5', bufferScale: '0.15', discountFactor: '0.95' }).fraction).toBe('1');
  });
});

describe('adlRanking', () => {
  it('ranks winners by PnL% x effective leverage, then losers, ties by account id', () => {
    // a: 500/1,000 = 0.5; leverage 1,500/750 = 2 -> 1
    // b: 200/1,000 = 0.2; leverage 1,200/100 = 12 -> 2.4
    // c: same as a -> 1 (tie with a, id order)
    // d: -100/1,000 = -0.1; leverage 900/300 = 3 -> -0.1/3 = -0.0333...
    // e: equity <= 0: last
    const rows = [
      { accountId: 'd', unrealizedPnl: '-100', entryNotional: '1000', markNotional: '900', equity: '300' },
      { accountId: 'c', unrealizedPnl: '500', entryNotional: '1000', markNotional: '1500', equity: '750' },
      { accountId: 'e', unrealizedPnl: '50', entryNotional: '1000', markNotional: '1050', equity: '-1' },
      { accountId: 'a', unrealizedPnl: '500', entryNotional: '1000', markNotional: '1500', equity: '750' },
      { accountId: 'b', unrealizedPnl: '200', entryNotional: '1000', markNotional: '1200', equity: '100' },
    ];
    const r = adlRanking(rows);
    expect(r.map((x) => [x.rank, x.accountId, x.score])).toEqual([
      [1, 'b', '2.4'],
      [2, 'a', '1'],
      [3, 'c', '1'],
      [4, 'd', '-0.033333333333333333333'],
      [5, 'e', '0.05'],
    ]);
    expect(JSON.stringify(adlRanking([...rows].reverse()))).toBe(JSON.stringify(r));
  });

  it('bad rows carry code and path', () => {
    try {
      adlRanking([{ accountId: 'a', unrealizedPnl: '1', entryNotional: '0', markNotional: '1', equity: '1' }]);
      throw new Error('no throw');
    } catch (e) {
      expect((e as MarginInputError).issues[0]).toMatchObject({ code: 'non_positive', path: [0, 'entryNotional'], argument: 'accounts' });
    }
  });
});
