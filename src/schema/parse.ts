import { safeCall, type SafeResult } from './MarginInputError.js';
import { parseBranded } from './parseArguments.js';
import { brand } from './parsedBrand.js';
import { MarketPricesSchema, MarketSnapshotSchema, type MarketPrices, type MarketPricesInput, type MarketSnapshot, type MarketSnapshotInput } from './marketSchema.js';
import { PortfolioSchema, type Portfolio } from './portfolioSchema.js';

/**
 * Validates a portfolio (one account) and converts its amounts to Decimal. An already-parsed
 * portfolio (from this copy of the package or another: the brand is shared) is returned as is; a
 * parsed value of another kind (a market, a parameter set) is `invalid_type`.
 *
 * @param input `{ accountId, settlementCurrency, positions: [{ symbol, quantity, entryPrice?, isolatedMargin?, accruedFunding? }], collateral: [{ asset, balance }] }`;
 *   quantities in contracts (signed), prices in quote currency per unit of underlying, balances in units of the asset.
 * @throws MarginInputError with every issue's code and path.
 * @example
 * ```ts
 * const p = parsePortfolio({ accountId: 'a1', settlementCurrency: 'USDC',
 *   positions: [{ symbol: 'BTC-PERP', quantity: '2', entryPrice: '95000' }],
 *   collateral: [{ asset: 'USDC', balance: '50000' }] });
 * p.positions[0].quantity.toString(); // '2'
 * ```
 */
export function parsePortfolio(input: unknown): Portfolio {
  return parseBranded('portfolio', PortfolioSchema, input, 'portfolio');
}

/**
 * {@link parsePortfolio} without throwing: `{ success: true, data }` or `{ success: false, error }`.
 *
 * @example
 * ```ts
 * const r = safeParsePortfolio({ accountId: 'a1' });
 * if (!r.success) r.error.issues[0].code; // 'missing_field'
 * ```
 */
export function safeParsePortfolio(input: unknown): SafeResult<Portfolio> {
  return safeCall(() => parsePortfolio(input));
}

/**
 * Validates a full market snapshot (instrument table plus prices); a parsed one is returned as is,
 * parsed prices or a parsed portfolio are `invalid_type`. Index, futures and asset prices
 * in quote/settlement currency; vols annualised decimals; rates continuously compounded; timestamps
 * ISO-8601 UTC.
 *
 * @throws MarginInputError with every issue's code and path.
 * @example
 * ```ts
 * const m = parseMarket({ asOf: '2026-11-29T08:00:00Z', settlementCurrency: 'USDC',
 *   instruments: [{ symbol: 'BTC-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USDC',
 *     settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }],
 *   underlyings: { BTC: { index: '100000' } }, marks: { 'BTC-PERP': { price: '100010' } }, assets: {} });
 * m.instruments.get('BTC-PERP')?.kind; // 'future'
 * ```
 */
export function parseMarket(input: unknown): MarketSnapshot {
  return parseBranded('market', MarketSnapshotSchema, input, 'market');
}

/**
 * {@link parseMarket} without throwing.
 *
 * @example
 * ```ts
 * const r = safeParseMarket({});
 * r.success; // false
 * ```
 */
export function safeParseMarket(input: unknown): SafeResult<MarketSnapshot> {
  return safeCall(() => parseMarket(input));
}

/**
 * Validates market prices alone (a snapshot without `instruments`): what changes on every tick.
 * Parsed prices, or a parsed market snapshot (which holds prices), are returned as is; any other
 * parsed value is `invalid_type`. Issues carry `argument: 'prices'` (also from `withPrices` and
 * `engine.withPrices`).
 *
 * @throws MarginInputError
 * @example
 * ```ts
 * const prices = parseMarketPrices({ asOf: '2026-11-29T08:00:01Z', settlementCurrency: 'USDC',
 *   underlyings: { BTC: { index: '100100' } }, marks: { 'BTC-PERP': { price: '100110' } }, assets: {} });
 * ```
 */
export function parseMarketPrices(input: unknown): MarketPrices {
  return parseBranded('prices', MarketPricesSchema, input, 'prices', ['market']);
}

/**
 * Combines an already-validated market with new prices, keeping its instrument table (no
 * re-validation of instruments).
 *
 * @example
 * ```ts
 * const next = withPrices(market, { asOf: '2026-11-29T08:00:01Z', settlementCurrency: 'USDC', underlyings: { BTC: { index: '100100' } }, marks: {}, assets: {} });
 * ```
 */
export function withPrices(market: MarketSnapshotInput | MarketSnapshot, prices: MarketPricesInput | MarketPrices): MarketSnapshot {
  const m = parseMarket(market);
  const p = parseMarketPrices(prices);
  // `p` may be a full snapshot: its instruments give way. The spread leaves its brand behind (not enumerable).
  return brand({ ...p, instruments: m.instruments }, 'market');
}
