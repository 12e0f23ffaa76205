/** Shared inputs for the engine tests: the sample book, hand books, parameter variants, and a JSON comparer. */
import { PRESETS } from '../../src/presets/index.js';
import type { HealthParametersInput, MarginParametersInput, PortfolioInput } from '../../src/index.js';
import { sampleMarket } from '../helpers/sample.js';

/** JSON of a value, the form every engine result must equal byte for byte. */
export const json = (v: unknown): string => JSON.stringify(v);

/** Runs `f`, returning `{ ok: json }` or `{ error: issues }` so outcomes (results or errors) compare as values. */
export function outcome(f: () => unknown): { ok?: string; error?: unknown } {
  try {
    return { ok: json(f()) };
  } catch (e) {
    const issues = (e as { issues?: unknown }).issues;
    if (issues === undefined) throw e;
    return { error: issues };
  }
}

/** A health section that makes every part of the assessment work: haircuts, borrow tiers, stale prices. */
export const HEALTH: HealthParametersInput = {
  id: 'engine-test-health',
  version: '1',
  status: { marginCallBand: '0.2' },
  collateral: {
    haircuts: { BTC: { initial: '0.1', maintenance: '0.05' }, USDT: { initial: { tiers: [{ upTo: '5000', haircut: '0' }, { haircut: '0.1' }] } } },
    defaultHaircut: { initial: '0.2' },
    borrowTiers: [{ upTo: '100000', rate: '0.05' }, { rate: '0.1' }],
  },
  marketData: { maxPriceAgeMs: 60000, stalenessCharge: '0.01', minConfidence: '0.9' },
};

/** Every preset, plus two with a health section (one portfolio, one standard), by name. */
export function parameterSets(): [string, MarginParametersInput][] {
  const out: [string, MarginParametersInput][] = Object.entries(PRESETS);
  out.push(['deribit-pm+health', { ...PRESETS['deribit-pm'], id: 'pm-health', health: HEALTH }]);
  out.push(['deribit-standard+health', { ...PRESETS['deribit-standard'], id: 'std-health', health: HEALTH }]);
  return out;
}

/** The sample market with stale and low-confidence tags on a few prices, so market-data flags fire. */
export function taggedMarket(): any {
  const m = sampleMarket();
  m.marks['ETH-PERP'] = { ...m.marks['ETH-PERP'], timestamp: '2026-11-29T07:00:00Z' };
  m.assets.USDT = { ...m.assets.USDT, confidence: '0.5' };
  return m;
}

const acct = (id: string, positions: PortfolioInput['positions'], collateral: PortfolioInput['collateral']): PortfolioInput => ({ accountId: id, settlementCurrency: 'USDC', positions, collateral });

/** Hand books in the spirit of the golden cases: each exercises one path of margin or assessment. */
export const HAND_BOOKS: [string, PortfolioInput][] = [
  ['empty', acct('empty', [], [])],
  ['cash only', acct('cash', [], [{ asset: 'USDC', balance: '1000' }])],
  ['futures calendar', acct('cal', [{ symbol: 'BTC-25DEC26', quantity: '2' }, { symbol: 'BTC-PERP', quantity: '-1' }], [{ asset: 'USDC', balance: '50000' }])],
  ['perp long near bankruptcy', acct('perp', [{ symbol: 'BTC-PERP', quantity: '10', entryPrice: '105000' }], [{ asset: 'USDC', balance: '40000' }])],
  ['short call', acct('sc', [{ symbol: 'BTC-25DEC26-100000-C', quantity: '-1' }], [{ asset: 'USDC', balance: '20000' }])],
  ['short put, BTC collateral', acct('sp', [{ symbol: 'BTC-25DEC26-90000-P', quantity: '-3' }], [{ asset: 'BTC', balance: '0.5' }, { asset: 'USDC', balance: '1000' }])],
  ['inverse future and option', acct('inv', [{ symbol: 'BTC-USD-PERP-INV', quantity: '-500', entryPrice: '98000' }, { symbol: 'BTC-INV-25DEC26-100000-C', quantity: '3' }], [{ asset: 'BTC', balance: '1' }])],
  ['isolated perp beside a cross book', acct('iso', [{ symbol: 'ETH-PERP', quantity: '-5', entryPrice: '3400', isolatedMargin: '2000' }, { symbol: 'BTC-PERP', quantity: '1', entryPrice: '99000', accruedFunding: '3.5' }], [{ asset: 'USDC', balance: '30000' }])],
  ['borrowed USDC', acct('borrow', [{ symbol: 'BTC-PERP', quantity: '1' }], [{ asset: 'USDC', balance: '-150000' }, { asset: 'BTC', balance: '3' }])],
  ['stablecoin collateral', acct('usdt', [{ symbol: 'ETH-25DEC26-3500-P', quantity: '-10' }, { symbol: 'ETH-25DEC26-3000-P', quantity: '10' }], [{ asset: 'USDT', balance: '8000' }])],
  ['netting to zero', acct('zero', [{ symbol: 'BTC-PERP', quantity: '1' }, { symbol: 'BTC-PERP', quantity: '-1' }], [{ asset: 'USDC', balance: '10' }])],
  ['fractional quantities', acct('frac', [{ symbol: 'BTC-26MAR27-120000-C', quantity: '0.001' }, { symbol: 'BTC-26MAR27', quantity: '-0.0005', entryPrice: '101999.99' }], [{ asset: 'USDC', balance: '0.01' }])],
];
