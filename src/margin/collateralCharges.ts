import { compareKeys } from '../numeric/compareKeys.js';
import { ownValue } from '../schema/ownValue.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import { settlementUnderlying } from '../scenarios/settlementUnderlying.js';
import type { CollateralBalance } from '../schema/portfolioSchema.js';
import { confidenceAmount } from './confidenceCharge.js';
import type { AddOn } from './Holding.js';
import type { CollateralCharge, CollateralChargeParams } from './MarginParameters.js';

const ONE = new D(1);

/** The collateral charges of one account: MM and IM add-ons (IM ones already include the whole IM haircut). */
export interface CollateralChargeOutcome {
  mm: AddOn[];
  im: AddOn[];
}

function chargeOf(asset: string, tied: boolean, p: CollateralChargeParams): CollateralCharge | undefined {
  return ownValue(p.assets, asset) ?? (tied ? p.tied : undefined);
}

/** `balance` units of `underlying` at its index, in the settlement currency (see `settlementUnderlying`). */
function indexBasis(balance: Decimal, underlying: string, index: Decimal, market: MarketSnapshot): Decimal {
  const coin = settlementUnderlying(market);
  if (coin === undefined) return balance.mul(index);
  if (coin === underlying) return balance;
  const coinIndex = market.underlyings.get(coin)?.index;
  if (coinIndex === undefined) {
    throw new MarginInputError([{ code: 'missing_index', path: ['underlyings', coin], message: `the settlement currency ${market.settlementCurrency} is the coin of ${coin}, which has no index to convert ${underlying}'s index at`, argument: 'market' }]);
  }
  return balance.mul(index).div(coinIndex);
}

/**
 * Collateral charges inside margin (see {@link CollateralChargeParams}): per charged asset with a
 * positive balance, value `V = balance * price`, basis `B` (`V`, or `balance * index` of its tied
 * underlying, converted to a settlement coin at that coin's index), MM charge `V - (1 - maintenance) * B`, IM charge `V - (1 - initial) * B`, plus, in IM,
 * the confidence charge `(1 - c) * rate * B` when `c < threshold`. Exact; assets in code-unit order.
 *
 * @param collateral the account's balances (units of each asset).
 * @param market the snapshot: asset prices in the settlement currency, their confidences, index levels.
 * @example
 * ```ts
 * // 10 ETH at 3,500 (the sample market: tied to ETH, index 3,500), basis index, maintenance 0.2, initial 0.2:
 * // V = B = 35,000; MM charge 35,000 - (1 - 0.2) x 35,000 = 7,000
 * collateralCharges([{ asset: 'ETH', balance: D(10) }], market, { assets: {}, tied: { maintenance: D('0.2'), initial: D('0.2'), basis: 'index' } }).mm[0].amount.toString(); // '7000'
 * ```
 */
export function collateralCharges(collateral: readonly CollateralBalance[], market: MarketSnapshot, p: CollateralChargeParams): CollateralChargeOutcome {
  const mm: AddOn[] = [];
  const im: AddOn[] = [];
  let lowestIndex: Decimal = ONE;
  for (const u of market.underlyings.values()) if (u.confidence !== undefined && u.confidence.lt(lowestIndex)) lowestIndex = u.confidence;
  for (const c of [...collateral].sort((a, b) => compareKeys(a.asset, b.asset))) {
    if (!c.balance.gt(0)) continue;
    const quote = c.asset === market.settlementCurrency ? undefined : market.assets.get(c.asset);
    const tiedTo = quote?.underlying;
    const charge = chargeOf(c.asset, tiedTo !== undefined, p);
    if (!charge) continue;
    const price = quote?.price ?? ONE;
    const value = c.balance.mul(price);
    const index = tiedTo !== undefined ? market.underlyings.get(tiedTo) : undefined;
    // 'index' basis on an untied asset (no index): its value. The index is in its quote currency:
    // converted to a settlement coin at that coin's own index (exactly the balance for the coin's own
    // underlying), to any other settlement currency at par (USD against USDC).
    const basis = charge.basis === 'index' && index ? indexBasis(c.balance, tiedTo!, index.index, market) : value;
    const common = { asset: c.asset, value: decimalString(value), basisAmount: decimalString(basis), basis: charge.basis };
    mm.push({ name: 'collateralHaircut', amount: value.minus(ONE.minus(charge.maintenance).mul(basis)), apply: 'add', inputs: { ...common, haircut: decimalString(charge.maintenance) } });
    const credit = ONE.minus(charge.initial).mul(basis);
    im.push({ name: 'collateralHaircut', amount: value.minus(credit), apply: 'add', inputs: { ...common, haircut: decimalString(charge.initial) } });
    const cp = p.confidence;
    if (cp && !(cp.onlyWhenCredited && credit.isZero())) {
      let conf = quote?.confidence ?? ONE;
      if (index?.confidence !== undefined && index.confidence.lt(conf)) conf = index.confidence;
      if (cp.indexCap === 'all' && lowestIndex.lt(conf)) conf = lowestIndex;
      im.push({
        name: 'collateralConfidence',
        amount: confidenceAmount(conf, cp.threshold, cp.rate, basis),
        apply: 'add',
        inputs: { asset: c.asset, confidence: decimalString(conf), notional: decimalString(basis), threshold: decimalString(cp.threshold), rate: decimalString(cp.rate) },
      });
    }
  }
  return { mm, im };
}
