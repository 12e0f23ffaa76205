import type * as z from 'zod';
import { safeCall, type SafeResult } from './MarginInputError.js';
import { deepFreeze } from './deepFreeze.js';
import { parseArguments } from './parseArguments.js';
import { MarketPricesSchema, MarketSnapshotSchema, type MarketPrices, type MarketSnapshot } from './marketSchema.js';
import { PortfolioSchema, type Portfolio } from './portfolioSchema.js';

/**
 * Objects this module produced. Parsed values are passed through by the public API without a second
 * parse; a WeakSet keeps that fact without adding a visible key to the user's object.
 */
const parsed = new WeakSet<object>();

function parseWith<S extends z.ZodType>(schema: S, input: unknown, argument: string): z.output<S> {
  if (input !== null && typeof input === 'object' && parsed.has(input)) return input as z.output<S>;
  // Frozen: parsed values pass through later calls unchecked, and memos are keyed by parsed snapshots.
  const out = deepFreeze(parseArguments(schema, input, argument));
  if (out !== null && typeof out === 'object') parsed.add(out as object);
  return out;
}

/**
 * Validates a portfolio (one account) and converts its amounts to Decimal. An already-parsed
 * portfolio is returned as is.
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
  return parseWith(PortfolioSchema, input, 'portfolio');
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
 * Validates a full market snapshot (instrument table plus prices). Index, futures and asset prices
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
  return parseWith(MarketSnapshotSchema, input, 'market');
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
 *
 * @throws MarginInputError
 * @example
 * ```ts
 * const prices = parseMarketPrices({ asOf: '2026-11-29T08:00:01Z', settlementCurrency: 'USDC',
 *   underlyings: { BTC: { index: '100100' } }, marks: { 'BTC-PERP': { price: '100110' } }, assets: {} });
 * ```
 */
export function parseMarketPrices(input: unknown): MarketPrices {
  return parseWith(MarketPricesSchema, input, 'market');
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
export function withPrices(market: MarketSnapshot | unknown, prices: MarketPrices | unknown): MarketSnapshot {
  const m = parseMarket(market);
  const p = parseMarketPrices(prices);
  const out: MarketSnapshot = Object.freeze({ ...p, instruments: m.instruments });
  parsed.add(out);
  return out;
}
