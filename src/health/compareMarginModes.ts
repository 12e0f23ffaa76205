import { computeMargin } from '../margin/computeMargin.js';
import { D } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import * as z from 'zod';
import { err } from '../schema/fields.js';
import { parseArguments } from '../schema/parseArguments.js';
import { assessAccount } from './assessAccount.js';
import { resolveParameters } from './resolveParameters.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';

const ModesSchema = z.strictObject({ standard: z.unknown().optional(), portfolio: z.unknown().optional() }, err);

/** One margin mode applied to the whole book. */
export interface ModeRequirement {
  mode: 'isolated' | 'cross' | 'portfolio';
  paramsId: string;
  initialMargin: string;
  maintenanceMargin: string;
  /** Pooled equity (market value) minus IM: what is left to trade with under this mode. */
  excess: string;
}

/** Result of {@link compareMarginModes}: the same book under each mode whose parameter set was given. */
export interface ModeComparison {
  accountId: string;
  equity: string;
  modes: ModeRequirement[];
}

/**
 * The same book under isolated, cross and portfolio margin, so a user sees the capital efficiency of
 * each: `isolated` = every position margined alone by the standard set (the sum of the stand-alone
 * requirements), `cross` = the standard (per-position) set on one pooled collateral, `portfolio` =
 * the scenario set. Existing isolated allocations are ignored (the whole book is re-margined each way).
 * A mode is listed only when its parameter set is given; the standard set needs a `standard` section.
 *
 * @param portfolio raw or parsed portfolio.
 * @param market raw or parsed market snapshot.
 * @param params `{ standard?: MarginParameters (mode 'standard'), portfolio?: MarginParameters (mode 'portfolio') }`, raw or parsed.
 * @throws MarginInputError for invalid input.
 * @example
 * ```ts
 * compareMarginModes(book, market, { standard: DERIBIT_STANDARD, portfolio: DERIBIT_PORTFOLIO_MARGIN }).modes.map((m) => m.initialMargin);
 * // e.g. ['412000.5', '339137.71', '49814.18']
 * ```
 */
export function compareMarginModes(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot, params: { readonly standard?: MarginParametersInput | MarginParameters; readonly portfolio?: MarginParametersInput | MarginParameters }): ModeComparison {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  // The wrapper `{ standard?, portfolio? }` itself: a parameter set passed in its place (raw or
  // parsed) is a mistake to report, not an empty comparison.
  parseArguments(ModesSchema, params, 'params');
  checkAccount(p, m);
  const pooled: Portfolio = parsePortfolio({ ...p, positions: p.positions.map(({ isolatedMargin: _drop, ...x }) => x) });
  const modes: ModeRequirement[] = [];
  let equity: string | undefined;
  const row = (mode: ModeRequirement['mode'], id: string, im: string, mm: string, eq: string) => modes.push({ mode, paramsId: id, initialMargin: im, maintenanceMargin: mm, excess: decimalString(new D(eq).minus(im)) });
  if (params.standard !== undefined) {
    const r = resolveParameters(params.standard);
    const alone = parsePortfolio({ ...p, positions: pooled.positions.map((x) => ({ ...x, isolatedMargin: new D(0) })) });
    const iso = computeMargin(alone, m, r.margin);
    const sum = (k: 'im' | 'mm') => decimalString(iso.isolated.reduce((s, x) => s.plus(x[k]), new D(0)));
    const cross = assessAccount(pooled, m, r.margin);
    equity = cross.equity;
    row('isolated', r.margin.id, sum('im'), sum('mm'), cross.equity);
    row('cross', r.margin.id, cross.initialMargin, cross.maintenanceMargin, cross.equity);
  }
  if (params.portfolio !== undefined) {
    const r = resolveParameters(params.portfolio);
    const a = assessAccount(pooled, m, r.margin);
    equity ??= a.equity;
    row('portfolio', r.margin.id, a.initialMargin, a.maintenanceMargin, a.equity);
  }
  return { accountId: p.accountId, equity: equity ?? '0', modes };
}
