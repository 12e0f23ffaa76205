import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import { MS_PER_YEAR } from '../pricing/yearFraction.js';
import type { BasisFloorSpec } from '../scenarios/ScenarioSpec.js';
import type { ExpiryGroup } from './expiryAggregation.js';
import type { ScanEntry } from './scanRisk.js';

/** One expiry's part of a basis floor: float P&L at the up and down moves, its factor, its floor loss (exact). */
export interface BasisFloorExpiry {
  underlying: string;
  expiry: string;
  up: number;
  down: number;
  factor: Decimal;
  loss: Decimal;
}

/**
 * The basis (forward) floor of a scan (Derive PMRM_2's basis contingency, see `BasisFloorSpec`):
 * per expiry group, the options' P&L at the two basis revaluations (scenarios `start` up and
 * `start + 1` down of the risk arrays: vols unchanged, no weight, no static discount), and the loss
 * `max(0, -min(up, down)) * (add + perYear * T)` with `T = (expiry - asOf) / 365 days` exact; the
 * floor is their sum. The worst of up and down is converted once through `fromFloat`, against the account.
 *
 * @param asOfMs the snapshot's valuation time (epoch ms).
 * @returns the floor amount (settlement currency, exact, >= 0) and its per-expiry parts.
 * @example
 * ```ts
 * // one expiry (a long call), P&L +80 at +4.5% and -100 at -4.5%, add 0.5, perYear 2, T = 0.25:
 * // 100 * (0.5 + 2 * 0.25) = 100
 * const groups = expiryGroups(entries, undefined);
 * basisFloor(entries, groups, basisStart, { up: D('0.045'), down: D('-0.045'), add: D('0.5'), perYear: D(2) }, asOfMs).amount.toString(); // '100'
 * ```
 */
export function basisFloor(entries: readonly ScanEntry[], groups: readonly ExpiryGroup[], start: number, spec: BasisFloorSpec, asOfMs: number): { amount: Decimal; expiries: BasisFloorExpiry[] } {
  let amount = new D(0);
  const expiries: BasisFloorExpiry[] = [];
  for (const g of groups) {
    let up = 0;
    let down = 0;
    g.members.forEach((i, k) => {
      const pnl = entries[i]!.arr.pnl;
      up += g.qty[k]! * pnl[start]!;
      down += g.qty[k]! * pnl[start + 1]!;
    });
    const worst = Math.min(up, down, 0);
    const years = new D(Math.max(0, g.expiryMs - asOfMs)).div(MS_PER_YEAR);
    const factor = spec.add.plus(spec.perYear.mul(years));
    const loss = worst < 0 ? fromFloat(worst, 'against-account-value').neg().mul(factor) : new D(0);
    amount = amount.plus(loss);
    expiries.push({ underlying: g.underlying, expiry: g.expiry, up: up === 0 ? 0 : up, down: down === 0 ? 0 : down, factor, loss });
  }
  return { amount, expiries };
}
