import { type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import { decimalString } from '../numeric/rounding.js';
import type { MarketPricesInput, MarketSnapshot, Quality } from '../schema/marketSchema.js';
import { withPrices } from '../schema/parse.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import { isoFromMs } from './isoFromMs.js';

const quality = (q: Quality): { timestamp?: string; confidence?: string } => {
  const out: { timestamp?: string; confidence?: string } = {};
  if (q.timestamp !== undefined) out.timestamp = q.timestamp;
  if (q.confidence !== undefined) out.confidence = decimalString(q.confidence);
  return out;
};

/**
 * The market with one underlying's index moved to `index`: every forward and futures mark of that
 * underlying and every asset tied to it scale by the same factor `index / old index` (the issue's
 * "all forwards of that underlying moving together"); option marks keep their implied vol (an option
 * quoted only by price gets the vol implied at the original market) and are revalued by the model.
 * Only the marks of `symbols` are carried (the instruments an account holds), which keeps a
 * what-if revaluation cheap. Internal helper of the liquidation tools.
 *
 * @param market validated snapshot.
 * @param underlying the underlying to move.
 * @param index the new index, quote currency per unit (> 0).
 * @param symbols the instruments whose marks the new market needs.
 */
export function shiftUnderlying(market: MarketSnapshot, underlying: string, index: Decimal, symbols: Iterable<string>): MarketSnapshot {
  const u0 = market.underlyings.get(underlying);
  // 30 significant digits: exact for any realistic price move, and within the boundary's 64-character limit.
  const scale = (x: Decimal) => decimalString(x.mul(index).div(u0 ? u0.index : index).toSignificantDigits(30));
  const underlyings: Record<string, MarketPricesInput['underlyings'][string]> = {};
  for (const [name, u] of market.underlyings) {
    const moved = name === underlying;
    const forwards: Record<string, string> = {};
    for (const [ms, f] of u.forwards) forwards[isoFromMs(ms)] = moved ? scale(f) : decimalString(f);
    underlyings[name] = { index: moved ? decimalString(index) : decimalString(u.index), rate: decimalString(u.rate), forwards, ...quality(u) };
  }
  const marks: Record<string, MarketPricesInput['marks'][string]> = {};
  for (const sym of [...new Set(symbols)].sort()) {
    const inst = market.instruments.get(sym);
    const mk = market.marks.get(sym);
    if (!inst || !mk) continue;
    if (inst.underlying !== underlying) {
      marks[sym] = { ...(mk.price !== undefined ? { price: decimalString(mk.price) } : {}), ...(mk.iv !== undefined ? { iv: decimalString(mk.iv) } : {}), ...quality(mk) };
    } else if (inst.kind === 'future') {
      marks[sym] = { ...(mk.price !== undefined ? { price: scale(mk.price) } : {}), ...quality(mk) };
    } else {
      // A vol, not a price, is what stays put when the underlying moves (sticky strike).
      const iv = mk.iv !== undefined ? decimalString(mk.iv) : decimalString(fromFloat(valueInstrument(market, inst).vol ?? 0, 'nearest'));
      marks[sym] = { iv, ...quality(mk) };
    }
  }
  const assets: Record<string, MarketPricesInput['assets'][string]> = {};
  for (const [a, q] of market.assets) {
    assets[a] = { price: q.underlying === underlying ? scale(q.price) : decimalString(q.price), ...(q.underlying !== undefined ? { underlying: q.underlying } : {}), ...quality(q) };
  }
  return withPrices(market, { asOf: market.asOf, settlementCurrency: market.settlementCurrency, underlyings, marks, assets });
}
