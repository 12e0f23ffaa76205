import { D, type Decimal } from '../numeric/decimal.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { SpanCombinedCommodity, SpanFile, SpanRateDef } from './SpanFile.js';

/** Which rates a combined commodity uses for an account type, and the factors from them to maintenance and initial. */
export interface RateSelection {
  accountType: string;
  /** Rate id whose parameters (spread rates, SOM rates, arrays) are used: the root the file derives the account type's rates from. */
  rateId: number;
  maintenanceFactor: Decimal;
  initialFactor: Decimal;
}

/** The file's rate definitions for the requested (or default) account type (internal). */
export function accountRateDefs(file: SpanFile, accountType: string | undefined): { accountType: string; maintenance?: SpanRateDef; initial?: SpanRateDef } {
  const defs = file.rateDefs;
  if (defs.length === 0) {
    if (accountType !== undefined) throw new MarginInputError([{ code: 'invalid_value', path: ['accountType'], message: `the file defines no account types (asked for ${accountType})`, argument: 'options' }]);
    return { accountType: 'default' };
  }
  let type = accountType;
  if (type === undefined) {
    const spec = defs.find((d) => d.isMaintenance && d.isCustomer && /SPEC/i.test(d.accountType)) ?? defs.find((d) => d.isMaintenance) ?? defs[0]!;
    type = spec.accountType;
  }
  const mine = defs.filter((d) => d.accountType.toUpperCase() === type!.toUpperCase());
  if (mine.length === 0) {
    const known = [...new Set(defs.map((d) => d.accountType))].join(', ');
    throw new MarginInputError([{ code: 'invalid_value', path: ['accountType'], message: `account type ${type} is not in the file (it defines ${known})`, argument: 'options' }]);
  }
  const pick = (m: boolean) => mine.find((d) => d.isMaintenance === m && d.isCustomer) ?? mine.find((d) => d.isMaintenance === m);
  const out: { accountType: string; maintenance?: SpanRateDef; initial?: SpanRateDef } = { accountType: mine[0]!.accountType };
  const mm = pick(true);
  const im = pick(false);
  if (mm) out.maintenance = mm;
  if (im) out.initial = im;
  return out;
}

/** Follows the commodity's adjustment chain from rate id `r` to a rate with its own parameters: `[root, product of factors]`. */
function chain(cc: SpanCombinedCommodity, r: number): [number, Decimal] {
  let factor = new D(1);
  let cur = r;
  const seen = new Set<number>();
  for (;;) {
    const adj = cc.adjustments.find((a) => a.r === cur);
    if (adj === undefined || seen.has(cur)) return [cur, factor];
    seen.add(cur);
    factor = factor.mul(adj.value);
    cur = adj.baseR;
  }
}

/**
 * The rate id and the maintenance and initial factors of one combined commodity for an account type
 * (the last part of step 6: IM = MM times the account-class ratio from the file).
 *
 * SPAN files give one set of parameters (usually rate id 1, the core maintenance rate) and derive
 * the others: XML `adjRate` (`requirement(r) = requirement(baseR) * val`) with `pbRateDef` naming
 * each rate id's account type and maintenance or initial; the positional file gives per account
 * class (member, hedger, speculator) a maintenance adjustment factor (record 4) and an
 * initial-to-maintenance ratio (record 3), which the reader turns into the same chain. Without rate
 * definitions both factors are 1.
 *
 * Sources: CME's XML schema `spanrisk.xml` (`adjRate`: "a completely parameterized way of calculating
 * requirements for some rate classes based on requirements for other rate classes"; `pbRateDef`);
 * CME Group "Type 3 - Expanded" (initial to maintenance ratios by account class) and "Type 4 -
 * Expanded" (risk maintenance performance bond adjustment factors).
 *
 * @example
 * ```ts
 * rateSelection(file, cc, accountRateDefs(file, 'SPEC')).initialFactor.toString(); // e.g. '1.1'
 * ```
 */
export function rateSelection(cc: SpanCombinedCommodity, defs: ReturnType<typeof accountRateDefs>): RateSelection {
  if (!defs.maintenance) return { accountType: defs.accountType, rateId: 1, maintenanceFactor: new D(1), initialFactor: new D(1) };
  const [root, mm] = chain(cc, defs.maintenance.r);
  let im = mm;
  if (defs.initial) {
    const [iroot, f] = chain(cc, defs.initial.r);
    if (iroot === root) im = f;
  }
  return { accountType: defs.accountType, rateId: root, maintenanceFactor: mm, initialFactor: im };
}
