import { D, type Decimal } from '../numeric/decimal.js';

/** A spread leg as the former sees it: the delta available on it now, its ratio, side and whether it must take part. */
export interface LegDelta {
  delta: Decimal;
  ratio: Decimal;
  side: 'A' | 'B';
  required: boolean;
}

/**
 * How many spreads a set of legs forms (internal; the spread steps share it).
 *
 * SPAN forms a delta spread when its A legs hold delta on one side of the market and its B legs on
 * the other ("A versus B means long versus short", either way round). The number of spreads is the
 * smallest `|delta| / ratio` over the legs that take part, where `ratio` is the leg's delta per
 * spread; each leg then gives up `spreads * ratio` of its delta. A leg that is not required may be
 * missing (no delta, or delta on the wrong side); at least `minimumLegs` legs must take part
 * (default: all legs). Spreads are fractional unless `whole` (then rounded down).
 *
 * Source: CME Group SPAN reports "Intra Spreads" and "Inter Spreads" (side A versus B, ratio =
 * number of contracts for each side; priority decides which spreads form first),
 * https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46923800/Inter+Spreads
 *
 * @returns the spread count (>= 0), the direction (+1: A legs long) and which legs take part.
 */
export function formSpreads(legs: readonly LegDelta[], whole: boolean, minimumLegs?: number): { spreads: Decimal; direction: 1 | -1; takesPart: boolean[] } {
  let best: { spreads: Decimal; direction: 1 | -1; takesPart: boolean[] } = { spreads: new D(0), direction: 1, takesPart: legs.map(() => false) };
  for (const direction of [1, -1] as const) {
    const takesPart = legs.map((l) => {
      if (l.delta.isZero()) return false;
      const want = l.side === 'A' ? direction : -direction;
      return (l.delta.isNegative() ? -1 : 1) === want;
    });
    if (legs.some((l, i) => l.required && !takesPart[i])) continue;
    const count = takesPart.filter(Boolean).length;
    if (count === 0 || count < (minimumLegs ?? legs.length) || !legs.some((l, i) => takesPart[i] && l.side === 'A') || !legs.some((l, i) => takesPart[i] && l.side === 'B')) continue;
    let spreads: Decimal | undefined;
    legs.forEach((l, i) => {
      if (!takesPart[i]) return;
      const s = l.delta.abs().div(l.ratio);
      if (spreads === undefined || s.lt(spreads)) spreads = s;
    });
    let s = spreads ?? new D(0);
    if (whole) s = s.floor();
    if (s.gt(best.spreads)) best = { spreads: s, direction, takesPart };
  }
  return best;
}
