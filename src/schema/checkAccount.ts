import type { MarginIssue } from './MarginInputError.js';
import { MarginInputError } from './MarginInputError.js';
import type { MarketSnapshot } from './marketSchema.js';
import type { Portfolio } from './portfolioSchema.js';
import { unitPrice } from './unitPrice.js';
import { hasVolSource } from './hasVolSource.js';

/**
 * Cross-checks a portfolio against a market snapshot and returns every issue found (empty when the
 * pair can be valued): unknown symbols, expired positions, missing index/mark/asset prices and a
 * settlement currency mismatch, and a quote currency the account must convert but cannot (no asset
 * price, and not an inverse contract settled in a coin tied to its underlying: `missing_asset_price`
 * at `['assets', quote]`). Paths are relative to the argument named in `argument`.
 *
 * Positions with quantity 0 are checked too: a symbol the exchange does not know is an error
 * whatever its size.
 *
 * @example
 * ```ts
 * const issues = accountIssues(parsePortfolio({ ...rawBook, positions: [{ symbol: 'BTC-32DEC26', quantity: '1' }] }), parseMarket(rawMarket));
 * issues.map((i) => i.code); // ['unknown_symbol']: no such instrument in the sample market
 * ```
 */
export function accountIssues(portfolio: Portfolio, market: MarketSnapshot): MarginIssue[] {
  const issues: MarginIssue[] = [];
  const add = (code: MarginIssue['code'], argument: 'portfolio' | 'market', path: (string | number)[], message: string) => {
    if (!issues.some((i) => i.code === code && i.argument === argument && i.path.join('\u0000') === path.join('\u0000'))) issues.push({ code, path, message, argument });
  };
  if (portfolio.settlementCurrency !== market.settlementCurrency) {
    add('settlement_currency_mismatch', 'portfolio', ['settlementCurrency'], `portfolio settles in ${portfolio.settlementCurrency} but market prices are in ${market.settlementCurrency}`);
  }
  // The path of a missing price is `['assets', asset]` (a position's coin) or `['collateral', line, 'asset']`,
  // built only when reported: most books report nothing, and this runs per position.
  const needAsset = (asset: string, argument: 'portfolio' | 'market', line?: number) => {
    if (asset === market.settlementCurrency) return;
    const a = market.assets.get(asset);
    if (!a) add('missing_asset_price', argument, line === undefined ? ['assets', asset] : ['collateral', line, 'asset'], `no price for asset ${asset} in the market's assets`);
    else if (a.underlying !== undefined && !market.underlyings.has(a.underlying)) add('missing_index', 'market', ['assets', asset, 'underlying'], `asset ${asset} is tied to underlying ${a.underlying}, which has no index`);
  };
  portfolio.positions.forEach((pos, i) => {
    const inst = market.instruments.get(pos.symbol);
    if (!inst) {
      add('unknown_symbol', 'portfolio', ['positions', i, 'symbol'], `no instrument ${pos.symbol} in the market's instrument table`);
      return;
    }
    if (inst.expiryMs !== undefined && inst.expiryMs <= market.asOfMs) {
      add('position_expired', 'portfolio', ['positions', i, 'symbol'], `${pos.symbol} expired at ${inst.expiry}, at or before asOf ${market.asOf}; settle it first (settleExpired)`);
      return;
    }
    // Each table entry the checks read is looked up once per position (the next reads reuse it).
    const quote = market.underlyings.get(inst.underlying);
    const indexed = quote !== undefined;
    if (!indexed) add('missing_index', 'market', ['underlyings', inst.underlying], `no index price for underlying ${inst.underlying} of ${pos.symbol}`);
    const mark = market.marks.get(inst.symbol);
    if (inst.kind === 'future' && mark?.price === undefined) add('missing_mark', 'market', ['marks', inst.symbol, 'price'], `no mark price for future ${inst.symbol}`);
    // Not `lte(0)`, which makes a Decimal of its argument: the same answer for every Decimal (zero, a negative, -Infinity).
    else if (inst.kind === 'future' && (mark!.price!.isZero() || mark!.price!.isNegative())) add('non_positive', 'market', ['marks', inst.symbol, 'price'], `mark price of future ${inst.symbol} must be > 0`);
    if (inst.kind === 'option' && !hasVolSource(market, inst, mark)) add('missing_mark', 'market', ['marks', inst.symbol], `option ${inst.symbol} has neither an iv nor a price`);
    needAsset(inst.settlementCurrency, 'market');
    // The index is quoted in the quote currency; per-unit charges and notionals need it in the
    // settlement currency. Never at par: a quote currency that cannot be converted is missing.
    const coinKnown = inst.settlementCurrency === market.settlementCurrency || market.assets.has(inst.settlementCurrency);
    if (indexed && coinKnown && unitPrice(market, inst, quote.index) === undefined) {
      add('missing_asset_price', 'market', ['assets', inst.quoteCurrency], `no price for ${inst.quoteCurrency}, the quote currency of ${pos.symbol}, in the market's assets (the index is quoted in it; it is never taken at par)`);
    }
  });
  portfolio.collateral.forEach((c, i) => {
    if (!c.balance.isZero()) needAsset(c.asset, 'portfolio', i);
  });
  return issues;
}

/**
 * Throws a {@link MarginInputError} carrying every issue {@link accountIssues} finds.
 *
 * @example
 * ```ts
 * const stray = parsePortfolio({ ...rawBook, positions: [{ symbol: 'DOGE-PERP', quantity: '1' }] });
 * try {
 *   checkAccount(stray, market);
 * } catch (e) {
 *   (e as MarginInputError).issues[0]?.code; // 'unknown_symbol'
 * }
 * ```
 */
export function checkAccount(portfolio: Portfolio, market: MarketSnapshot): void {
  const issues = accountIssues(portfolio, market);
  if (issues.length) throw new MarginInputError(issues);
}
