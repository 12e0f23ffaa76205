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
  parseSpanFile,
  valueInstrument,
  type AccountAssessment,
  type Holding,
  type MarginIssue,
  type MarketPricesInput,
  type PortfolioInput,
  type SpanPositionInput,
} from '../../src/index.js';
import type { ScanEntry } from '../../src/margin/scanRisk.js';
/** The Decimal number layer, for the examples of the rules shared with the exact kernel (`*Of`, `*Parts`). */
export { DECIMAL_ARITHMETIC } from '../../src/numeric/Arithmetic.js';
/** A `Holding[]` as the shared add-on amount steps read it (by index), for their examples. */
export { holdingValues } from '../../src/margin/holdingValues.js';
/** Kernel numbers from decimal strings and back, for the examples of the kernel's internal sums. */
export { exactString, fromDecimalString } from '../../src/kernel/kv.js';
/** The kernel's index of an instrument table, for the examples of the compile's table-indexed helpers. */
export { kernelTable } from '../../src/kernel/kernelTick.js';
import type { RiskArray } from '../../src/scenarios/RiskArrays.js';

const data = (f: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'data', f), 'utf8'));

/** The sample book (examples/data/book.json) as raw JSON, the way a caller receives it. */
export const rawBook = data('book.json') as PortfolioInput;
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
export const prices: MarketPricesInput = {
  asOf: '2026-11-29T08:00:01Z',
  settlementCurrency: 'USDC',
  underlyings: rawMarket.underlyings as MarketPricesInput['underlyings'],
  marks: rawMarket.marks as MarketPricesInput['marks'],
  assets: rawMarket.assets as MarketPricesInput['assets'],
};
export const tick = prices;
/** The sample market one minute after the BTC and ETH December expiry. */
export const marketAtExpiry = parseMarket({ ...rawMarket, asOf: '2026-12-25T08:01:00Z' });
/** A batch engine for `market` and the `deribit-pm` preset. */
export const engine = createMarginEngine(market, PRESETS['deribit-pm']);
/** A stream of raw accounts (a generator, as a shard would read them from its store). */
export function* accounts(): Generator<PortfolioInput> {
  yield rawBook;
  yield data('book-near-limit.json') as PortfolioInput;
}
/**
 * A market with one instrument, a linear BTC-PERP (1 BTC per contract, USDC-settled), its index and
 * mark both at `price`: the setting of the exchanges' published single-perpetual examples.
 */
export const perpMarket = (price: string) =>
  parseMarket({
    asOf: '2026-11-29T08:00:00Z',
    settlementCurrency: 'USDC',
    instruments: [{ symbol: 'BTC-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }],
    underlyings: { BTC: { index: price } },
    marks: { 'BTC-PERP': { price } },
    assets: {},
  });
/** dYdX's example account on {@link perpMarket}: 0.1 BTC-PERP long entered at 50,000 with 499 USDC. */
export const dydxBook = parsePortfolio({ accountId: 'dydx', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '0.1', entryPrice: '50000' }], collateral: [{ asset: 'USDC', balance: '499' }] });
/** Account ids and a loader, for examples that read accounts by id. */
export const ids = ['sample-001', 'sample-near-limit'];
export const loadAccount = (id: string): PortfolioInput => (id === 'sample-001' ? rawBook : (data('book-near-limit.json') as PortfolioInput));
/** Sinks for examples that act on results: they do nothing. */
export const alert = (_a: AccountAssessment): void => {};
export const notify = (_accountId: string, _flags: unknown): void => {};
export const store = (_a: AccountAssessment): void => {};
export const reject = (_issues: MarginIssue[]): void => {};
/** The two sample accounts compiled once on `engine` (what `engine.figures` and `engine.check` take). */
export const handles = [engine.compile(book), engine.compile(bookNearLimit)];
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

/**
 * A hand-built scan over four scenarios, for the scan-step examples: one long BTC Dec call worth 100
 * (P&L +100, -60 in the two weighted scenarios, then +80 and -100 in the two basis revaluations) and
 * one BTC-PERP contract (P&L -50, +30, 0, 0). The call expires 0.25 year (91.25 days) after `asOfMs`,
 * rate 0.
 */
const scanArray = (pnl: number[], value?: number): RiskArray => ({ underlying: 'BTC', pnl: Float64Array.from(pnl), delta: 0, maxAbs: Math.max(...pnl.map(Math.abs)), ...(value === undefined ? {} : { value }) });
export const expiryMs = Date.parse('2026-12-25T08:00:00Z');
export const asOfMs = expiryMs - 0.25 * 365 * 86_400_000;
export const entries: ScanEntry[] = [
  { kind: 'position', key: 'BTC-25DEC26-100000-C', qty: D(1), arr: scanArray([100, -60, 80, -100], 100), option: { underlying: 'BTC', expiry: '2026-12-25T08:00:00.000Z', expiryMs, years: 0.25, rate: 0 } },
  { kind: 'position', key: 'BTC-PERP', qty: D(1), arr: scanArray([-50, 30, 0, 0]) },
];
/** The weights of those four scenarios: 1, 1, then 0 for the two basis revaluations (exact: divisors absent). */
export const weights = Float64Array.from([1, 1, 0, 0]);
export const weightDecimals = [D(1), D(1), D(0), D(0)];
export const weightDivisors: (ReturnType<typeof D> | undefined)[] = [undefined, undefined, undefined, undefined];
/** Where the basis revaluations start in those arrays. */
export const basisStart = 2;

/**
 * SPAN: the hand-written positional (pa2) file of the corn / soybeans inter-commodity illustration
 * (test/span/fixtures/corn-soybeans.pa2: corn outright 1,750 per contract, soybeans 2,500, a 2:1
 * spread at 55%), parsed, and the book +2 corn, -1 soybeans (March 2026 futures).
 */
export const text = readFileSync(join(__dirname, '..', 'span', 'fixtures', 'corn-soybeans.pa2'), 'latin1');
export const file = parseSpanFile(text);
export const positions: SpanPositionInput[] = [
  { exchange: 'CBT', productCode: 'C', productType: 'FUT', period: '202603', quantity: '2' },
  { exchange: 'CBT', productCode: 'S', productType: 'FUT', period: '202603', quantity: '-1' },
];
/** The hand-written SPAN 4 XML file of CME's flat-rate intra-commodity illustration (product X: month 2 vs month 3 spread at 200). */
export const intraMonthsXml = readFileSync(join(__dirname, '..', 'span', 'fixtures', 'intra-months.spn'), 'utf8');

/**
 * Deribit's documented portfolio-margin example (BTC, 2024-06-17): the book and market as the golden
 * case test/golden/margin-deribit-pm-doc-example writes them, and the `model_params` of the
 * `private/pme/simulate` response it quotes.
 */
const deribitInput = JSON.parse(readFileSync(join(__dirname, '..', 'golden', 'margin-deribit-pm-doc-example', 'input.json'), 'utf8'));
export const deribitDoc = { book: deribitInput.args[0] as PortfolioInput, market: parseMarket(deribitInput.args[1]), modelParams: deribitInput.args[2].args[0] as unknown };
