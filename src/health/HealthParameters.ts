import * as z from 'zod';
import { CollateralParametersSchema, type CollateralParameters } from '../collateral/CollateralParameters.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { deepFreeze } from '../schema/deepFreeze.js';
import { customIssue, decimalField, err, idField } from '../schema/fields.js';
import { safeCall, type SafeResult } from '../schema/MarginInputError.js';
import { parseBranded } from '../schema/parseArguments.js';
import { brand } from '../schema/parsedBrand.js';
import type { InputOf } from '../schema/InputOf.js';

/**
 * Account-health methodology as data: collateral haircuts, status thresholds, liquidation costs and
 * search settings, market-data quality rules. Every assessment echoes `id` and `version`.
 *
 * Units: fractions in [0, 1] unless said otherwise; amounts in the settlement currency; ages in ms.
 *
 * - `collateral`: haircuts (flat or tiered, separate IM/MM) and borrow tiers, see {@link CollateralParameters}.
 * - `status.marginCallBand`: margin call when maintenance equity < MM x (1 + band) (0.25: warn once
 *   MM / equity passes 80%, the Binance / Deribit warning level).
 * - `liquidation.fee`, `liquidation.slippage`: cost of a closing trade, fraction of its notional.
 * - `liquidation.endBuffer`: the reduction plan stops at maintenance equity >= MM x (1 + b) with
 *   `b = max(endBuffer, status.marginCallBand)` ("liquidation end", not IM, and never inside the
 *   margin-call band: the default 0.15 is below the default band 0.25, so the plan ends at 0.25); the
 *   same buffer sizes the auction's buffer margin (Derive's BUFFER_SCALE - 1).
 * - `liquidation.search.steps`: at most 10,000; the search's whole cost is bounded by `HEALTH_LIMITS`.
 * - `liquidation.auctionDiscount`: price factor a liquidation bidder pays (0.95 = 95% of mark, Derive's start).
 * - `liquidation.search`: the portfolio liquidation-price search: scan moves from 0 to `-maxDown` and
 *   `+maxUp` (relative index moves) in `steps` points each way (denser near 0), then bisect to a
 *   relative price `tolerance`.
 * - `marketData.maxPriceAgeMs`: a price older than this (vs `asOf`) is flagged stale; absent = no age check.
 * - `marketData.stalenessCharge`: extra requirement, fraction of the notional resting on a stale or
 *   doubtful price, added to IM and MM (0 = flag only).
 * - `marketData.minConfidence`: a price whose `confidence` is below this is flagged doubtful.
 */
export interface HealthParameters {
  id: string;
  version: string;
  source: string;
  collateral: CollateralParameters;
  status: { marginCallBand: Decimal };
  liquidation: {
    fee: Decimal;
    slippage: Decimal;
    endBuffer: Decimal;
    auctionDiscount: Decimal;
    search: { maxDown: Decimal; maxUp: Decimal; steps: number; tolerance: Decimal };
  };
  marketData: { maxPriceAgeMs?: number; stalenessCharge: Decimal; minConfidence: Decimal };
}

/**
 * The documented defaults, used for every section (or the whole set) a caller leaves out. In input
 * form, so it can be printed, copied and edited (edit a copy: the constant itself is frozen, so the
 * defaults every call applies cannot drift).
 */
export const DEFAULT_HEALTH_PARAMETERS = deepFreeze({
  id: 'default-health',
  version: '1',
  source: 'portfolio-margin defaults: no haircuts or borrow charge; margin call at MM/equity 80% (Binance, Deribit warning level); liquidation fee 0.5%, end buffer 15% and auction price factor 0.95 (Derive liquidation parameters); prices older than 60 s or with confidence below 0.5 are flagged, not charged.',
  collateral: {},
  status: { marginCallBand: '0.25' },
  liquidation: { fee: '0.005', slippage: '0', endBuffer: '0.15', auctionDiscount: '0.95', search: { maxDown: '0.99', maxUp: '9', steps: 48, tolerance: '0.000000001' } },
  marketData: { maxPriceAgeMs: 60_000, stalenessCharge: '0', minConfidence: '0.5' },
} as const);

const d = (v: string) => new D(v);

const SearchSchema = z.strictObject(
  {
    maxDown: decimalField('fraction').optional(),
    maxUp: decimalField('positive').optional(),
    steps: z.number(err).int(err).min(2, err).max(10_000, err).optional(),
    tolerance: decimalField('positive').optional(),
  },
  err,
);

const shape = {
  id: idField,
  version: z.string(err).min(1, err).max(64, err),
  source: z.string(err).max(2000, err).optional(),
  collateral: CollateralParametersSchema.optional(),
  status: z.strictObject({ marginCallBand: decimalField('nonNegative').optional() }, err).optional(),
  liquidation: z
    .strictObject(
      {
        fee: decimalField('fraction').optional(),
        slippage: decimalField('fraction').optional(),
        endBuffer: decimalField('nonNegative').optional(),
        auctionDiscount: decimalField('fraction').optional(),
        search: SearchSchema.optional(),
      },
      err,
    )
    .optional(),
  marketData: z
    .strictObject(
      {
        maxPriceAgeMs: z.number(err).int(err).min(0, err).max(Number.MAX_SAFE_INTEGER, err).optional(),
        stalenessCharge: decimalField('fraction').optional(),
        minConfidence: decimalField('fraction').optional(),
      },
      err,
    )
    .optional(),
};

/**
 * Schema of {@link HealthParameters}: strict, `id` and `version` required, every other field
 * optional with the value in {@link DEFAULT_HEALTH_PARAMETERS}. Cross-field rule (`invalid_parameters`):
 * `liquidation.search.maxDown` must be below 1 (a price cannot fall 100%).
 */
export const HealthParametersSchema = z.strictObject(shape, err).transform((p, ctx): HealthParameters => {
  const D0 = DEFAULT_HEALTH_PARAMETERS;
  const s = p.liquidation?.search;
  const maxDown = s?.maxDown ?? d(D0.liquidation.search.maxDown);
  if (!maxDown.lt(1)) customIssue(ctx, 'invalid_parameters', 'maxDown must be below 1 (a -100% move has no price)', maxDown.toFixed(), ['liquidation', 'search', 'maxDown']);
  const marketData: HealthParameters['marketData'] = {
    stalenessCharge: p.marketData?.stalenessCharge ?? d(D0.marketData.stalenessCharge),
    minConfidence: p.marketData?.minConfidence ?? d(D0.marketData.minConfidence),
  };
  // An explicit marketData section without maxPriceAgeMs switches the age check off; no section keeps the default.
  const age = p.marketData ? p.marketData.maxPriceAgeMs : D0.marketData.maxPriceAgeMs;
  if (age !== undefined) marketData.maxPriceAgeMs = age;
  const out: HealthParameters = {
    id: p.id,
    version: p.version,
    source: p.source ?? '',
    collateral: p.collateral ?? CollateralParametersSchema.parse(D0.collateral),
    status: { marginCallBand: p.status?.marginCallBand ?? d(D0.status.marginCallBand) },
    liquidation: {
      fee: p.liquidation?.fee ?? d(D0.liquidation.fee),
      slippage: p.liquidation?.slippage ?? d(D0.liquidation.slippage),
      endBuffer: p.liquidation?.endBuffer ?? d(D0.liquidation.endBuffer),
      auctionDiscount: p.liquidation?.auctionDiscount ?? d(D0.liquidation.auctionDiscount),
      search: {
        maxDown,
        maxUp: s?.maxUp ?? d(D0.liquidation.search.maxUp),
        steps: s?.steps ?? D0.liquidation.search.steps,
        tolerance: s?.tolerance ?? d(D0.liquidation.search.tolerance),
      },
    },
    marketData,
  };
  // Branded also when parsed as the `health` key of MarginParameters: passed through without a second parse.
  return brand(out, 'health-parameters');
});

/** Health parameters as the caller writes them. */
export type HealthParametersInput = InputOf<typeof HealthParametersSchema>;

/**
 * Validates a health parameter set; an already-parsed one is returned as is, another parsed value
 * (a margin parameter set, a portfolio ...) is `invalid_type`. Issues carry `argument: 'params'`.
 *
 * @param input a {@link HealthParametersInput}; fractions as decimals (0.005 = 0.5%), ages in ms.
 * @throws MarginInputError with every issue's code and path.
 * @example
 * ```ts
 * const h = parseHealthParameters({ id: 'desk', version: '2', status: { marginCallBand: '0.1' } });
 * h.liquidation.fee.toString(); // '0.005' (default)
 * ```
 */
export function parseHealthParameters(input: unknown): HealthParameters {
  return parseBranded('health-parameters', HealthParametersSchema, input, 'params');
}

/**
 * {@link parseHealthParameters} without throwing.
 *
 * @example
 * ```ts
 * safeParseHealthParameters({ id: 'x', version: '1', liquidation: { fee: '2' } }).success; // false
 * ```
 */
export function safeParseHealthParameters(input: unknown): SafeResult<HealthParameters> {
  return safeCall(() => parseHealthParameters(input));
}
