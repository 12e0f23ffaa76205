import type { Arithmetic } from '../numeric/Arithmetic.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { MS_PER_YEAR } from '../pricing/yearFraction.js';
import type { AddOn, Holding } from './Holding.js';
import type { RollShockParams } from './MarginParameters.js';

/** One line of a roll shock: units of underlying (signed or not: the absolute value counts), the rate of its maturity, the price of one unit. */
export interface RollShockLine<T> {
  units: T;
  rate: T;
  unitPrice: T;
}

/**
 * The roll-shock rate of a maturity: `max(minAnnualisedMove, annualisedMoveRisk * years)`. Written once
 * for every number layer. Internal.
 *
 * @example
 * ```ts
 * rollShockRate(DECIMAL_ARITHMETIC, D('0.0299'), D('0.01'), D('0.075')).toString(); // '0.01' (0.075 x 0.0299 = 0.0022 is below the floor)
 * ```
 */
export function rollShockRate<T>(A: Arithmetic<T>, years: T, minAnnualisedMove: T, annualisedMoveRisk: T): T {
  return A.max(minAnnualisedMove, A.mul(annualisedMoveRisk, years));
}

/**
 * The roll shock of its lines: `sum |units| * rate * unitPrice`, in line order. Written once for every
 * number layer. Internal.
 *
 * @example
 * ```ts
 * rollShockAmount(DECIMAL_ARITHMETIC, [{ units: D('0.314538364'), rate: D('0.01'), unitPrice: D(1) }]).toString(); // '0.00314538364'
 * ```
 */
export function rollShockAmount<T>(A: Arithmetic<T>, lines: readonly RollShockLine<T>[]): T {
  let amount = A.zero;
  for (const l of lines) amount = A.add(amount, A.mul(A.mul(A.abs(l.units), l.rate), l.unitPrice));
  return amount;
}

const ZERO = new D(0);

/** Rates already computed per parameter block and time to expiry (ms); a bounded, pure memo. */
const rates = new WeakMap<RollShockParams, Map<number, Decimal>>();

/**
 * The rate of a maturity `expiryMs - asOfMs` away (a perpetual or a past expiry: 0 years), exact:
 * `max(minAnnualisedMove, annualisedMoveRisk * (expiry - asOf) / 365 days)`. Where the term is plainly
 * below the floor (by a relative 1e-9 in floats) the rate is the floor without the exact division.
 * Memoised per parameter block and distance to expiry. The Decimal value both number layers read
 * (the kernel converts it once per tick). Internal.
 *
 * @example
 * ```ts
 * rollShockRateAt(undefined, asOfMs, { minAnnualisedMove: D('0.01'), annualisedMoveRisk: D('0.075'), includeOptions: true }).toString(); // '0.01' (a perpetual)
 * ```
 */
export function rollShockRateAt(expiryMs: number | undefined, asOfMs: number, p: RollShockParams): Decimal {
  const ms = expiryMs === undefined || expiryMs <= asOfMs ? 0 : expiryMs - asOfMs;
  let byMs = rates.get(p);
  if (!byMs) rates.set(p, (byMs = new Map()));
  let r = byMs.get(ms);
  if (r === undefined) {
    const below = ms === 0 || p.annualisedMoveRisk.toNumber() * (ms / MS_PER_YEAR) < p.minAnnualisedMove.toNumber() * (1 - 1e-9);
    r = rollShockRate(DECIMAL_ARITHMETIC, below ? ZERO : new D(ms).div(MS_PER_YEAR), p.minAnnualisedMove, p.annualisedMoveRisk);
    if (byMs.size >= 4096) byMs.clear();
    byMs.set(ms, r);
  }
  return r;
}

/**
 * The lines of a roll shock: one per future and perpetual held (its units, exact), then, with
 * `includeOptions`, one per underlying and expiry of the options held (their net delta in units of
 * underlying, a float summed in symbol order and rounded away from zero through `fromFloat`), each
 * with the rate of its maturity. Written once for every number layer. Internal.
 *
 * @param holdings the risk unit's holdings.
 * @param rateOf the rate of a maturity (see {@link rollShockRateAt}), in the layer's numbers.
 * @example
 * ```ts
 * rollShockLines(DECIMAL_ARITHMETIC, holdings, () => D('0.001'), true).length; // one line per future held + one per option expiry held
 * ```
 */
export function rollShockLines<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[], rateOf: (expiryMs: number | undefined) => T, includeOptions: boolean): RollShockLine<T>[] {
  const lines: RollShockLine<T>[] = [];
  const expiries = new Map<string, { delta: number; expiryMs: number; unitPrice: T }>();
  for (const h of [...holdings].sort((a, b) => compareKeys(a.symbol, b.symbol))) {
    if (h.kind === 'future') lines.push({ units: h.units, rate: rateOf(h.expiryMs), unitPrice: h.unitPrice });
    else if (includeOptions) {
      const key = `${h.underlying}|${h.expiryMs}`;
      const e = expiries.get(key);
      if (e) e.delta += h.delta;
      else expiries.set(key, { delta: h.delta, expiryMs: h.expiryMs!, unitPrice: h.unitPrice });
    }
  }
  for (const [, e] of [...expiries].sort(([a], [b]) => compareKeys(a, b))) {
    lines.push({ units: A.fromFloat(Math.abs(e.delta), 'against-account-loss'), rate: rateOf(e.expiryMs), unitPrice: e.unitPrice });
  }
  return lines;
}

/**
 * Roll shock (see {@link RollShockParams}): `sum |units| * max(minAnnualisedMove, annualisedMoveRisk * T) * unitPrice`
 * over the futures and perpetuals held (per instrument, gross) and, with `includeOptions`, each
 * expiry's net option delta. Exact for futures.
 *
 * @param holdings the risk unit's holdings.
 * @param asOfMs the snapshot's valuation time (epoch ms): `T` is measured from it, ACT/365.
 * @returns the add-on, amount in the settlement currency.
 * @example
 * ```ts
 * // Deribit's example: +0.314538364 BTC perpetual, -0.001187534 BTC 28JUN24 future (T = 0.0299 y), floor 0.01,
 * // annualised 0.075, BTC-settled: 0.01 x (0.314538364 + 0.001187534) x 1 = 0.00315725898 BTC
 * rollShock(holdings, asOfMs, { minAnnualisedMove: D('0.01'), annualisedMoveRisk: D('0.075'), includeOptions: true }).amount.toString(); // '0.00315725898'
 * ```
 */
export function rollShock(holdings: readonly Holding[], asOfMs: number, p: RollShockParams): AddOn {
  const lines = rollShockLines(DECIMAL_ARITHMETIC, holdings, (e) => rollShockRateAt(e, asOfMs, p), p.includeOptions);
  let futures = ZERO;
  let options = ZERO;
  let n = 0;
  for (const h of holdings) {
    if (h.kind !== 'future') continue;
    futures = futures.plus(h.units.abs());
    n++;
  }
  for (let i = n; i < lines.length; i++) options = options.plus(lines[i]!.units);
  return {
    name: 'rollShock',
    amount: rollShockAmount(DECIMAL_ARITHMETIC, lines),
    apply: 'add',
    inputs: {
      minAnnualisedMove: decimalString(p.minAnnualisedMove),
      annualisedMoveRisk: decimalString(p.annualisedMoveRisk),
      includeOptions: p.includeOptions,
      grossFutureUnits: decimalString(futures),
      optionDeltaUnits: decimalString(options),
    },
  };
}
