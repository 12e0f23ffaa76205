import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { compareKeys } from '../numeric/compareKeys.js';
import type { Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { DeltaShockParams } from './MarginParameters.js';

/**
 * The delta shock of one underlying: with `D = |delta|` (units of underlying), `excess = max(0, D -
 * threshold / index)` and the charge `D * min(incrementPerUnit * excess, max) * unitPrice`
 * (settlement currency). Written once for every number layer. Internal.
 *
 * @param threshold in the index's quote currency (USD).
 * @param index the underlying's index, quote currency per unit.
 * @example
 * ```ts
 * // 1,000 BTC of delta at 65,000 against 20,000,000 USD: excess 1000 - 307.69 = 692.31 BTC;
 * // rate min(0.00005 x 692.31, 0.1) = 0.0346; charge 1000 x 0.0346 x 1 = 34.6 BTC
 * deltaShockAmount(DECIMAL_ARITHMETIC, D(1000), D(65000), D(1), D(20_000_000), D('0.00005'), D('0.1')).toFixed(4); // '34.6154'
 * ```
 */
export function deltaShockAmount<T>(A: Arithmetic<T>, delta: T, index: T, unitPrice: T, threshold: T, incrementPerUnit: T, max: T): T {
  const d = A.abs(delta);
  // At or below the threshold (D x index <= threshold) there is no excess: no division needed.
  if (A.cmp(A.mul(d, index), threshold) <= 0) return A.zero;
  const excess = A.sub(d, A.div(threshold, index));
  return A.mul(A.mul(d, A.min(A.mul(incrementPerUnit, excess), max)), unitPrice);
}

/**
 * An underlying's delta total (units of underlying): its futures' units (exact) plus, with
 * `includeOptions`, its options' deltas (float, summed in symbol order, rounded through `fromFloat`
 * away from zero on the total's side, so that `|total|` is never understated). Written once for every number
 * layer. Internal.
 *
 * @example
 * ```ts
 * // Futures only: the sum of the futures' units (holdings: the shared example's add-on inputs).
 * deltaTotal(DECIMAL_ARITHMETIC, holdings, false).toString();
 * // Deribit's documented example: futures 0.314538364 BTC, options -0.001187534 -> 0.31335083
 * ```
 */
export function deltaTotal<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[], includeOptions: boolean): T {
  let futures = A.zero;
  let options = 0;
  for (const h of [...holdings].sort((a, b) => compareKeys(a.symbol, b.symbol))) {
    if (h.kind === 'future') futures = A.add(futures, h.units);
    else if (includeOptions) options += h.delta;
  }
  if (options === 0) return futures;
  // The side of the total, decided exactly (futures >= -options), so every layer sees the same side.
  const up = A.cmp(futures, A.fromFloat(-options, 'nearest')) >= 0;
  return A.add(futures, A.fromFloat(options, up ? 'against-account-loss' : 'against-account-value'));
}

/** The delta shock's parameters in one number layer. */
export interface DeltaShockTerms<T> {
  threshold: T;
  incrementPerUnit: T;
  max: T;
  includeOptions: boolean;
}

/**
 * The delta shock of a risk unit's holdings, per underlying in key order: `sum deltaShockAmount` of
 * each underlying's |delta total|, and the sum of those |totals| (units of underlying). Written once
 * for every number layer. Internal.
 *
 * @param indexOf the index of an underlying (quote currency per unit), in the layer's numbers.
 * @example
 * ```ts
 * const terms = { threshold: D(20_000_000), incrementPerUnit: D('0.00005'), max: D('0.1'), includeOptions: true }; // Deribit's BTC terms
 * deltaShockOf(DECIMAL_ARITHMETIC, holdings, () => D('65666.19'), terms).amount.toString();
 * // Deribit's documented example: '0' (its delta total is below the threshold)
 * ```
 */
export function deltaShockOf<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[], indexOf: (underlying: string) => T, p: DeltaShockTerms<T>): { amount: T; absDelta: T } {
  let amount = A.zero;
  let absDelta = A.zero;
  for (const [u, hs] of byUnderlying(holdings)) {
    const sorted = [...hs].sort((a, b) => compareKeys(a.symbol, b.symbol));
    const delta = deltaTotal(A, sorted, p.includeOptions);
    absDelta = A.add(absDelta, A.abs(delta));
    amount = A.add(amount, deltaShockAmount(A, delta, indexOf(u), sorted[0]!.unitPrice, p.threshold, p.incrementPerUnit, p.max));
  }
  return { amount, absDelta };
}

/**
 * Delta shock (see {@link DeltaShockParams}), per underlying of the risk unit: `D * min(incrementPerUnit *
 * max(0, D - threshold / index), max) * unitPrice` with `D` the underlying's |delta total|.
 *
 * @param holdings the risk unit's holdings.
 * @param indexOf the index of an underlying (quote currency per unit).
 * @returns the add-on, amount in the settlement currency.
 * @example
 * ```ts
 * // Deribit's example: |0.31335083| BTC x 65,666.19 = 20,577 USD, far below 20,000,000 USD: 0
 * deltaShock(holdings, (u) => D('65666.19'), { threshold: D(20_000_000), incrementPerUnit: D('0.00005'), max: D('0.1'), includeOptions: true }).amount.toString(); // '0'
 * ```
 */
export function deltaShock(holdings: readonly Holding[], indexOf: (underlying: string) => Decimal, p: DeltaShockParams): AddOn {
  const { amount, absDelta } = deltaShockOf(DECIMAL_ARITHMETIC, holdings, indexOf, p);
  return {
    name: 'deltaShock',
    amount,
    apply: 'add',
    inputs: { threshold: decimalString(p.threshold), incrementPerUnit: decimalString(p.incrementPerUnit), max: decimalString(p.max), includeOptions: p.includeOptions, absDeltaUnits: decimalString(absDelta) },
  };
}
