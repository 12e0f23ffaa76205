import { D } from '../numeric/decimal.js';
import type { SpanScenario } from './SpanFile.js';

const THIRDS: [number, number][] = [
  [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1], [2, 1], [2, -1], [-2, 1], [-2, -1], [3, 1], [3, -1], [-3, 1], [-3, -1],
];

/**
 * The standard 16 SPAN risk scenarios, used when a file does not define its own (`pointDef`; a
 * positional file never does). Scenarios 1-14: the price moves by 0, +/-1/3, +/-2/3 and +/-3/3 of
 * the price scan range with the volatility up or down by the volatility scan range, paired 1-2,
 * 3-4, ..., 13-14 (same price move, opposite volatility move); 15 and 16: the extreme moves, up and
 * down, unpaired. CME's current files use 3 times the range at a 33% cover fraction, already
 * applied to the arrays (the weight here only explains them).
 *
 * Source: CME Group, "Risk Arrays - Standard" (scenario definitions, pairs 1-14, 15 and 16 alone),
 * https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46137504/Risk+Arrays+-+Standard
 * Internal.
 */
export function standardScenarios(): SpanScenario[] {
  const out: SpanScenario[] = THIRDS.map(([p, v], i) =>
    Object.freeze({ point: i + 1, priceMove: new D(p).div(3), volMove: new D(v), weight: new D(1), pairedPoint: i % 2 === 0 ? i + 2 : i }),
  );
  out.push(Object.freeze({ point: 15, priceMove: new D(3), volMove: new D(0), weight: new D('0.33') }));
  out.push(Object.freeze({ point: 16, priceMove: new D(-3), volMove: new D(0), weight: new D('0.33') }));
  return out;
}
