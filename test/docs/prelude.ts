/**
 * The shared prelude of the TSDoc `@example` harness (test/docs/examples.test.ts).
 *
 * An example may use, without importing them:
 * - every name the package root exports (src/index.ts), and every name its own source file exports;
 * - every name exported here: the sample inputs of examples/data and a few helpers.
 * An example may also `import { ... } from 'portfolio-margin'` (or a subpath), as a user would.
 *
 * To let a new example use a new shared name, export it here, built from examples/data or written
 * out by hand, with a one-line comment saying what it is. Prefer names a reader understands without
 * this file (`book`, `market`, `params`); an example that needs a very particular input (a book whose
 * figures its comments quote) should build that input itself, so that its comments stay true.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildRiskArrays,
  buildScenarioSet,
  createMarginEngine,
  D,
  parseMarginParameters,
  parseMarket,
  parsePortfolio,
  PRESETS,
  valueInstrument,
  type AccountAssessment,
  type Holding,
  type MarginIssue,
} from '../../src/index.js';

const data = (f: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'data', f), 'utf8'));

/** The sample book (examples/data/book.json) as raw JSON, the way a caller receives it. */
export const rawBook = data('book.json') as Record<string, unknown>;
/** The sample market snapshot (examples/data/market.json) as raw JSON. */
export const rawMarket = data('market.json') as Record<string, unknown>;
/** The sample book, parsed. */
export const book = parsePortfolio(rawBook);
/** A second account, close to its limits (examples/data/book-near-limit.json), parsed. */
export const bookNearLimit = parsePortfolio(data('book-near-limit.json'));
/** Two accounts, for batch examples. */
export const bookA = book;
export const bookB = bookNearLimit;
/** The sample market snapshot, parsed. */
export const market = parseMarket(rawMarket);
/** The `deribit-pm` preset, parsed. */
export const params = parseMarginParameters(PRESETS['deribit-pm']);
/** The next tick's prices for `market` (what `withPrices` takes). */
export const prices = {
  asOf: '2026-11-29T08:00:01Z',
  settlementCurrency: 'USDC',
  underlyings: rawMarket.underlyings,
  marks: rawMarket.marks,
  assets: rawMarket.assets,
};
export const tick = prices;
/** The sample market one minute after the BTC and ETH December expiry. */
export const marketAtExpiry = parseMarket({ ...rawMarket, asOf: '2026-12-25T08:01:00Z' });
/** A batch engine for `market` and the `deribit-pm` preset. */
export const engine = createMarginEngine(market, PRESETS['deribit-pm']);
/** A stream of raw accounts (a generator, as a shard would read them from its store). */
export function* accounts(): Generator<unknown> {
  yield rawBook;
  yield data('book-near-limit.json');
}
/** Account ids and a loader, for examples that read accounts by id. */
export const ids = ['sample-001', 'sample-near-limit'];
export const loadAccount = (id: string): unknown => (id === 'sample-001' ? rawBook : data('book-near-limit.json'));
/** Sinks for examples that act on results: they do nothing. */
export const alert = (_a: AccountAssessment): void => {};
export const notify = (_accountId: string, _flags: unknown): void => {};
export const store = (_a: AccountAssessment): void => {};
export const reject = (_issues: MarginIssue[]): void => {};
/** The scenario set and risk arrays of `params` on `market`. */
export const set = buildScenarioSet(params, market);
export const arrays = buildRiskArrays(market, set);
/** The SPAN-style 16-scenario set on `market`. */
export const spanSet = buildScenarioSet(PRESETS['span-cme-16'], market);
/** The valuation of BTC-PERP on `market`. */
export const valuation = valueInstrument(market, market.instruments.get('BTC-PERP')!);
/**
 * Netted holdings as the add-ons see them (units of underlying, unit price in USDC): long 2 BTC
 * of BTC-PERP, short 5 BTC calls 100,000 Dec, long 100 BTC March future, short 100 BTC June future,
 * and 10 ETH of ETH-PERP.
 */
export const holdings: Holding[] = [
  { symbol: 'BTC-PERP', kind: 'future', underlying: 'BTC', units: D(2), unitPrice: D(100000), delta: 2 },
  { symbol: 'BTC-25DEC26-100000-C', kind: 'option', underlying: 'BTC', units: D(-5), unitPrice: D(100000), delta: -2.6, right: 'call', strike: D(100000), expiryMs: Date.parse('2026-12-25T08:00:00Z') },
  { symbol: 'BTC-26MAR27', kind: 'future', underlying: 'BTC', units: D(100), unitPrice: D(100000), delta: 100, expiryMs: Date.parse('2027-03-26T08:00:00Z') },
  { symbol: 'BTC-25JUN27', kind: 'future', underlying: 'BTC', units: D(-100), unitPrice: D(100000), delta: -100, expiryMs: Date.parse('2027-06-25T08:00:00Z') },
  { symbol: 'ETH-PERP', kind: 'future', underlying: 'ETH', units: D(10), unitPrice: D(3500), delta: 10 },
];
/** OKX-style concentration bands: up to 10,000 at x1, up to 70,000 at x2. */
export const bands = [
  { upTo: D(10000), multiplier: D(1) },
  { upTo: D(70000), multiplier: D(2) },
];
