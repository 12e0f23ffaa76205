import * as z from 'zod';
import { parseArguments } from '../schema/parseArguments.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import { collateralWithCash } from '../schema/collateralWithCash.js';
import { decimalField, err, idField } from '../schema/fields.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { PortfolioInput } from '../schema/portfolioSchema.js';
import { positionInput } from '../schema/positionInput.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import { assessmentFrom, type AccountAssessment } from './assessAccount.js';
import type { EvaluationContext } from './EvaluationContext.js';
import { evaluateAccount } from './evaluateAccount.js';
import { resolveParameters } from './resolveParameters.js';

const TradesSchema = z
  .array(z.strictObject({ symbol: idField, quantity: decimalField(), price: decimalField('nonNegative').optional(), fee: decimalField('nonNegative').optional() }, err), err)
  .max(10_000, err);

/** Trades as the caller writes them: `{ symbol, quantity (signed contracts), price? (quote per unit; default mark), fee? (settlement currency) }`. */
export type SimulatedTrade = z.input<typeof TradesSchema>[number];

/** Result of {@link simulate}. */
export interface Simulation {
  before: AccountAssessment;
  after: AccountAssessment;
  /** after - before, settlement currency. */
  change: { initialMargin: string; maintenanceMargin: string; equity: string };
  /** True when MM after > MM before. */
  increasesRisk: boolean;
  allowed: boolean;
  reason: string;
  /** The portfolio after the trades, in input form. */
  portfolioAfter: PortfolioInput;
}

/**
 * What-if: the account before and after a set of trades, the change in IM, MM and equity, and whether
 * the trades are allowed. A futures trade opens a new line at its price (default: the mark), so its
 * P&L against the mark enters equity; an option trade pays (or receives) `quantity x price x size` of
 * its settlement currency (default price: the mark value); `fee` is charged in the settlement currency.
 *
 * Rule: a trade that raises MM needs initial equity >= IM after it (risk-neutral trades too); a
 * risk-reducing trade (MM falls) is allowed even while liquidatable.
 *
 * @param portfolio raw or parsed portfolio.
 * @param trades `[{ symbol, quantity, price?, fee? }]`.
 * @param market raw or parsed market snapshot.
 * @param params raw or parsed margin parameters (with optional `health`).
 * @param context optional seam for the batch engine: precomputed margin, and `before` (the account's
 *   assessment at this market, trusted) so that only the after-state is evaluated; see {@link EvaluationContext}.
 * @throws MarginInputError for invalid input (trades: argument `'trades'`).
 * @example
 * ```ts
 * const s = simulate(book, [{ symbol: 'BTC-PERP', quantity: '1' }], market, params);
 * s.allowed; // true
 * s.change.maintenanceMargin; // '5000'
 * ```
 */
export function simulate(portfolio: unknown, trades: unknown, market: unknown, params: unknown, context?: EvaluationContext): Simulation {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const r = resolveParameters(params);
  const t = parseArguments(TradesSchema, trades, 'trades');
  checkAccount(p, m);
  const unknown = t.flatMap((x, i) => (m.instruments.has(x.symbol) ? [] : [{ code: 'unknown_symbol' as const, path: [i, 'symbol'], message: `no instrument ${x.symbol}`, argument: 'trades' }]));
  if (unknown.length) throw new MarginInputError(unknown);
  const positions: PortfolioInput['positions'] = p.positions.map(positionInput);
  const cash = new Map<string, Decimal>();
  const pay = (asset: string, amount: Decimal) => cash.set(asset, (cash.get(asset) ?? new D(0)).plus(amount));
  for (const x of t) {
    const inst = m.instruments.get(x.symbol)!;
    if (inst.kind === 'future') {
      const price = x.price ?? m.marks.get(x.symbol)?.price;
      positions.push({ symbol: x.symbol, quantity: decimalString(x.quantity), ...(price && price.gt(0) ? { entryPrice: decimalString(price) } : {}) });
    } else {
      const perContract = x.price !== undefined ? x.price.mul(inst.contractSize) : valueInstrument(m, inst).markValue;
      positions.push({ symbol: x.symbol, quantity: decimalString(x.quantity) });
      pay(inst.settlementCurrency, x.quantity.mul(perContract).neg());
    }
    if (x.fee) pay(p.settlementCurrency, x.fee.neg());
  }
  const portfolioAfter: PortfolioInput = { accountId: p.accountId, settlementCurrency: p.settlementCurrency, positions, collateral: collateralWithCash(p.collateral, cash) };
  const p2 = parsePortfolio(portfolioAfter);
  checkAccount(p2, m);
  const given = context?.before;
  const s1 = given ? undefined : evaluateAccount(p, m, r.margin, r.health, context);
  const s2 = evaluateAccount(p2, m, r.margin, r.health, context);
  const before = given ?? assessmentFrom(s1!, p, m.asOf, r);
  const after = assessmentFrom(s2, p2, m.asOf, r);
  // Before-state figures: exact from the snapshot, or read back from the given assessment (its strings are exact).
  const b1 = s1 ?? { mm: new D(before.maintenanceMargin), im: new D(before.initialMargin), equity: new D(before.equity) };
  const increasesRisk = s2.mm.gt(b1.mm);
  const reducing = s2.mm.lt(b1.mm);
  let allowed: boolean;
  let reason: string;
  if (reducing) {
    allowed = true;
    reason = `risk-reducing: MM falls from ${decimalString(b1.mm)} to ${decimalString(s2.mm)}`;
  } else {
    allowed = s2.initialEquity.gte(s2.im);
    reason = allowed
      ? `initial equity ${decimalString(s2.initialEquity)} covers IM ${decimalString(s2.im)} after the trade`
      : `${increasesRisk ? 'risk-increasing' : 'risk-neutral'} trade needs initial equity >= IM after it: ${decimalString(s2.initialEquity)} < ${decimalString(s2.im)}`;
  }
  return {
    before,
    after,
    change: { initialMargin: decimalString(s2.im.minus(b1.im)), maintenanceMargin: decimalString(s2.mm.minus(b1.mm)), equity: decimalString(s2.equity.minus(b1.equity)) },
    increasesRisk,
    allowed,
    reason,
    portfolioAfter,
  };
}
