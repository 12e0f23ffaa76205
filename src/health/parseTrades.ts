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
  const issues: MarginIssue[] = t.flatMap((x, i): MarginIssue[] => {
    const inst = m.instruments.get(x.symbol);
    if (!inst) return [{ code: 'unknown_symbol', path: [i, 'symbol'], message: `no instrument ${x.symbol}`, argument: 'trades' }];
    if (inst.kind === 'future' && x.price !== undefined && !x.price.gt(0)) return [{ code: 'non_positive', path: [i, 'price'], message: `a future's trade price must be above 0, got ${x.price.toFixed()}`, argument: 'trades' }];
    return [];
  });
  if (issues.length) throw new MarginInputError(issues);
}

