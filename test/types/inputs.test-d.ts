/**
 * Issue 11, section 2, second item: every entry point has precise input types. A type test: this file
 * is only compiled (`npm run typecheck`), never run; test/types/inputs.test.ts compiles it again with
 * the `@ts-expect-error` directives removed and checks that each marked line fails for the reason in
 * its brackets (`[TS code: text in the message]`) and that no other line fails.
 *
 * The positive cases are the README tour's calls, raw JSON literals, `as const` data, the frozen
 * presets, parsed values, Decimal instances, and the library's own outputs fed back in.
 */
import {
  accountEquity,
  accountFigures,
  adlRanking,
  assessAccount,
  auctionMaxFraction,
  buildRiskArrays,
  buildScenarioSet,
  closedFormLiquidationPrice,
  compareMarginModes,
  computeMargin,
  createMarginEngine,
  D,
  DEFAULT_HEALTH_PARAMETERS,
  DERIBIT_PORTFOLIO_MARGIN,
  DERIBIT_STANDARD_MARGIN,
  DERIVE_PMRM2,
  DERIVE_PMRM2_MAINNET,
  DERIVE_STANDARD_MANAGER,
  fundingPayment,
  liquidationPrices,
  marginFromRiskArrays,
  netExposure,
  parseHealthParameters,
  parseMarginParameters,
  parseMarket,
  parsePortfolio,
  perpLiquidationSize,
  PRESETS,
  reductionPlan,
  safeAssessAccount,
  safeParsePortfolio,
  settleExpired,
  simulate,
  SPAN_CLASSIC_16,
  SPAN_CME_16,
  suppliedRiskArrays,
  valueCollateral,
  withPrices,
  type MarginParameters,
  type MarginParametersInput,
  type MarketPrices,
  type MarketSnapshot,
  type MarketSnapshotInput,
  type Portfolio,
  type PortfolioInput,
} from '../../src/index.js';

declare const rawBook: PortfolioInput;
declare const rawMarket: MarketSnapshotInput;
declare const book: Portfolio;
declare const market: MarketSnapshot;
declare const params: MarginParameters;
declare const prices: MarketPrices;
/** Data straight off the wire (a queue, a database column), not yet checked. */
declare const wire: unknown;
declare const wireBatch: Iterable<unknown>;

// ---- Positive cases: these must compile. ----

// The README tour's inputs written inline: raw JSON literals go straight in, no parse needed.
const literalMarket = {
  asOf: '2026-11-29T08:00:00Z',
  settlementCurrency: 'USDC',
  instruments: [
    { symbol: 'BTC-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' },
    { symbol: 'BTC-25DEC26-100000-C', kind: 'option', underlying: 'BTC', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: 1, expiry: '2026-12-25T08:00:00Z', right: 'call', strike: '100000' },
  ],
  underlyings: { BTC: { index: '100000', rate: 0, forwards: { '2026-12-25T08:00:00Z': '100600' } } },
  marks: { 'BTC-PERP': { price: '100050', timestamp: '2026-11-29T07:59:59Z', confidence: '0.99' }, 'BTC-25DEC26-100000-C': { iv: 0.55 } },
  assets: { BTC: { price: '100000', underlying: 'BTC' } },
} as const; // `as const`: read-only all the way down, accepted as it is
const literalBook: PortfolioInput = {
  accountId: 'sample-001',
  settlementCurrency: 'USDC',
  positions: [{ symbol: 'BTC-PERP', quantity: '1.5', entryPrice: 97000, accruedFunding: '-12.35' }],
  collateral: [{ asset: 'USDC', balance: '150000' }, { asset: 'BTC', balance: D('0.75') }], // a Decimal instance is a decimal too
};
computeMargin(literalBook, literalMarket, PRESETS['deribit-pm']);
computeMargin(rawBook, rawMarket, DERIBIT_PORTFOLIO_MARGIN);
computeMargin(book, market, params);
computeMargin(parsePortfolio(wire), parseMarket(wire), parseMarginParameters(wire)); // parse* take anything
computeMargin(JSON.parse('{}'), JSON.parse('{}'), JSON.parse('{}')); // JSON.parse gives `any`: checked at run time

// Every preset, frozen and read-only, and edited copies of them, are parameter inputs.
for (const id of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) computeMargin(book, market, PRESETS[id]);
for (const p of [DERIBIT_PORTFOLIO_MARGIN, DERIBIT_STANDARD_MARGIN, SPAN_CLASSIC_16, SPAN_CME_16, DERIVE_PMRM2, DERIVE_PMRM2_MAINNET, DERIVE_STANDARD_MANAGER]) assessAccount(book, market, p);
assessAccount(book, market, { ...DERIBIT_STANDARD_MARGIN, health: DEFAULT_HEALTH_PARAMETERS });
assessAccount(book, market, { ...PRESETS['deribit-pm'], health: { id: 'desk', version: '1', collateral: { haircuts: { BTC: { initial: '0.05', maintenance: '0.02' }, USDT: { initial: { tiers: [{ upTo: '5000', haircut: '0' }, { haircut: '0.1' }] } } } } } });
const mine: MarginParametersInput = {
  id: 'my-span-like',
  version: '2',
  source: 'a desk variant of the SPAN presets',
  mode: 'portfolio',
  settlementPrecision: 2,
  scenarios: {
    priceRange: { kind: 'absolute', amount: 8000 },
    rangeByUnderlying: { ETH: { kind: 'volatility', z: '3', horizonDays: '1', min: '0.05' } },
    priceSteps: 3,
    gridOrder: 'span',
    volShocks: [{ id: 'up', kind: 'absolute', size: '0.05' }, { id: 'down', kind: 'absolute', size: -0.05 }],
    tails: [{ rangeMultiple: '3', volShock: 'none', weight: { kind: 'coverage', fraction: '0.33' } }],
    user: [{ id: 'crash', moves: { BTC: '-0.3', ETH: '-0.35' }, volShock: 'up', weight: '0.5' }],
  },
  interUnitCredits: [{ units: ['BTC', 'ETH'], deltaRatio: ['1', 30], rate: '0.5' }],
  standard: { futures: { default: { im: '0.1', mm: '0.05' } }, options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075' } } },
  isolated: { mode: 'standard' },
};
computeMargin(book, market, parseMarginParameters(mine));
parseHealthParameters(DEFAULT_HEALTH_PARAMETERS);

// The README tour's other calls.
netExposure(book, market);
marginFromRiskArrays(book, market, buildRiskArrays(market, buildScenarioSet(params, market)), params);
marginFromRiskArrays(rawBook, rawMarket, suppliedRiskArrays(rawMarket, buildScenarioSet(mine, rawMarket), { instruments: { 'ES-MAR27': [0, -1250] } }), mine);
accountEquity(book, market).equity;
accountEquity(rawBook, rawMarket, { haircuts: { BTC: { initial: '0.05' } }, borrowTiers: [{ upTo: '100000', rate: '0.05' }, { rate: '0.1' }] }, 2);
valueCollateral(book, market, { defaultHaircut: { initial: '0.2' } });
const a = assessAccount(book, market, PRESETS['deribit-pm']);
liquidationPrices(book, market, params);
reductionPlan(rawBook, rawMarket, mine);
const s = simulate(book, [{ symbol: 'BTC-25DEC26-90000-P', quantity: '-5' }, { symbol: 'BTC-PERP', quantity: 1, price: '100000', fee: '2.5' }], market, params);
assessAccount(s.portfolioAfter, market, params); // an output in input form goes straight back in
computeMargin(settleExpired(book, market, { BTC: '101000', 'ETH-25DEC26': 2900 }).portfolio, market, params);
compareMarginModes(book, market, { standard: PRESETS['deribit-standard'], portfolio: PRESETS['deribit-pm'] });
closedFormLiquidationPrice({ side: 'long', quantity: '0.02', entryPrice: '50000', walletBalance: '500', maintenanceMarginRate: '0.004' });
perpLiquidationSize({ shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1', fee: '0.01' });
fundingPayment({ quantity: '2', contractSize: '1', markPrice: '100000', fundingRate: '0.0001' });
adlRanking([{ accountId: 'a', unrealizedPnl: '10', entryNotional: '100', markNotional: '110', equity: '50' }]);
auctionMaxFraction(JSON.parse('{}'));
withPrices(market, { asOf: '2026-11-29T08:00:01Z', settlementCurrency: 'USDC', underlyings: { BTC: { index: '100100' } }, marks: {}, assets: {} });
withPrices(rawMarket, prices);
withPrices(market, market); // a parsed snapshot holds prices

// The engine: typed like the one-shot functions; its safe* variants take data not yet checked.
const engine = createMarginEngine(literalMarket, PRESETS['deribit-pm']);
engine.margin(book);
engine.assess(rawBook);
engine.assessMany([book, rawBook, literalBook]);
for (const x of engine.assessEach(new Set([book]))) x.status;
engine.safeAssess(wire);
for (const r of engine.safeAssessEach(wireBatch)) if (!r.success) r.error.issues;
engine.simulate(book, [{ symbol: 'BTC-PERP', quantity: '1' }], engine.assess(book));
engine.withPrices(prices).withPrices({ asOf: '2026-11-29T08:00:02Z', settlementCurrency: 'USDC', underlyings: {}, marks: {}, assets: {} });
safeAssessAccount(wire, market, params); // the account is the part that arrives unchecked
safeParsePortfolio(wire);

// The exact kernel: compiled handles go where accounts go for figures and checks, nowhere else.
const handle = engine.compile(book);
engine.compile(handle);
engine.figures(handle).status;
engine.figures(rawBook);
for (const f of engine.figuresEach([handle, book, rawBook])) f.exact;
for (const r of engine.safeFiguresEach(wireBatch)) if (r.success) r.data.flagCodes;
engine.check(handle, [{ symbol: 'BTC-PERP', quantity: '1', fee: '0.5' }], engine.figures(handle));
accountFigures(book, market, PRESETS['deribit-pm']);
accountFigures(literalBook, literalMarket, mine);

// ---- Negative cases: each marked line must fail, for the reason in its brackets. ----

// @ts-expect-error [TS2345: 'MarketSnapshot' is not assignable to parameter of type 'Portfolio |] swapped arguments: the market where the portfolio goes
computeMargin(market, book, params);
// @ts-expect-error [TS2345: is not assignable to parameter of type 'Portfolio |] swapped arguments, raw JSON this time
computeMargin(rawMarket, rawBook, params);
// @ts-expect-error [TS2353: 'qty' does not exist] a typo key in a position
computeMargin({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', qty: '1' }], collateral: [] }, market, params);
// @ts-expect-error [TS2353: 'qty' does not exist] a typo key in a trade
simulate(book, [{ symbol: 'BTC-PERP', qty: '1' }], market, params);
// @ts-expect-error [TS2345: 'number' is not assignable to parameter of type 'readonly] a number where the trades go
simulate(book, 42, market, params);
// @ts-expect-error [TS2322: 'number' is not assignable to type 'string'] a number where an id goes
assessAccount({ accountId: 42, settlementCurrency: 'USDC', positions: [], collateral: [] }, market, params);
// @ts-expect-error [TS2322: 'number' is not assignable to type 'string'] a number where a symbol goes
simulate(book, [{ symbol: 7, quantity: '1' }], market, params);
// @ts-expect-error [TS2345: Property 'collateral' is missing] a missing required field
computeMargin({ accountId: 'a', settlementCurrency: 'USDC', positions: [] }, market, params);
// @ts-expect-error [TS2322: Property 'quantity' is missing] a position without its quantity
netExposure({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP' }], collateral: [] }, market);
// @ts-expect-error [TS2551: Property 'deribit-pro' does not exist] an unknown preset key
computeMargin(book, market, PRESETS['deribit-pro']);
// @ts-expect-error [TS2345: 'MarketSnapshot' is not assignable to parameter of type 'Portfolio |] a parsed market where a portfolio goes
assessAccount(market, market, params);
// @ts-expect-error [TS2345: 'Portfolio' is not assignable to parameter of type 'MarketSnapshot |] a parsed portfolio where the market goes
computeMargin(book, book, params);
// @ts-expect-error [TS2345: 'Portfolio' is not assignable to parameter of type 'MarketPrices |] a parsed portfolio where prices go
withPrices(market, book);
// @ts-expect-error [TS2345: 'MarketSnapshot' is not assignable to parameter of type 'MarginParameters |] a market where the parameters go
createMarginEngine(market, market);
// @ts-expect-error [TS2322: 'boolean' is not assignable to type 'DecimalLike] a boolean where a decimal goes
computeMargin({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: true }], collateral: [] }, market, params);
// @ts-expect-error [TS2322: 'number' is not assignable to type 'string'] a timestamp as epoch milliseconds
createMarginEngine({ ...literalMarket, asOf: 1764403200000 }, params);
// @ts-expect-error [TS2820: '"portfollio"' is not assignable to type '"portfolio" | "standard"'] a misspelt mode in an edited preset
assessAccount(book, market, { ...PRESETS['deribit-pm'], mode: 'portfollio' });
// @ts-expect-error [TS2561: 'standart' does not exist] a typo key in the modes wrapper
compareMarginModes(book, market, { standart: PRESETS['deribit-standard'] });
// @ts-expect-error [TS2345: 'MarketSnapshot' is not assignable to parameter of type 'Portfolio |] the engine's methods are typed too
engine.assess(market);
// @ts-expect-error [TS2345: 'number' is not assignable to parameter of type 'readonly] the engine's simulate takes trades
engine.simulate(book, 42);
// @ts-expect-error [TS2345: 'Portfolio' is not assignable to parameter of type 'MarketPrices |] the engine's withPrices takes prices
engine.withPrices(book);
// @ts-expect-error [TS2322: 'boolean' is not assignable to type 'DecimalLike] a settlement price that is not a decimal
settleExpired(book, market, { BTC: true });
// @ts-expect-error [TS2345: 'CompiledAccountHandle' is not assignable to parameter of type 'Portfolio |] a compiled handle where a portfolio goes
engine.assess(handle);
// @ts-expect-error [TS2345: 'MarketSnapshot' is not assignable to parameter of type 'Portfolio |] a market where the kernel takes an account
engine.figures(market);
// @ts-expect-error [TS2345: 'number' is not assignable to parameter of type 'readonly] the kernel's check takes trades
engine.check(handle, 42);
// @ts-expect-error [TS2345: 'MarketSnapshot' is not assignable to parameter of type 'Portfolio |] swapped arguments in the one-shot figures
accountFigures(market, book, params);
// @ts-expect-error [TS2540: Cannot assign to 'mode' because it is a read-only property] a preset is read-only
PRESETS['deribit-pm'].mode = 'standard';

export { a };
