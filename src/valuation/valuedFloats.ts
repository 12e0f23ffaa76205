import type { InstrumentValuation } from './InstrumentValuation.js';

/**
 * The floats of one option valuation read from its Decimals: `floats` = [forward, strike, contract
 * size, settlement price], each `decimalToFloat` of the valuation's `forward`, its instrument's
 * `strike` and `contractSize` and its `settlementPrice` (1 for the shared ONE), bit for bit, for
 * `valuation` (undefined: none yet). The last option valuation computed leaves its own here (after
 * the last step that can throw), and the risk array built right after it (riskArraysFor) reads the
 * same four floats: it takes them when the valuation it revalues is this one (a function of the
 * valuation's Decimals alone, which never change) instead of converting the Decimals again, and they
 * arrive as raw floats, not as call results. Whoever writes `floats` names the valuation they belong
 * to once they are written, and nothing that can throw runs in between (the risk array, converting
 * another valuation's, clears the name first and names that one after). Internal:
 * in a module no barrel re-exports, as a caller writing `floats` would corrupt the risk arrays memoised
 * for a snapshot.
 */
export const VALUED: { valuation: InstrumentValuation | undefined; floats: Float64Array } = { valuation: undefined, floats: new Float64Array(4) };
