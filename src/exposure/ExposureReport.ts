/**
 * Greeks and notionals of a set of positions, all decimal strings.
 *
 * Units: `delta` in units of the underlying (index-equivalent: the value change per 1 quote unit of
 * index move, with every forward of the underlying moving by the same relative amount, divided by
 * nothing else; so a dated linear future contributes `q * size * F / S`), `deltaNotional` =
 * delta x index in the settlement currency, `gamma` per unit of underlying squared (d delta / dS),
 * `vega` in the settlement currency per 1 vol point (0.01), `theta` in the settlement currency per
 * calendar day, `grossLongNotional` / `grossShortNotional` = sum of |delta-free notional| (|q| x
 * underlying units per contract x index, the index converted to the settlement currency as `unitPrice`
 * does) of long / short positions, settlement currency.
 */
export interface GreeksSummary {
  delta: string;
  deltaNotional: string;
  gamma: string;
  vega: string;
  theta: string;
  grossLongNotional: string;
  grossShortNotional: string;
}

/** Exposure of one expiry bucket (`'perpetual'` or an ISO-8601 UTC expiry). */
export interface ExpiryBucketExposure extends GreeksSummary {
  expiry: string;
}

/** A futures trade that would bring an underlying's net delta (positions plus tied collateral) to about 0. */
export interface DeltaHedge {
  symbol: string;
  /** Signed contracts to trade (buy +, sell -), rounded half-even to 8 decimal places. */
  quantity: string;
}

/** Exposure of one underlying. */
export interface UnderlyingExposure extends GreeksSummary {
  underlying: string;
  /** Index price, quote currency per unit. */
  index: string;
  /** Delta of collateral tied to this underlying (e.g. BTC balance), units of the underlying. */
  collateralDelta: string;
  /** `delta + collateralDelta`. */
  totalDelta: string;
  buckets: ExpiryBucketExposure[];
  /** Absent when the table has no live future on this underlying with a mark. */
  hedge?: DeltaHedge;
}

/** Net position and per-contract greeks of one instrument. */
export interface InstrumentExposure extends GreeksSummary {
  symbol: string;
  underlying: string;
  expiry: string;
  /** Net quantity in contracts after netting every position in this symbol. */
  netQuantity: string;
}

/** Result of {@link netExposure}: plain JSON. */
export interface ExposureReport {
  accountId: string;
  asOf: string;
  settlementCurrency: string;
  underlyings: UnderlyingExposure[];
  instruments: InstrumentExposure[];
}
