import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';

/** A range of periods: `start`..`end` inclusive (either open), compared on as many characters as the bound has. */
export interface PeriodRange {
  start?: string;
  end?: string;
}

/** Whether period `p` (e.g. `202509` or `20250926`) lies in `range`; a bound `202509` covers every day of that month. */
export function inRange(p: string, range: PeriodRange): boolean {
  if (range.start !== undefined && p.slice(0, range.start.length) < range.start) return false;
  if (range.end !== undefined && p.slice(0, range.end.length) > range.end) return false;
  return true;
}

/**
 * The composite deltas of one combined commodity, per period (contract month, or day), as spreads
 * consume them (internal). SPAN spreads deltas, not positions: a tier's delta is the sum of its
 * periods' deltas, and a spread removes delta from its legs. `consumed` keeps, per period, how much
 * delta spreads have taken (for the delivery charge).
 *
 * Consuming from a tier that holds several periods takes delta from its periods front to back,
 * only from periods on the side being consumed (SPAN does not say in which order; front to back is
 * this library's rule, exact when each tier is one month, as in CME's files).
 */
export class DeltaBook {
  private readonly periods: string[];
  private readonly remaining = new Map<string, Decimal>();
  private readonly consumedBy = new Map<string, Decimal>();

  constructor(deltas: ReadonlyMap<string, Decimal>) {
    this.periods = [...deltas.keys()].sort(compareKeys);
    for (const p of this.periods) {
      this.remaining.set(p, deltas.get(p)!);
      this.consumedBy.set(p, new D(0));
    }
  }

  /** Net remaining delta of the periods in `range`, or of the periods starting with `prefix`. */
  delta(match: (p: string) => boolean): Decimal {
    let d = new D(0);
    for (const p of this.periods) if (match(p)) d = d.plus(this.remaining.get(p)!);
    return d;
  }

  /** Removes `amount` (signed, same sign as the matched periods' net delta) from the matched periods, front to back. */
  consume(match: (p: string) => boolean, amount: Decimal): void {
    let left = amount.abs();
    const sign = amount.isNegative() ? -1 : 1;
    for (const p of this.periods) {
      if (left.isZero()) break;
      if (!match(p)) continue;
      const r = this.remaining.get(p)!;
      if (r.isZero() || (r.isNegative() ? -1 : 1) !== sign) continue;
      const take = D.min(r.abs(), left);
      this.remaining.set(p, r.minus(take.mul(sign)));
      this.consumedBy.set(p, this.consumedBy.get(p)!.plus(take));
      left = left.minus(take);
    }
  }

  /** Delta consumed by spreads so far in the matched periods (absolute, contracts of delta). */
  consumed(match: (p: string) => boolean): Decimal {
    let d = new D(0);
    for (const p of this.periods) if (match(p)) d = d.plus(this.consumedBy.get(p)!);
    return d;
  }

  /** The periods held, in order. */
  list(): readonly string[] {
    return this.periods;
  }
}
