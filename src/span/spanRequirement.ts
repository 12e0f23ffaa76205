import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString, roundRequirement, roundValue } from '../numeric/rounding.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import { parseArguments } from '../schema/parseArguments.js';
import { type CommodityContext, type HeldContract, pickRate } from './CommodityContext.js';
import { DeltaBook, inRange } from './deltaBook.js';
import { familyKey, fileIndex } from './fileIndex.js';
import { findContract } from './findContract.js';
import { interSpreadCredit } from './interSpreadCredit.js';
import { intraSpreadCharge } from './intraSpreadCharge.js';
import { accountRateDefs, rateSelection } from './rateSelection.js';
import type { SpanCombinedCommodity, SpanContract, SpanFile, SpanProductFamily, SpanTier } from './SpanFile.js';
import { type SpanPosition, type SpanPositionInput, SpanPositionsSchema, type SpanRequirementOptions, SpanRequirementOptionsSchema } from './SpanPosition.js';
import type { SpanCommodityResult, SpanRequirementResult, SpanSpreadResult } from './SpanRequirementResult.js';
import { riskArrayValues } from './riskArrayValues.js';
import { spanScanTier } from './spanScanRisk.js';
import { spanShortOptionMinimum } from './spanShortOptionMinimum.js';
import { spotCharge } from './spotCharge.js';


/** A position resolved to its contract and commodity, netted. */
interface Held {
  family: SpanProductFamily;
  contract: SpanContract;
  cc: SpanCombinedCommodity;
  quantity: Decimal;
  index: number;
}

/** Display of a non-money decimal (delta, spread count): at most 12 decimal places. */
function qty(d: Decimal): string {
  return decimalString(d.decimalPlaces() > 12 ? d.toDecimalPlaces(12, D.ROUND_HALF_EVEN) : d);
}

function positionName(p: SpanPosition): string {
  return `${p.exchange} ${p.productCode} ${p.productType} ${p.period}${p.right ? ` ${p.right} ${p.strike?.toFixed() ?? ''}` : ''}`;
}

function unknown(i: number, message: string): MarginInputError {
  return new MarginInputError([{ code: 'unknown_symbol', path: [i], message, argument: 'positions' }]);
}

function tierOf(t: SpanTier): { start?: string; end?: string } {
  return { ...(t.start !== undefined ? { start: t.start } : {}), ...(t.end !== undefined ? { end: t.end } : {}) };
}

/**
 * The SPAN performance bond requirement of a set of positions against a clearing house's
 * risk-parameter file, with the explanation a margin clerk expects (step 6 and 7 of the
 * calculation: assembly per combined commodity, then across).
 *
 * Per combined commodity: scan risk per scanning tier (`spanScanTier`), intra-commodity
 * spread charge (`intraSpreadCharge`), delivery charge (`spotCharge`); across the
 * portfolio: inter-commodity spread credits (`interSpreadCredit`); then per commodity the short
 * option minimum (`spanShortOptionMinimum`) and the risk
 * `max(scan + intra + spot - inter, SOM, 0)` (CME's order; with `assembly: 'kdpw'`,
 * `max(scan + intra + spot, SOM) - inter` with each component rounded first, KDPW_CCP's order).
 * The risk is the requirement of the file's base rate; the account type's maintenance and initial
 * requirements are it times the file's factors (see `rateSelection`). Net option value of
 * premium-style options (`quantity * price * contract value factor`, positive when long) is, with
 * `optionValue: 'deduct'`, subtracted from the total: short options then require their premium on
 * top of the risk, long options need no margin beyond their own value; a commodity whose limit
 * option value flag is set offers at most its own risk as available net option value. Each
 * commodity's amounts are converted to the account currency with the file's factors, summed, and
 * rounded up (requirements) or down (net option value) to `decimals`.
 *
 * Sources: CME Group, "CME SPAN Methodology Overview"
 * (https://www.cmegroup.com/clearing/risk-management/span-overview.html); CME's PC-SPAN
 * documentation ("SPAN takes the sum of the scan risk, the intracommodity spread charge and the spot
 * charge, and subtracts the intercommodity spread credit. This result is then compared to the short
 * option minimum, and the larger is taken as the risk requirement"); CME's "Combined Commodities"
 * report (limits on available net option value,
 * https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46498045/Combined+Commodities);
 * CME's spread calculation page for the flat-rate illustrations
 * (https://cmegroup.com/clearing/margins/spread-calc.html).
 *
 * Deterministic and exact: positions are netted per contract and processed in a canonical order;
 * every amount is a Decimal of the file's digits.
 *
 * @param spanFile a file from `parseSpanFile`.
 * @param positions `{ exchange, productCode, productType, period, right?, strike?, quantity }` (contracts, signed).
 * @param options account type, requirement type, currency, decimals, option value and assembly (see {@link SpanRequirementOptions}).
 * @returns initial and maintenance requirements in the account currency, with the explanation per combined commodity.
 * @throws MarginInputError: `unknown_symbol` (argument `positions`, path `[index]`) for a contract the
 *   file does not have; `missing_mark` for a premium-style option without a price; `invalid_value`
 *   (argument `options`) for an unknown account type or a currency the file cannot convert to.
 * @example
 * ```ts
 * const file = parseSpanFile(text); // corn and soybeans, USD
 * const r = spanRequirement(file, [{ exchange: 'CBT', productCode: 'C', productType: 'FUT', period: '202603', quantity: '2' }]);
 * r.maintenance; // '3500' (USD): 2 x corn's outright 1,750
 * spanRequirement(file, positions).maintenance; // '2700': 3,500 + 2,500 - the 55% spread credit 3,300
 * ```
 */
export function spanRequirement(spanFile: SpanFile, positions: readonly SpanPositionInput[], options?: SpanRequirementOptions): SpanRequirementResult {
  if (spanFile === null || typeof spanFile !== 'object' || !Array.isArray((spanFile as SpanFile).products) || !Array.isArray((spanFile as SpanFile).combinedCommodities)) {
    throw new MarginInputError([{ code: 'invalid_type', path: [], message: 'expected a SpanFile from parseSpanFile', argument: 'spanFile' }]);
  }
  const opts = parseArguments(SpanRequirementOptionsSchema, options ?? {}, 'options');
  const pos = parseArguments(SpanPositionsSchema, positions, 'positions');
  const file = spanFile;

  const { families, ccOf } = fileIndex(file);

  // Resolve and net the positions.
  const held = new Map<string, Held>();
  pos.forEach((p, i) => {
    const fkey = familyKey(p.exchange, p.productType, p.productCode);
    const family = families.get(fkey);
    if (!family) throw unknown(i, `no product ${p.exchange} ${p.productCode} ${p.productType} in the file`);
    const cc = ccOf.get(fkey);
    if (!cc) throw unknown(i, `product ${p.exchange} ${p.productCode} ${p.productType} is in no combined commodity of the file`);
    const contract = findContract(family, p);
    if (!contract) throw unknown(i, `no contract ${positionName(p)} in the file (or more than one matches its period)`);
    const key = `${fkey}|${contract.id}|${contract.period}`;
    const cur = held.get(key);
    if (cur) cur.quantity = cur.quantity.plus(p.quantity);
    else held.set(key, { family, contract, cc, quantity: p.quantity, index: i });
  });

  const defs = accountRateDefs(file, opts.accountType);
  const byCc = new Map<string, { cc: SpanCombinedCommodity; items: Held[] }>();
  for (const k of [...held.keys()].sort(compareKeys)) {
    const h = held.get(k)!;
    if (h.quantity.isZero()) continue;
    const g = byCc.get(h.cc.code) ?? { cc: h.cc, items: [] };
    g.items.push(h);
    byCc.set(h.cc.code, g);
  }
  const codes = [...byCc.keys()].sort(compareKeys);

  // Currency and rounding.
  const ccyOfHeld = [...new Set(codes.map((c) => byCc.get(c)!.cc.currency))];
  const allCcy = [...new Set(file.combinedCommodities.map((c) => c.currency))];
  const currency = opts.currency ?? (ccyOfHeld.length === 1 ? ccyOfHeld[0]! : ccyOfHeld.length === 0 && allCcy.length === 1 ? allCcy[0]! : undefined);
  if (currency === undefined) {
    // With nothing held the file's currencies decide, and it may have none or several: say which.
    throw new MarginInputError([{ code: 'invalid_value', path: ['currency'], message: `${ccyOfHeld.length ? `positions span several currencies (${ccyOfHeld.join(', ')})` : `no position held; the file's currencies: ${allCcy.join(', ') || 'none'}`}: name the account currency`, argument: 'options' }]);
  }
  const decimals = opts.decimals ?? file.currencies.find((c) => c.code === currency)?.decimals ?? 2;
  const factorTo = (from: string): Decimal => {
    if (from === currency) return new D(1);
    const direct = file.currencyConversions.find((c) => c.from === from && c.to === currency);
    if (direct) return direct.factor;
    const inverse = file.currencyConversions.find((c) => c.from === currency && c.to === from);
    if (inverse && !inverse.factor.isZero()) return new D(1).div(inverse.factor);
    throw new MarginInputError([{ code: 'invalid_value', path: ['currency'], message: `the file has no conversion from ${from} to ${currency}`, argument: 'options' }]);
  };
  const up = (d: Decimal) => decimalString(roundRequirement(d, decimals));
  const down = (d: Decimal) => decimalString(roundValue(d, decimals));

  // Per combined commodity: scan, intra, spot.
  const contexts = new Map<string, CommodityContext>();
  const selections = new Map<string, ReturnType<typeof rateSelection>>();
  for (const code of codes) {
    const { cc, items } = byCc.get(code)!;
    const sel = rateSelection(cc, defs);
    selections.set(code, sel);
    const hs: HeldContract[] = items.map((h) => {
      const arr = pickRate(h.contract.arrays, sel.rateId);
      if (!arr) throw new MarginInputError([{ code: 'missing_risk_array', path: [h.index], message: `contract ${h.family.code} ${h.contract.period} has no risk array in the file`, argument: 'positions' }]);
      return { family: h.family, contract: h.contract, quantity: h.quantity, values: riskArrayValues(arr), delta: arr.delta.mul(h.contract.deltaScale), spreadPeriod: h.contract.underlyingPeriod ?? h.contract.period, index: h.index };
    });
    const tiers: SpanTier[] = cc.scanTiers.length > 0 ? [...cc.scanTiers] : [{ tier: 0, rates: [] }];
    const scan = tiers.map((tier) => {
      const range = tierOf(tier);
      const entries = hs.filter((h) => tier.tier === 0 || inRange(h.spreadPeriod, range)).map((h) => ({ quantity: h.quantity, values: h.values, delta: h.delta }));
      return { tier, outcome: spanScanTier(entries, file.scenarios) };
    });
    const deltas = new Map<string, Decimal>();
    for (const h of hs) deltas.set(h.spreadPeriod, (deltas.get(h.spreadPeriod) ?? new D(0)).plus(h.quantity.mul(h.delta)));
    contexts.set(code, { cc, held: hs, rateId: sel.rateId, scan, book: new DeltaBook(deltas), whole: opts.wholeSpreads ?? false });
  }
  const intra = new Map(codes.map((c) => [c, intraSpreadCharge(contexts.get(c)!)]));
  const spot = new Map(codes.map((c) => [c, spotCharge(contexts.get(c)!)]));
  const inter = interSpreadCredit(contexts, file.interSpreads);
  const interOf = new Map<string, Decimal>();
  for (const s of inter) for (const l of s.legs) if (l.ctx) interOf.set(l.ctx.cc.code, (interOf.get(l.ctx.cc.code) ?? new D(0)).plus(l.credit));

  // Assembly.
  let totalRiskM = new D(0);
  let totalRiskI = new D(0);
  let totalNov = new D(0);
  let totalAvailM = new D(0);
  let totalAvailI = new D(0);
  const spreadJson = (kind: 'intra' | 'inter', s: { spread: { priority: number; method: 'F' | 'P' | 'W' | 'S'; legs: readonly { cc: string; tier?: number; period?: string; side: 'A' | 'B'; ratio: Decimal }[] }; rate: Decimal; spreads: Decimal }, legs: { deltaBefore: Decimal; consumed: Decimal; wfpr?: Decimal; amount?: Decimal }[], amount: string): SpanSpreadResult => ({
    kind,
    priority: s.spread.priority,
    method: s.spread.method,
    rate: decimalString(s.rate),
    spreads: qty(s.spreads),
    legs: s.spread.legs.map((l, i) => {
      const x = legs[i]!;
      const out: SpanSpreadResult['legs'][number] = { combinedCommodity: l.cc, side: l.side, ratio: decimalString(l.ratio), deltaBefore: qty(x.deltaBefore), deltaConsumed: qty(x.consumed) };
      if (l.tier !== undefined) out.tier = l.tier;
      if (l.period !== undefined) out.period = l.period;
      if (x.wfpr !== undefined) out.weightedPriceRisk = decimalString(x.wfpr.toDecimalPlaces(6, D.ROUND_HALF_EVEN));
      if (x.amount !== undefined) out.amount = kind === 'intra' ? up(x.amount) : down(x.amount);
      return out;
    }),
    amount,
  });
  const byCommodity: SpanCommodityResult[] = codes.map((code) => {
    const ctx = contexts.get(code)!;
    const sel = selections.get(code)!;
    const scanRisk = ctx.scan.reduce((a, s) => a.plus(s.outcome.scanRisk), new D(0));
    const intraCharge = intra.get(code)!.charge;
    const spotC = spot.get(code)!.charge;
    const interC = interOf.get(code) ?? new D(0);
    const som = spanShortOptionMinimum(ctx);
    let risk: Decimal;
    if ((opts.assembly ?? 'cme') === 'kdpw') {
      const r = (d: Decimal) => roundRequirement(d, decimals);
      risk = D.max(r(scanRisk).plus(r(intraCharge)).plus(r(spotC)), r(som.amount)).minus(roundValue(interC, decimals));
    } else risk = D.max(scanRisk.plus(intraCharge).plus(spotC).minus(interC), som.amount);
    risk = D.max(risk, 0);
    let nov = new D(0);
    for (const h of ctx.held) {
      if (h.contract.right === undefined || h.family.optionStyle !== 'premium') continue;
      if (h.contract.price === undefined) {
        throw new MarginInputError([{ code: 'missing_mark', path: [h.index], message: `option ${h.family.code} ${h.contract.period} ${h.contract.right} ${h.contract.strike?.toFixed()} has no price in the file: its net option value is unknown`, argument: 'positions' }]);
      }
      nov = nov.plus(h.quantity.mul(h.contract.price).mul(h.family.contractValueFactor));
    }
    const riskM = risk.mul(sel.maintenanceFactor);
    const riskI = risk.mul(sel.initialFactor);
    const availM = nov.gt(0) && ctx.cc.limitOptionValue ? D.min(nov, riskM) : nov;
    const availI = nov.gt(0) && ctx.cc.limitOptionValue ? D.min(nov, riskI) : nov;
    const f = factorTo(ctx.cc.currency);
    totalRiskM = totalRiskM.plus(riskM.mul(f));
    totalRiskI = totalRiskI.plus(riskI.mul(f));
    totalNov = totalNov.plus(nov.mul(f));
    totalAvailM = totalAvailM.plus(availM.mul(f));
    totalAvailI = totalAvailI.plus(availI.mul(f));
    const deduct = (opts.optionValue ?? 'deduct') === 'deduct';
    const signed = (d: Decimal) => (d.isNegative() ? '-' + up(d.neg()) : up(d));
    return {
      combinedCommodity: code,
      currency: ctx.cc.currency,
      conversionFactor: decimalString(f),
      positions: ctx.held.map((h) => {
        const p: SpanCommodityResult['positions'][number] = {
          exchange: h.family.exchange,
          productCode: h.family.code,
          productType: h.family.type,
          period: h.contract.period,
          quantity: decimalString(h.quantity),
          delta: qty(h.delta),
        };
        if (h.contract.right) p.right = h.contract.right;
        if (h.contract.strike) p.strike = decimalString(h.contract.strike);
        if (h.contract.price) p.price = decimalString(h.contract.price);
        return p;
      }),
      scanTiers: ctx.scan.map(({ tier, outcome: o }) => {
        const t: SpanCommodityResult['scanTiers'][number] = {
          tier: tier.tier,
          scanRisk: up(o.scanRisk),
          activeScenario: o.activeScenario,
          pairedScenario: o.pairedScenario,
          timeRisk: decimalString(o.timeRisk),
          priceRisk: decimalString(o.priceRisk),
          volatilityRisk: decimalString(o.volatilityRisk),
          netDelta: qty(o.netDelta),
          losses: o.losses.map(decimalString),
        };
        if (tier.start !== undefined) t.start = tier.start;
        if (tier.end !== undefined) t.end = tier.end;
        return t;
      }),
      scanRisk: up(scanRisk),
      intraSpreads: intra.get(code)!.spreads.map((s) => spreadJson('intra', s, s.legs.map((l) => ({ ...l, ...(l.charge !== undefined ? { amount: l.charge } : {}) })), up(s.charge))),
      intraCharge: up(intraCharge),
      spotMonths: spot.get(code)!.months.map((m) => ({
        period: m.rate.period,
        consumedDelta: qty(m.consumed),
        remainingDelta: qty(m.remaining),
        spreadRate: decimalString(m.rate.spreadRate),
        outrightRate: decimalString(m.rate.outrightRate),
        charge: up(m.charge),
      })),
      spotCharge: up(spotC),
      interCredit: down(interC),
      shortOptionMinimum: {
        method: som.method,
        shortCalls: qty(som.shortCalls),
        shortPuts: qty(som.shortPuts),
        tiers: som.tiers.map((t) => ({ tier: t.tier, rate: decimalString(t.rate), shortCalls: qty(t.shortCalls), shortPuts: qty(t.shortPuts), amount: up(t.amount) })),
        amount: up(som.amount),
      },
      risk: up(risk),
      limitOptionValue: ctx.cc.limitOptionValue,
      netOptionValue: nov.isNegative() ? '-' + up(nov.neg()) : down(nov),
      maintenanceFactor: decimalString(sel.maintenanceFactor),
      initialFactor: decimalString(sel.initialFactor),
      riskMaintenance: up(riskM),
      riskInitial: up(riskI),
      maintenance: deduct ? signed(riskM.minus(availM)) : up(riskM),
      initial: deduct ? signed(riskI.minus(availI)) : up(riskI),
    };
  });
  const deduct = (opts.optionValue ?? 'deduct') === 'deduct';
  const maintenance = deduct ? D.max(totalRiskM.minus(totalAvailM), 0) : totalRiskM;
  const initial = deduct ? D.max(totalRiskI.minus(totalAvailI), 0) : totalRiskI;
  const requirementType = opts.requirement ?? 'initial';
  return {
    clearingOrg: file.clearingOrg,
    businessDate: file.businessDate,
    accountType: defs.accountType,
    currency,
    optionValue: deduct ? 'deduct' : 'separate',
    requirementType,
    requirement: up(requirementType === 'initial' ? initial : maintenance),
    initial: up(initial),
    maintenance: up(maintenance),
    riskInitial: up(totalRiskI),
    riskMaintenance: up(totalRiskM),
    netOptionValue: totalNov.isNegative() ? '-' + up(totalNov.neg()) : down(totalNov),
    byCombinedCommodity: byCommodity,
    interSpreads: inter.map((s) => {
      let sum = new D(0);
      for (const l of s.legs) sum = sum.plus(l.credit);
      return spreadJson('inter', s, s.legs.map((l) => ({ deltaBefore: l.deltaBefore, consumed: l.consumed, ...(l.wfpr !== undefined ? { wfpr: l.wfpr } : {}), amount: l.credit })), down(sum));
    }),
  };
}
