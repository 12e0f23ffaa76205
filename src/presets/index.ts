import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import { deepFreeze } from '../schema/deepFreeze.js';
import { DERIBIT_PORTFOLIO_MARGIN } from './deribitPortfolioMargin.js';
import { DERIBIT_PORTFOLIO_MARGIN_2023 } from './deribitPortfolioMargin2023.js';
import { DERIBIT_STANDARD_MARGIN } from './deribitStandardMargin.js';
import { SPAN_CLASSIC_16, SPAN_CME_16 } from './spanStyle16.js';
import { DERIVE_PMRM2, DERIVE_PMRM2_MAINNET } from './derivePmrm2.js';
import { DERIVE_STANDARD_MANAGER } from './deriveStandardManager.js';

export { DERIVE_PMRM2, DERIVE_PMRM2_MAINNET } from './derivePmrm2.js';
export { DERIVE_STANDARD_MANAGER } from './deriveStandardManager.js';
export { DERIBIT_PORTFOLIO_MARGIN } from './deribitPortfolioMargin.js';
export { DERIBIT_PORTFOLIO_MARGIN_2023 } from './deribitPortfolioMargin2023.js';
export { DERIBIT_STANDARD_MARGIN } from './deribitStandardMargin.js';
export { SPAN_CLASSIC_16, SPAN_CME_16 } from './spanStyle16.js';

/**
 * Every preset by id. Presets are plain, deeply frozen parameter data: copy one (`structuredClone`),
 * change what you need, give it your own `id` and `version`, and pass it to `computeMargin`.
 *
 * @example
 * ```ts
 * computeMargin(book, market, PRESETS['deribit-pm']);
 * ```
 */
export const PRESETS: Readonly<
  Record<'deribit-pm' | 'deribit-pm-2023' | 'deribit-standard' | 'span-classic-16' | 'span-cme-16' | 'derive-pmrm2' | 'derive-pmrm2-mainnet' | 'derive-srm', MarginParametersInput>
> = deepFreeze({
  'deribit-pm': DERIBIT_PORTFOLIO_MARGIN,
  'deribit-pm-2023': DERIBIT_PORTFOLIO_MARGIN_2023,
  'deribit-standard': DERIBIT_STANDARD_MARGIN,
  'span-classic-16': SPAN_CLASSIC_16,
  'span-cme-16': SPAN_CME_16,
  'derive-pmrm2': DERIVE_PMRM2,
  'derive-pmrm2-mainnet': DERIVE_PMRM2_MAINNET,
  'derive-srm': DERIVE_STANDARD_MANAGER,
});
