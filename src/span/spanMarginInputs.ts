import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { InstrumentSchema } from '../schema/instrumentSchema.js';
import type { MarketSnapshotInput } from '../schema/marketSchema.js';
import type { PortfolioInput } from '../schema/portfolioSchema.js';
import { parseArguments } from '../schema/parseArguments.js';
import type { Scenario, ScenarioSet } from '../scenarios/ScenarioSet.js';
import type { SuppliedRiskArraysInput } from '../scenarios/suppliedRiskArrays.js';
import { SPAN_CME_16 } from '../presets/spanStyle16.js';
import { pickRate } from './CommodityContext.js';
import { familyKey, fileIndex } from './fileIndex.js';
import { findContract } from './findContract.js';
import { accountRateDefs, rateSelection } from './rateSelection.js';
import { riskArrayValues } from './riskArrayValues.js';
import type { SpanContract, SpanFile } from './SpanFile.js';
import { type SpanPositionInput, SpanPositionsSchema, type SpanRequirementOptions } from './SpanPosition.js';
import { spanRequirement } from './spanRequirement.js';
import * as z from 'zod';
import { err } from '../schema/fields.js';

/** Options of {@link spanMarginInputs}: the account id of the portfolio built, and the account type and currency as for `spanRequirement`. */
export interface SpanMarginInputsOptions {
  accountId?: string;
  accountType?: string;
  currency?: string;
}

const OptionsSchema = z.strictObject(
  { accountId: z.string(err).min(1, err).max(128, err).optional(), accountType: z.string(err).min(1, err).max(32, err).optional(), currency: z.string(err).min(1, err).max(16, err).optional() },
  err,
);

/**
 * What the library's own tools need to margin a SPAN account: a market snapshot, a portfolio, the
 * file's 16 scenarios as a scenario set, the file's risk arrays in the form `suppliedRiskArrays`
 * takes, and a parameter set. `symbols[i]` is the instrument symbol of `positions[i]`.
 */
export interface SpanMarginInputs {
  market: MarketSnapshotInput;
  portfolio: PortfolioInput;
  symbols: string[];
  scenarioSet: ScenarioSet;
  riskArrays: SuppliedRiskArraysInput;
  parameters: MarginParametersInput;
}

function isoDate(yyyymmdd: string, time: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}T${time}Z`;
}

/** Expiry date of a contract: the file's date, else the period's day, else the last day of its month. */
function expiryOf(c: SpanContract): string {
  if (c.expiry && /^\d{8}$/.test(c.expiry)) return c.expiry;
  if (/^\d{8}$/.test(c.period)) return c.period;
  const y = Number(c.period.slice(0, 4));
  const m = Number(c.period.slice(4, 6));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${c.period.slice(0, 6)}${String(last).padStart(2, '0')}`;
}

/**
 * Maps a SPAN file and positions onto the library's own inputs, so that the margin step and the
 * health and liquidation tools work on a SPAN account:
 *
 * - one instrument per held contract (symbol `EXCH:CODE:TYPE:PERIOD[:C|P:STRIKE]`), its underlying the
 *   combined commodity (so a risk unit is a combined commodity), contract size the contract value
 *   factor, marks the file's settlement prices;
 * - a 16-scenario set (the file's scenarios, weight 1: the arrays carry the cover fraction) and the
 *   file's risk arrays as P&L per long contract (the negated loss), converted to the account currency,
 *   with the composite deltas;
 * - a portfolio-mode parameter set: IM multiplier = the account type's initial-to-maintenance factor
 *   (the largest, if the held commodities differ), and each two-legged weighted-price-risk
 *   inter-commodity spread between held commodities as an `interUnitCredits` entry.
 *
 * With `suppliedRiskArrays(market, scenarioSet, riskArrays)` and `marginFromRiskArrays`, the scan risk
 * of every risk unit equals `spanRequirement`'s scan risk of that combined commodity (a property test
 * proves it). What the library's parameter set cannot express is left out and shows as a difference
 * from `spanRequirement`: intra-commodity spread and delivery charges, SPAN's short option minimum,
 * per-tier scanning, and the inter-commodity credit, which the library computes from scan risk per
 * delta rather than SPAN's weighted futures price risk (equal for futures-only commodities). For the
 * exact SPAN requirement use `spanRequirement`. To run the engine and the health tools on the file's
 * arrays: `createMarginEngine(market, parameters, { supplied: { scenarioSet, riskArrays } })`
 * (`assess`, `figures`, `simulate`, `check`, `reductionPlan`; `liquidationPrices` and `withPrices` with
 * `riskArraysAt`), or the evaluation context
 * `{ margin: (p) => marginFromRiskArrays(p, market, arrays, parameters) }` of `assessAccount`.
 *
 * @param spanFile a file from `parseSpanFile`.
 * @param positions as for `spanRequirement` (contracts, signed).
 * @param options `{ accountId?, accountType?, currency? }`.
 * @returns plain JSON inputs (decimal strings) plus the scenario set; money in the account currency.
 * @throws MarginInputError as `spanRequirement` does.
 * @example
 * ```ts
 * const inputs = spanMarginInputs(file, positions);
 * const arrays = suppliedRiskArrays(inputs.market, inputs.scenarioSet, inputs.riskArrays);
 * const m = marginFromRiskArrays(inputs.portfolio, inputs.market, arrays, inputs.parameters);
 * m.units.map((u) => u.scanRisk?.amount); // ['3500', '2500'] (SPAN's scan risks: corn 2 x 1,750 outright, soybeans 1 x 2,500)
 * ```
 */
export function spanMarginInputs(spanFile: SpanFile, positions: readonly SpanPositionInput[], options?: SpanMarginInputsOptions): SpanMarginInputs {
  const opts = parseArguments(OptionsSchema, options ?? {}, 'options');
  const reqOpts: SpanRequirementOptions = { optionValue: 'separate' };
  if (opts.accountType !== undefined) reqOpts.accountType = opts.accountType;
  if (opts.currency !== undefined) reqOpts.currency = opts.currency;
  // Validates everything (positions, account type, currency) exactly as spanRequirement does.
  const req = spanRequirement(spanFile, positions, reqOpts);
  const pos = parseArguments(SpanPositionsSchema, positions, 'positions');
  const currency = req.currency;
  const decimals = spanFile.currencies.find((c) => c.code === currency)?.decimals ?? 2;
  const defs = accountRateDefs(spanFile, opts.accountType);

  const { families, ccOf } = fileIndex(spanFile);
  const factorTo = new Map(req.byCombinedCommodity.map((c) => [c.combinedCommodity, new D(c.conversionFactor)]));

  const instruments = new Map<string, z.input<typeof InstrumentSchema>>();
  const marks: Record<string, { price: string }> = {};
  const arrays: Record<string, number[]> = {};
  const deltas: Record<string, number> = {};
  const index = new Map<string, Decimal>();
  const forwards = new Map<string, Record<string, string>>();
  const symbols: string[] = [];
  const asOf = isoDate(spanFile.businessDate, '00:00:00');
  let imFactor = new D(1);
  pos.forEach((p) => {
    const fkey = familyKey(p.exchange, p.productType, p.productCode);
    const family = families.get(fkey)!;
    const ccDef = ccOf.get(fkey)!;
    const cc = ccDef.code;
    const contract = findContract(family, p)!;
    const sel = rateSelection(ccDef, defs);
    if (sel.initialFactor.div(sel.maintenanceFactor).gt(imFactor)) imFactor = sel.initialFactor.div(sel.maintenanceFactor);
    const option = contract.right !== undefined;
    const symbol = `${family.exchange}:${family.code}:${family.type}:${contract.period}${option ? `:${contract.right}:${contract.strike!.toFixed()}` : ''}`;
    symbols.push(symbol);
    if (instruments.has(symbol)) return;
    const f = factorTo.get(cc) ?? new D(1);
    const expiry = isoDate(expiryOf(contract), '23:59:59');
    const inst: z.input<typeof InstrumentSchema> = {
      symbol,
      kind: option ? 'option' : 'future',
      underlying: cc,
      quoteCurrency: currency,
      settlementCurrency: currency,
      settlement: 'linear',
      contractSize: decimalString(family.contractValueFactor.gt(0) ? family.contractValueFactor : new D(1)),
      expiry,
    };
    if (option) {
      inst.right = contract.right === 'C' ? 'call' : 'put';
      inst.strike = decimalString(contract.strike!);
    }
    instruments.set(symbol, inst);
    if (contract.price !== undefined) marks[symbol] = { price: decimalString(contract.price) };
    const arr = pickRate(contract.arrays, sel.rateId)!;
    // P&L of one long contract = the negated loss, in the account currency.
    arrays[symbol] = riskArrayValues(arr).map((v) => (v.isZero() ? 0 : v.neg().mul(f).toNumber()));
    deltas[symbol] = arr.delta.mul(contract.deltaScale).toNumber();
    // The combined commodity's index: the price of a held future (an option's underlying when the file has it).
    const under = option && family.underlying ? families.get(familyKey(family.underlying.exchange, family.underlying.type, family.underlying.code)) : undefined;
    const underPrice = under?.contracts.find((c) => c.period === contract.underlyingPeriod)?.price;
    const price = option ? underPrice : contract.price;
    if (price !== undefined && price.gt(0) && !index.has(cc)) index.set(cc, price);
    if (option && underPrice !== undefined && underPrice.gt(0)) {
      const fw = forwards.get(cc) ?? {};
      fw[expiry] = decimalString(underPrice);
      forwards.set(cc, fw);
    }
  });
  const underlyings: Record<string, { index: string; forwards?: Record<string, string> }> = {};
  for (const cc of [...new Set([...instruments.values()].map((i) => i.underlying))].sort(compareKeys)) {
    // Without a future price, an option's strike stands in for the level (used only for explanations and valuations, never by the scan).
    const idx = index.get(cc) ?? [...instruments.values()].find((i) => i.underlying === cc && i.strike !== undefined)?.strike;
    if (idx === undefined) throw new MarginInputError([{ code: 'missing_index', path: [cc], message: `no price in the file for combined commodity ${cc}`, argument: 'spanFile' }]);
    underlyings[cc] = { index: typeof idx === 'string' ? idx : decimalString(new D(String(idx))) };
    const fw = forwards.get(cc);
    if (fw) underlyings[cc]!.forwards = fw;
  }
  const ids = [...instruments.keys()].sort(compareKeys);
  const market: MarketSnapshotInput = { asOf, settlementCurrency: currency, instruments: ids.map((s) => instruments.get(s)!), underlyings, marks, assets: {} };

  const paramsId = `span-${spanFile.clearingOrg || 'file'}-${spanFile.businessDate}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const scenarios: Scenario[] = spanFile.scenarios.map((s, i) => ({
    index: i,
    id: `span-${s.point}`,
    label: `SPAN scenario ${s.point}: price ${decimalString(s.priceMove.toSignificantDigits(6))} of the scan range, vol ${decimalString(s.volMove.toSignificantDigits(6))}`,
    set: 'mm',
    kind: s.pairedPoint === undefined ? 'tail' : 'grid',
    moves: {},
    volShock: { id: s.volMove.isZero() ? 'none' : s.volMove.gt(0) ? 'up' : 'down', kind: 'none', size: 0, termScaled: false },
    weight: '1',
    timeStepDays: 0,
  }));
  const scenarioSet: ScenarioSet = { paramsId, paramsVersion: '1', asOf, underlyings: Object.keys(underlyings), ranges: {}, groups: [{ id: 'mm', start: 0, end: scenarios.length }], scenarios };

  const heldCcs = new Set(req.byCombinedCommodity.map((c) => c.combinedCommodity));
  const credits: NonNullable<MarginParametersInput['interUnitCredits']>[number][] = [];
  for (const s of [...spanFile.interSpreads].sort((a, b) => a.priority - b.priority)) {
    if (s.method !== 'W' || s.legs.length !== 2 || !s.legs.every((l) => heldCcs.has(l.cc)) || s.legs[0]!.cc === s.legs[1]!.cc) continue;
    const rate = pickRate(s.rates, 1)?.value;
    if (rate === undefined || rate.lt(0) || rate.gt(1)) continue;
    credits.push({ units: [s.legs[0]!.cc, s.legs[1]!.cc], deltaRatio: [decimalString(s.legs[0]!.ratio), decimalString(s.legs[1]!.ratio)], rate: decimalString(rate) });
  }
  const parameters: MarginParametersInput = {
    id: paramsId,
    version: '1',
    source: `SPAN risk-parameter file of ${spanFile.clearingOrg || 'a clearing house'} for ${spanFile.businessDate} (${spanFile.format}), mapped by spanMarginInputs`,
    mode: 'portfolio',
    settlementPrecision: decimals,
    // Required by the schema for portfolio mode (CME's 16-scenario grid); the file's own arrays replace what it would build.
    scenarios: SPAN_CME_16.scenarios!,
    collateralInScenarios: false,
    initialMargin: { multiplier: decimalString(imFactor) },
    ...(credits.length ? { interUnitCredits: credits } : {}),
  };
  const portfolio: PortfolioInput = {
    accountId: opts.accountId ?? 'span',
    settlementCurrency: currency,
    positions: pos.map((p, i) => ({ symbol: symbols[i]!, quantity: decimalString(p.quantity) })),
    collateral: [],
  };
  return { market, portfolio, symbols, scenarioSet, riskArrays: { instruments: arrays, deltas }, parameters };
}
