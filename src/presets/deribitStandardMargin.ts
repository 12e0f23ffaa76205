import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

/**
 * Deribit-style standard (per-position) margin, as data.
 *
 * Sources (public):
 * - Deribit, "Linear Perpetual" (worked examples: BTC IM 2% + size * 0.005%, MM 1% + size * 0.005%;
 *   25 BTC at 100,000: IM 53,125 and MM 28,125 USDC; SOL IM 4% + size * 0.0005%, MM 2% + size * 0.0005%;
 *   6,000 SOL at 200: IM 84,000 USDC): https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual
 * - Deribit option margins (short call IM max(0.15 - OTM/S, 0.1) + mark, MM 0.075 + mark; short put
 *   MM max(0.075, 0.075 * mark) + mark), as republished by TSLab:
 *   https://doc.tslab.pro/tslab/eng/data-providers/connection-to-broker/deribit-cryptocurrency-exchange/deribit-margin-requirements-calculation
 *
 * Other underlyings default to 2% / 1% without a size term (an assumption: set your own table).
 */
export const DERIBIT_STANDARD_MARGIN: MarginParametersInput = {
  id: 'deribit-standard',
  version: '2025.1',
  source:
    'https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual; https://doc.tslab.pro/tslab/eng/data-providers/connection-to-broker/deribit-cryptocurrency-exchange/deribit-margin-requirements-calculation',
  mode: 'standard',
  settlementPrecision: 2,
  standard: {
    futures: {
      default: { im: '0.02', mm: '0.01' },
      byUnderlying: {
        BTC: { im: '0.02', mm: '0.01', imPerUnit: '0.00005', mmPerUnit: '0.00005' },
        SOL: { im: '0.04', mm: '0.02', imPerUnit: '0.000005', mmPerUnit: '0.000005' },
      },
    },
    options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075', putMarkMm: '0.075' } },
    spreadsMaxLoss: true,
  },
  isolated: { mode: 'standard' },
};
