import { assessAccount } from '../health/assessAccount.js';
import { resolveParameters } from '../health/resolveParameters.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import { checkAccount } from '../schema/checkAccount.js';
import { isFrozenMap } from '../schema/frozenMap.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import { parsedKind } from '../schema/parsedBrand.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { riskArraysFor, type HeldArray } from '../scenarios/buildRiskArrays.js';
import { buildScenarioSet } from '../scenarios/buildScenarioSet.js';
import type { ScenarioSet } from '../scenarios/ScenarioSet.js';
import { scenarioSetKey } from '../scenarios/scenarioSetKey.js';
import { figuresOfAssessment, type AccountFigures } from './AccountFigures.js';
import { compileAccount, compileFast, heldInstruments, type CompiledAccount } from './compileAccount.js';
import { fastPortfolio } from './fastPortfolio.js';
import { kernelFigures } from './kernelFigures.js';
import { kernelTable, KernelTick } from './kernelTick.js';
import { inWideMode, isZero, NOT_COVERED, UNDECIDED } from './kv.js';

// Scenario sets per parameter set and the snapshot facts they read (underlyings, price ranges): a new
// snapshot whose prices moved reuses the set (a few keys kept per parameter set: ranges change rarely).
const sets = new WeakMap<MarginParameters, Map<string, ScenarioSet>>();
const KEPT_PER_PARAMS = 8;

/**
 * The tables a set's key reads (see scenarioSetKey: underlyings and their indices, assets, the
 * instrument table and marks for an ATM vol at asOf) and the set they gave, the last per parameter
 * set. Kept only for tables that are this copy's sealed Maps (frozenMap), which cannot change, so the
 * same tables give the same key: a snapshot made again on the same prices (`withPrices` with parsed
 * prices; many books decided on one snapshot) skips the key. A snapshot branded elsewhere (another
 * copy of the package, a hand-made object) may hold plain Maps that change between calls: its key is
 * computed every time, as for any new snapshot. What this keeps alive is bounded: one snapshot's four
 * tables per parameter set, held strongly until the next call with those parameters replaces them.
 */
interface LastSet {
  underlyings: MarketSnapshot['underlyings'];
  assets: MarketSnapshot['assets'];
  instruments: MarketSnapshot['instruments'];
  marks: MarketSnapshot['marks'];
  asOfMs: number;
  settlementCurrency: string;
  set: ScenarioSet;
}
const lastSets = new WeakMap<MarginParameters, LastSet>();

function scenarioSetFor(p: MarginParameters, m: MarketSnapshot): ScenarioSet {
  const last = lastSets.get(p);
  if (last !== undefined && last.underlyings === m.underlyings && last.assets === m.assets && last.instruments === m.instruments && last.marks === m.marks && last.asOfMs === m.asOfMs && last.settlementCurrency === m.settlementCurrency) return last.set;
  let byKey = sets.get(p);
  if (!byKey) sets.set(p, (byKey = new Map()));
  const key = scenarioSetKey(p, m);
  let set = byKey.get(key);
  if (!set) {
    set = buildScenarioSet(p, m);
    if (byKey.size >= KEPT_PER_PARAMS) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, set);
  }
  // Checked here, not on the fast path: a table equal to a kept one is sealed. Not kept: no reuse, as
  // if this call had replaced the entry.
  if (isFrozenMap(m.underlyings) && isFrozenMap(m.assets) && isFrozenMap(m.instruments) && isFrozenMap(m.marks)) {
    lastSets.set(p, { underlyings: m.underlyings, assets: m.assets, instruments: m.instruments, marks: m.marks, asOfMs: m.asOfMs, settlementCurrency: m.settlementCurrency, set });
  } else lastSets.delete(p);
  return set;
}

/**
 * The one-shot decision: the figures of {@link assessAccount} (status, equities, IM, MM, charges,
 * ratios, excess, shortfall, flag codes) for one book at one snapshot, without the exposure report
 * or the explanation tree. Only the held instruments are valued and revalued; the scenario set is
 * reused across snapshots whose underlyings and price ranges are the same (a price tick), so a
 * notebook or a pre-trade service calling it on every fresh snapshot pays for the book, not the
 * market. Every field is byte for byte the field of the same name of `assessAccount(portfolio,
 * market, params)`; `exact` says which number layer computed them (see {@link AccountFigures}).
 *
 * @param portfolio raw or parsed portfolio: quantities in contracts (signed), balances in asset units.
 * @param market raw or parsed snapshot: prices in quote currency per unit, vols annualised decimals.
 * @param params raw or parsed margin parameter set (with its optional `health` section).
 * @returns money in the settlement currency: equities rounded down, requirements up.
 * @throws MarginInputError as `assessAccount` does.
 * @example
 * ```ts
 * const f = accountFigures(book, market, PRESETS['deribit-pm']);
 * f.maintenanceMargin === assessAccount(book, market, PRESETS['deribit-pm']).maintenanceMargin; // true
 * ```
 */
export function accountFigures(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters): AccountFigures {
  const m = parseMarket(market);
  const r = resolveParameters(params);
  // A parsed portfolio (branded) holds Decimals, which the fast reader of raw JSON refuses after
  // walking its keys: it goes to the schema path at once.
  const fp = parsedKind(portfolio) === 'portfolio' ? undefined : inWideMode(() => fastPortfolio(portfolio));
  let pf: Portfolio | undefined;
  const symbols = fp ? fp.positions.map((x) => x.symbol) : (pf = parsePortfolio(portfolio)).positions.map((x) => x.symbol);
  let c: CompiledAccount | undefined;
  let tick: KernelTick | undefined;
  try {
    if (!fp) checkAccount(pf!, m);
    else if (fp.settlementCurrency !== m.settlementCurrency) throw NOT_COVERED;
    const set = scenarioSetFor(r.margin, m);
    // Held instruments only (their valuations and risk arrays); unvaluable ones fail here, unknown
    // ones are left out (the checks below refuse them). Each once, in symbol order (the order the
    // arrays are built in), as table indices too (for admit).
    // The shared memo itself (as computeMargin uses it): the kernel only reads it and never hands it out.
    const table = kernelTable(m.instruments);
    const heldAt = heldInstruments(table, symbols);
    const held = heldAt.map((i) => table.symbols[i]!);
    // The tied assets' arrays the book can read: its collateral and its instruments' settlement coins.
    const assets = new Set(fp ? fp.collateral.map((x) => x.asset) : pf!.collateral.map((x) => x.asset));
    for (const i of heldAt) assets.add(table.insts[i]!.settlementCurrency);
    // The records by held position, for the tick to read by table index (no maps by symbol per call).
    const records: HeldArray[] = [];
    const arrays = riskArraysFor(m, set, held, assets, records);
    // Its own arrays, read where they are (built side by side for this call; a memo hit is never written either).
    tick = new KernelTick(m, r, arrays, false, heldAt, records);
    const t = tick;
    // The per-instrument and per-asset checks (checkAccount's, the market-data rule's) once for the
    // book's instruments and the assets it reads. (checkAccount passed on the parsed book: it holds them all.)
    tick.admit(heldAt, !fp, assets);
    if (fp) {
      for (const x of fp.positions) {
        const i = tick.table.index[x.symbol];
        if (i === undefined || !tick.instrument(i).ok) throw NOT_COVERED;
      }
      for (const x of fp.collateral) if (!isZero(x.balance) && !tick.asset(x.asset).ok) throw NOT_COVERED;
      c = compileFast(fp, tick);
    } else c = compileAccount(pf!, tick);
    // The fast pass first, the exact (wide) pass when it cannot decide, as engine.figures does: on
    // the bench's fresh 10 / 50 / 200-option books the fast pass decides every time now, and the wide
    // pass (BigInt products) costs several times as much.
    if (c) {
      try {
        return kernelFigures(c, tick);
      } catch (e) {
        if (e !== UNDECIDED) throw e;
      }
      return inWideMode(() => kernelFigures(c!, t));
    }
  } catch (e) {
    if (e !== UNDECIDED && e !== NOT_COVERED && !(e !== null && typeof e === 'object' && 'issues' in e)) throw e;
  } finally {
    // Nothing holds the tick past this call (the figures are strings): its arrays serve the next call's.
    tick?.release();
  }
  // The Decimal path: the assessment itself (which raises the right error for a bad input).
  return figuresOfAssessment(assessAccount(pf ?? portfolio, m, r.margin));
}
