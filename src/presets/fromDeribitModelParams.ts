import * as z from 'zod';
import { D, type Decimal } from '../numeric/decimal.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { decimalString } from '../numeric/rounding.js';
import { customIssue, err, idField, LIMITS } from '../schema/fields.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import { parseArguments } from '../schema/parseArguments.js';
import type { EchoEntry } from '../margin/MarginParameters.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import { parseMarginParameters } from '../margin/parseMarginParameters.js';

/** Where Deribit documents `private/pme/simulate`, whose response carries `model_params`. */
export const DERIBIT_PME_SIMULATE_URL = 'https://docs.deribit.com/api-reference/account-management/private-simulate';

/**
 * The extended table's moves (Deribit's support article "Portfolio Margin": -66%, -33%, +50%, +100%,
 * +200%, +300%, +400%, +500%, vol up only). Not part of `model_params`.
 */
export const DERIBIT_EXTENDED_MOVES = ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5'] as const;

const EXPONENT_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number of `model_params`, read exactly: a JSON number through its shortest round-trip string
 * (`5e-5` and `0.00005` both give 0.00005; `6.4e4` gives 64000, Deribit's changelog 03.12.2024), or
 * a decimal string with or without an exponent (a lossless JSON reader's text). Returns a plain
 * decimal string.
 */
function deribitNumber(constraint: 'any' | 'nonNegative' | 'fraction' | 'belowOne' | 'integer') {
  return z.unknown().transform((v, ctx): string => {
    let d: Decimal | undefined;
    if (typeof v === 'number' && Number.isFinite(v)) d = new D(v);
    else if (typeof v === 'string' && v.length <= LIMITS.maxDecimalChars && EXPONENT_DECIMAL.test(v)) d = new D(v);
    if (d === undefined || d.sd() > LIMITS.maxSignificantDigits || d.abs().gt(LIMITS.maxAbsAmount) || (!d.isZero() && d.e < LIMITS.minDecimalExponent)) {
      const missing = v === undefined;
      customIssue(ctx, missing ? 'missing_field' : 'invalid_decimal', missing ? 'required field is missing' : `expected a finite number (exponent notation allowed), got ${JSON.stringify(v)?.slice(0, 40)}`, v);
      return z.NEVER;
    }
    const bad =
      (constraint === 'nonNegative' && d.lt(0)) ||
      (constraint === 'fraction' && (d.lt(0) || d.gt(1))) ||
      (constraint === 'belowOne' && (d.lt(0) || d.gte(1))) ||
      (constraint === 'integer' && (!d.isInteger() || d.lt(0)));
    if (bad) {
      const what = { nonNegative: 'at least 0', fraction: 'a fraction in [0, 1]', belowOne: 'in [0, 1)', integer: 'a whole number >= 0', any: '' }[constraint];
      customIssue(ctx, 'invalid_value', `must be ${what}, got ${decimalString(d)}`, v);
      return z.NEVER;
    }
    return decimalString(d);
  });
}

const nonNeg = () => deribitNumber('nonNegative');

/** The keys of one `currency_pair` entry (per index) that the model uses. */
const PAIR_SHAPE = {
  price_range: deribitNumber('belowOne'),
  volatility_range_up: nonNeg(),
  volatility_range_down: nonNeg(),
  short_term_vega_power: deribitNumber('any'),
  long_term_vega_power: deribitNumber('any'),
  min_volatility_for_shock_up: nonNeg(),
  extended_table_factor: nonNeg(),
  max_delta_shock: nonNeg(),
  delta_total_liq_shock_threshold: nonNeg(),
  m_inc: nonNeg(),
};

/** The keys of one `currency` entry that the model uses, and those read only for the echo (cross margin). */
const CURRENCY_SHAPE = {
  pnl_offset: deribitNumber('fraction'),
  max_offsetable_pnl: nonNeg(),
  extended_dampener: nonNeg(),
  min_annualised_move: nonNeg(),
  annualised_move_risk: nonNeg(),
};
const CROSS_MARGIN_ONLY = ['haircut', 'equity_side_impact', 'correlation_set'] as const;

const GENERAL_SHAPE = {
  mm_factor: deribitNumber('fraction'),
  buckets_count: deribitNumber('integer'),
  vol_scenarios_count: deribitNumber('integer'),
  timestamp: deribitNumber('integer'),
};

/** Options of {@link fromDeribitModelParams}: the index (`currency_pair` key, e.g. `'btc_usd'`) and the settlement currency (e.g. `'BTC'`). */
export interface DeribitModelOptions {
  indexName: string;
  currency: string;
}

const OptionsSchema = z.strictObject({ indexName: idField, currency: idField }, err);

/** Every leaf under `v` as `{ path, value }` (a number or string as given, other values as JSON), in key order. */
function leaves(v: unknown, path: string, out: EchoEntry[]): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const k of Object.keys(v).sort(compareKeys)) leaves((v as Record<string, unknown>)[k], `${path}.${k}`, out);
    return;
  }
  const value = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
  out.push({ path: path.slice(0, 1000), value: value.slice(0, 1000) });
}

function own(v: unknown, k: string): unknown {
  return v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k] : undefined;
}

/** Refuses `model_params` at `path` (every refusal the converter makes itself is `invalid_value`). */
function fail(path: (string | number)[], message: string): never {
  throw new MarginInputError([{ code: 'invalid_value', path, message, argument: 'modelParams' }]);
}

/** How deep `model_params` may nest (Deribit's nests 3 levels) and how many values it may hold in all. */
const MAX_DEPTH = 64;
const MAX_VALUES = 1_000_000;

/**
 * Refuses a `model_params` nested deeper than MAX_DEPTH, or holding a cycle (a caller's object, not
 * JSON: it nests without end), or more than MAX_VALUES values, before any reader recurses into it: the
 * echo walks every unused key, and a number's error message prints its value, both recursively. Walks
 * with its own stack, so a 20,000-level value is refused at its 65th level rather than overflowing.
 */
function checkShape(mp: unknown): void {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: mp, path: [] }];
  let values = 0;
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (path.length > MAX_DEPTH) fail(path, `nested deeper than ${MAX_DEPTH} levels (or a cycle)`);
    if (v === null || typeof v !== 'object') continue;
    const keys: (string | number)[] = Array.isArray(v) ? Array.from({ length: Math.min(v.length, MAX_VALUES + 1) }, (_, i) => i) : Object.keys(v);
    values += keys.length;
    if (values > MAX_VALUES) fail([], `more than ${MAX_VALUES} values`);
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: (v as Record<string | number, unknown>)[keys[i]!], path: [...path, keys[i]!] });
  }
}

/**
 * The keys of `model_params` the model does not use, sorted by path: `unknown` (keys this converter
 * does not know, in the used entries and at the top level) and `notUsed` (cross-margin-only keys of
 * the used currency, and every entry of the other indices and currencies).
 */
function echoOf(mp: Record<string, unknown>, index: string, currencyKey: string): { unknown: EchoEntry[]; notUsed: EchoEntry[] } {
  const unknown: EchoEntry[] = [];
  const notUsed: EchoEntry[] = [];
  for (const top of Object.keys(mp).sort(compareKeys)) {
    const group = mp[top];
    if (top === 'general') {
      for (const k of Object.keys(group as object).sort(compareKeys)) if (!(k in GENERAL_SHAPE)) leaves(own(group, k), `general.${k}`, unknown);
    } else if (top === 'currency_pair' || top === 'currency') {
      const used = top === 'currency_pair' ? index : currencyKey;
      const known: Record<string, unknown> = top === 'currency_pair' ? PAIR_SHAPE : CURRENCY_SHAPE;
      for (const entry of Object.keys(group as object).sort(compareKeys)) {
        const value = own(group, entry);
        if (entry !== used) {
          leaves(value, `${top}.${entry}`, notUsed);
          continue;
        }
        for (const k of Object.keys(value as object).sort(compareKeys)) {
          if (k in known) continue;
          leaves(own(value, k), `${top}.${entry}.${k}`, (CROSS_MARGIN_ONLY as readonly string[]).includes(k) && top === 'currency' ? notUsed : unknown);
        }
      }
    } else leaves(group, top, unknown);
  }
  const byPath = (a: EchoEntry, b: EchoEntry) => compareKeys(a.path, b.path);
  return { unknown: unknown.sort(byPath), notUsed: notUsed.sort(byPath) };
}

/**
 * Turns the `model_params` object of a Deribit `private/pme/simulate` response into a parameter set
 * of this library (Deribit's 2024 portfolio margin model), so that a Deribit user runs the library on
 * the live parameters their account reports.
 *
 * Mapping (`currency_pair[indexName]`, `currency[currency]`, `general`): `price_range` -> the price
 * range (grid of `2 * buckets_count + 1` moves, ascending, under vol up / same / down; `vol_scenarios_count`
 * must be 3); `volatility_range_up` / `_down`, `min_volatility_for_shock_up` -> relative vol states
 * (up floored at the minimum), term-scaled by `(30 / max(DTE, 1))^p` with `p` the short (< 30 days) or
 * long vega power; `extended_table_factor` -> the extended table (`DERIBIT_EXTENDED_MOVES`, vol up,
 * `rangeOverMove` weights on USD P&L converted at the edge price); `pnl_offset`, `max_offsetable_pnl`
 * (USD), `extended_dampener` (USD) -> the aggregated-vector rules; `min_annualised_move`,
 * `annualised_move_risk` -> the roll shock (options included); `delta_total_liq_shock_threshold` (USD),
 * `m_inc`, `max_delta_shock` -> the delta shock; `mm_factor` -> MM as a fraction of IM;
 * `timestamp` -> the version `deribit-<timestamp>`. Settlement precision 9 decimals (6 for USDC, USDT
 * and USD). The choices Deribit has not published (DTE floor 1 day, the dampener's formula, the delta
 * shock's formula, options in the roll shock) are the `deribit-pm` preset's, see README.
 *
 * Numbers may be JSON numbers (exponent notation included, e.g. `6.4e4`) or decimal strings; they are
 * read exactly. Nothing is dropped silently: keys the converter does not know, cross-margin-only keys
 * (`haircut`, `equity_side_impact`, `correlation_set`) and the entries of other indices and currencies
 * are kept in the set's `echo` (`unknown` / `notUsed`, path and value), which margin results repeat
 * as `paramsEcho`; they never change a number.
 *
 * Value ranges: Deribit publishes values of these parameters (the simulate reference's example, the
 * "Portfolio Margin" article), not bounds, so a value is refused only where the model has no meaning.
 * `price_range` must be in [0, 1): at 1 the grid's lowest price is 0. 0 is accepted, as the parameter
 * sets accept a relative price range of 0: the grid's moves are all 0 and the extended table's weights
 * (`price_range / |move|` x factor) are 0, a vol-only scan. `volatility_range_up` / `_down` must be at
 * least 0; a down range above 1 is accepted: the down state's vol `iv x (1 - range x scale)` is floored
 * at 0 (a shocked vol never goes below 0), which the term scale `(30 / DTE)^p` already reaches at
 * published values (the article's 38% with power 0.3 exceeds 1 below about 1.2 days to expiry).
 *
 * Bounds (the converter's own, not in `LIMITS`): `model_params` nests at most 64 levels and holds at
 * most 1,000,000 values in all, so that a hostile or cyclic object is refused before any reader
 * recurses into it (`invalid_value`, see below).
 *
 * Pure: no I/O. Fetch the response yourself and pass `response.result.model_params`.
 *
 * @param modelParams `result.model_params` of `private/pme/simulate`.
 * @param options `{ indexName, currency }`, e.g. `{ indexName: 'btc_usd', currency: 'BTC' }`.
 * @returns a parameter set as plain data (decimal strings), ready for `computeMargin` and the engine.
 * @throws MarginInputError with paths into `model_params` (argument `modelParams`: a missing group or
 *   key is `missing_field`, never a default; a malformed number `invalid_decimal`; a value out of range
 *   `invalid_value`; a value nested deeper than 64 levels, a cycle, or more than 1,000,000 values in
 *   all, `invalid_value` before anything else), or into `options`.
 * @example
 * ```ts
 * // modelParams: `result.model_params` of Deribit's private/pme/simulate response (your JSON-RPC
 * // client fetches it); here the one of Deribit's documented example.
 * const params = fromDeribitModelParams(deribitDoc.modelParams, { indexName: 'btc_usd', currency: 'BTC' });
 * computeMargin(deribitDoc.book, deribitDoc.market, params).maintenanceMargin; // '0.050274506' (BTC)
 * ```
 */
export function fromDeribitModelParams(modelParams: unknown, options: DeribitModelOptions): MarginParametersInput {
  const { indexName, currency } = parseArguments(OptionsSchema, options, 'options');
  checkShape(modelParams);
  const currencies = own(modelParams, 'currency');
  // Deribit keys currencies in lower case; an exact key wins.
  const currencyKey = own(currencies, currency) !== undefined ? currency : currency.toLowerCase();
  const schema = z.looseObject(
    {
      currency_pair: z.looseObject({ [indexName]: z.looseObject(PAIR_SHAPE, err) }, err),
      currency: z.looseObject(
        {
          [currencyKey]: z.looseObject(
            {
              ...CURRENCY_SHAPE,
              haircut: deribitNumber('fraction').optional(),
              equity_side_impact: z.enum(['both', 'none'], err).optional(),
              correlation_set: z.boolean(err).optional(),
            },
            err,
          ),
        },
        err,
      ),
      general: z.looseObject(GENERAL_SHAPE, err),
    },
    err,
  );
  const mp = parseArguments(schema, modelParams, 'modelParams');
  const pair = mp.currency_pair[indexName] as z.output<z.ZodObject<typeof PAIR_SHAPE>>;
  const cur = mp.currency[currencyKey] as z.output<z.ZodObject<typeof CURRENCY_SHAPE>>;
  const gen = mp.general;
  if (gen.vol_scenarios_count !== '3') fail(['general', 'vol_scenarios_count'], `the model has 3 vol states (up, same, down); got ${gen.vol_scenarios_count}`);
  const buckets = Number(gen.buckets_count);
  if (buckets < 1 || buckets > 64) fail(['general', 'buckets_count'], `buckets_count must be 1 to 64, got ${gen.buckets_count}`);
  const stable = ['USDC', 'USDT', 'USD'].includes(currency.toUpperCase());
  const echo = echoOf(modelParams as Record<string, unknown>, indexName, currencyKey);
  const version = `deribit-${gen.timestamp}`;
  if (version.length > 64) fail(['general', 'timestamp'], 'timestamp is too long for a version');
  const out: MarginParametersInput = {
    id: 'deribit-pm',
    version,
    source: `${DERIBIT_PME_SIMULATE_URL} (model_params: currency_pair.${indexName}, currency.${currencyKey}, general)`.slice(0, 2000),
    mode: 'portfolio',
    settlementPrecision: stable ? 6 : 9,
    scenarios: {
      priceRange: { kind: 'relative', range: pair.price_range },
      priceSteps: buckets,
      gridOrder: 'ascending',
      volShocks: [
        { id: 'up', kind: 'relative', size: pair.volatility_range_up, termScaled: true, minVol: pair.min_volatility_for_shock_up },
        { id: 'same', kind: 'none' },
        { id: 'down', kind: 'relative', size: decimalString(new D(pair.volatility_range_down).neg()), termScaled: true },
      ],
      termScaling: { referenceDays: '30', floorDays: '1', switchDays: '30', shortPower: pair.short_term_vega_power, longPower: pair.long_term_vega_power },
      tails: DERIBIT_EXTENDED_MOVES.map((move) => ({ move, volShock: 'up', weight: { kind: 'rangeOverMove' as const, factor: pair.extended_table_factor, pnlCurrency: 'index' as const } })),
      aggregate: {
        pnlOffset: cur.pnl_offset,
        maxOffsetablePnl: cur.max_offsetable_pnl,
        dampener: { amount: cur.extended_dampener, scaling: 'excessOverRange', gains: 'drop' },
      },
    },
    collateralInScenarios: true,
    addOns: {
      rollShock: { minAnnualisedMove: cur.min_annualised_move, annualisedMoveRisk: cur.annualised_move_risk, includeOptions: true },
      deltaShock: { threshold: pair.delta_total_liq_shock_threshold, incrementPerUnit: pair.m_inc, max: pair.max_delta_shock, includeOptions: true },
    },
    maintenanceMargin: { factorOfInitial: gen.mm_factor },
    echo: { source: 'deribit model_params', ...echo },
  };
  if (echo.unknown.length + echo.notUsed.length > 10_000) fail([], 'more than 10,000 unused entries in model_params');
  // The set is checked once here, so that a problem shows now (with the converter's paths above), not at first use.
  parseMarginParameters(out);
  return out;
}
