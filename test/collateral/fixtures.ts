/** Small hand-checkable markets and books for the collateral and health tests. */
import type { PortfolioInput } from '../../src/index.js';

export const ASOF = '2026-11-29T08:00:00Z';

const perp = (symbol: string, underlying: string, extra: Record<string, string> = {}) => ({
  symbol,
  kind: 'future',
  underlying,
  quoteCurrency: 'USDC',
  settlementCurrency: 'USDC',
  settlement: 'linear',
  contractSize: '1',
  ...extra,
});

/** A one-underlying market: BTC index and perp mark at `price`, BTC asset tied to the index. */
export function btcMarket(price: string, extra: { assets?: Record<string, unknown>; instruments?: unknown[]; marks?: Record<string, unknown> } = {}): any {
  return {
    asOf: ASOF,
    settlementCurrency: 'USDC',
    instruments: [
      perp('BTC-PERP', 'BTC'),
      { symbol: 'BTC-USD-PERP-INV', kind: 'future', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '10' },
      ...(extra.instruments ?? []),
    ],
    underlyings: { BTC: { index: price } },
    marks: { 'BTC-PERP': { price }, 'BTC-USD-PERP-INV': { price }, ...(extra.marks ?? {}) },
    assets: { BTC: { price, underlying: 'BTC' }, ...(extra.assets ?? {}) },
  };
}

export const account = (positions: PortfolioInput['positions'], collateral: PortfolioInput['collateral']): PortfolioInput => ({ accountId: 'acct', settlementCurrency: 'USDC', positions, collateral });
