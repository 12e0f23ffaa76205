import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { DeltaContingencyParams } from './MarginParameters.js';

/** One underlying's delta contingency inputs: |net delta| (float, units of underlying), gross option units, and the priced holding. */
export interface DeltaContingencyPart<T> {
  underlying: string;
  absDelta: number;
  gross: T;
  at: Holding<T>;
}

/**
 * The delta contingency's inputs per underlying: the net delta summed in symbol order (float) and the
 * gross option units (exact), valued at the first holding's (by symbol) unit price. Shared by both
 * number layers. Internal.
 */
export function deltaContingencyParts<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[]): DeltaContingencyPart<T>[] {
  const parts: DeltaContingencyPart<T>[] = [];
  for (const [underlying, hs] of byUnderlying(holdings)) {
    const sorted = [...hs].sort((a, b) => compareKeys(a.symbol, b.symbol));
    let delta = 0;
    let g = A.zero;
    for (const h of sorted) {
      delta += h.delta;
      if (h.kind === 'option') g = A.add(g, A.abs(h.units));
    }
    parts.push({ underlying, absDelta: Math.abs(delta), gross: g, at: sorted[0]! });
  }
  return parts;
}

/**
 * The delta contingency amount from its parts: `fromFloat(|delta|, up) * netDeltaRate * price + gross *
 * grossOptionRate * price` per underlying, in order. Shared by both number layers. Internal.
 */
export function deltaContingencyAmount<T>(A: Arithmetic<T>, parts: readonly DeltaContingencyPart<T>[], netDeltaRate: T, grossOptionRate: T, price: (h: Holding<T>) => T): T {
  let amount = A.zero;
  for (const x of parts) {
    const p = price(x.at);
    amount = A.add(A.add(amount, A.mul(A.mul(A.fromFloat(x.absDelta, 'against-account-loss'), netDeltaRate), p)), A.mul(A.mul(x.gross, grossOptionRate), p));
  }
  return amount;
}

/**
 * Delta / option contingency per underlying: `netDeltaRate * |net delta| * unitPrice` (net delta in
 * units of underlying, float, summed in symbol order and rounded up through `fromFloat`) plus
 * `grossOptionRate * unitPrice` per option unit held long or short (exact).
 *
 * @example
 * ```ts
 * // 200 option units (long and short) at 100,000, grossOptionRate 0.01: 200 * 0.01 * 100,000 = 200,000
 * deltaContingency(holdings, { netDeltaRate: D(0), grossOptionRate: D('0.01') }).amount.toString(); // '200000'
 * ```
 */
export function deltaContingency(holdings: readonly Holding[], p: DeltaContingencyParams): AddOn {
  const A = DECIMAL_ARITHMETIC;
  const parts = deltaContingencyParts(A, holdings);
  const amount = deltaContingencyAmount(A, parts, p.netDeltaRate, p.grossOptionRate, (h) => h.unitPrice);
  let absDeltaTotal = 0;
  let gross = A.zero;
  for (const x of parts) {
    absDeltaTotal += x.absDelta;
    gross = A.add(gross, x.gross);
  }
  return {
    name: 'deltaContingency',
    amount,
    apply: 'add',
    inputs: { netDeltaRate: decimalString(p.netDeltaRate), grossOptionRate: decimalString(p.grossOptionRate), absNetDelta: absDeltaTotal, grossOptionUnits: decimalString(gross) },
  };
}
