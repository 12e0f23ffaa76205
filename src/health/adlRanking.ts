import { compareKeys } from '../numeric/compareKeys.js';
import * as z from 'zod';
import { parseArguments } from '../schema/parseArguments.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { decimalField, err, idField } from '../schema/fields.js';
import type { InputOf } from '../schema/InputOf.js';

const Schema = z
  .array(
    z.strictObject(
      {
        accountId: idField,
        unrealizedPnl: decimalField(),
        entryNotional: decimalField('positive'),
        markNotional: decimalField('nonNegative'),
        equity: decimalField(),
      },
      err,
    ),
    err,
  )
  .max(1_000_000, err);

/** Arguments of {@link adlRanking} as the caller writes them: one row per account (or per position). */
export type AdlRankingInput = InputOf<typeof Schema>;

/** One ranked account. */
export interface AdlRank {
  rank: number;
  accountId: string;
  /** `unrealizedPnl / entryNotional`. */
  pnlRatio: string;
  /** `markNotional / equity`; null when equity <= 0 (such an account is ranked last: it is not a winner). */
  effectiveLeverage: string | null;
  /** `pnlRatio x effectiveLeverage` for winners, `pnlRatio / effectiveLeverage` for losers; 20 significant digits. */
  score: string;
}

/**
 * Auto-deleveraging queue for when the insurance fund is exhausted: accounts ranked by
 * `PnL% x effective leverage` (Binance / BitMEX ADL ranking; losers get `PnL% / leverage` and rank
 * after every winner). Highest score is deleveraged first; ties break by account id, so the order
 * never depends on input order.
 *
 * @param accounts rows `{ accountId, unrealizedPnl, entryNotional (> 0), markNotional (>= 0), equity }`,
 *   amounts in the settlement currency.
 * @throws MarginInputError (argument `'accounts'`) for a bad row.
 * @example
 * ```ts
 * adlRanking([{ accountId: 'a', unrealizedPnl: '500', entryNotional: '1000', markNotional: '1500', equity: '750' }])[0].score; // '1' (0.5 x 2)
 * ```
 */
export function adlRanking(accounts: AdlRankingInput): AdlRank[] {
  const rows = parseArguments(Schema, accounts, 'accounts');
  const scored = rows.map((r) => {
    const pnl = r.unrealizedPnl.div(r.entryNotional);
    const lev: Decimal | null = r.equity.gt(0) ? r.markNotional.div(r.equity) : null;
    let score: Decimal;
    let tier: number;
    if (lev === null) {
      score = pnl;
      tier = 2;
    } else if (pnl.gt(0)) {
      score = pnl.mul(lev);
      tier = 0;
    } else {
      score = lev.isZero() ? pnl : pnl.div(lev);
      tier = 1;
    }
    return { r, pnl, lev, score: score.toSignificantDigits(20, D.ROUND_HALF_EVEN), tier };
  });
  scored.sort((a, b) => a.tier - b.tier || b.score.comparedTo(a.score) || compareKeys(a.r.accountId, b.r.accountId));
  return scored.map((s, i) => ({
    rank: i + 1,
    accountId: s.r.accountId,
    pnlRatio: decimalString(s.pnl.toSignificantDigits(20, D.ROUND_HALF_EVEN)),
    effectiveLeverage: s.lev === null ? null : decimalString(s.lev.toSignificantDigits(20, D.ROUND_HALF_EVEN)),
    score: decimalString(s.score),
  }));
}
