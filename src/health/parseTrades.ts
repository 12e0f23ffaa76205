import * as z from 'zod';
import type { ParsedTrade } from '../collateral/portfolioAfterTrades.js';
import { decimalField, err, idField } from '../schema/fields.js';
import { MarginInputError, type MarginIssue } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { parseArguments } from '../schema/parseArguments.js';

/*
 * Trades as `simulate` and the engine's `check` read them (internal, not re-exported): one schema and
 * one set of checks, so that both report the same issues.
 */

export const TradesSchema = z
  .array(z.strictObject({ symbol: idField, quantity: decimalField(), price: decimalField('nonNegative').optional(), fee: decimalField('nonNegative').optional() }, err), err)
  .max(10_000, err);

/** Validates trades (argument `'trades'`): the schema's issues. Internal (shared with the engine's `check`). */
export function parseTrades(trades: unknown): ParsedTrade[] {
  return parseArguments(TradesSchema, trades, 'trades');
}

/**
 * Checks validated trades against the instrument table (argument `'trades'`): `unknown_symbol`, and
 * `non_positive` for a future's price of 0 (a future trades at a price: its entry, and 1/price for an
 * inverse one). Internal (shared with the engine's `check`).
 */
export function checkTrades(t: readonly ParsedTrade[], m: MarketSnapshot): void {
  const issues = tradeIssues(t, m, (x) => x.gt(0), (x) => x.toFixed());
  if (issues.length) throw new MarginInputError(issues);
}

/**
 * {@link checkTrades}' rules over trades in any number layer (`positive`: whether a price is above 0;
 * `text`: the price as `toFixed()` prints it): the engine's `check` runs them on trades read without
 * Decimal. Internal.
 *
 * @example
 * ```ts
 * tradeIssues([{ symbol: 'NOPE' }], market, (x: ReturnType<typeof D>) => x.gt(0), (x) => x.toFixed())[0]!.code; // 'unknown_symbol'
 * ```
 */
export function tradeIssues<T>(t: readonly { symbol: string; price?: T }[], m: MarketSnapshot, positive: (x: T) => boolean, text: (x: T) => string): MarginIssue[] {
  // A loop, not flatMap: the pre-trade check calls this on every check, where nearly every trade has no issue.
  const out: MarginIssue[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    const inst = m.instruments.get(x.symbol);
    if (!inst) out.push({ code: 'unknown_symbol', path: [i, 'symbol'], message: `no instrument ${x.symbol}`, argument: 'trades' });
    else if (inst.kind === 'future' && x.price !== undefined && !positive(x.price)) out.push({ code: 'non_positive', path: [i, 'price'], message: `a future's trade price must be above 0, got ${text(x.price)}`, argument: 'trades' });
  }
  return out;
}
