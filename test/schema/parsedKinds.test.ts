/**
 * Issue 9, item 11 (class: parsed-value brands). One WeakSet used to mark parsed portfolios, markets
 * and prices alike, so `safeAssessAccount(book, parseMarketPrices(prices), params)` threw a TypeError
 * from inside and `withPrices(parsedMarket, parsedPortfolio)` returned a portfolio with instruments.
 * Now each parsed value carries its kind; one of the wrong kind is `invalid_type` at the argument it
 * was passed as (path `[]`), for every entry point, and `safe*` never throws.
 */
import { describe, expect, it } from 'vitest';
import * as L from '../../src/index.js';
import type { ParsedKind } from '../../src/schema/parsedBrand.js';
import { untyped } from '../helpers/untyped.js';
import { namedCollateralParams, namedMarket, namedPortfolioParams, namedSmallBook } from '../trust/userNames.js';

const rawMarket = namedMarket('BTC');
const rawPrices = { ...rawMarket };
delete rawPrices.instruments;
const rawBook = namedSmallBook('BTC');
const rawParams = namedPortfolioParams('BTC');
const std = { ...L.PRESETS['deribit-standard'] };

const P = L.parsePortfolio(rawBook);
const M = L.parseMarket(rawMarket);
const MP = L.parseMarginParameters(rawParams);
const PR = L.parseMarketPrices(rawPrices);
const parsed: Record<ParsedKind, unknown> = {
  portfolio: P,
  market: M,
  prices: PR,
  'margin-parameters': MP,
  'health-parameters': L.parseHealthParameters(rawParams.health),
  'collateral-parameters': L.parseCollateralParameters(namedCollateralParams('BTC')),
};
const KINDS = Object.keys(parsed) as ParsedKind[];

const trades = [{ symbol: 'BTC', quantity: '-0.5' }];
const engine = L.createMarginEngine(M, MP);
const set = L.buildScenarioSet(MP, M);
const arrays = L.buildRiskArrays(M, set);
const expired = L.parseMarket(namedMarket('BTC', '2026-12-26T00:00:00Z'));

interface Slot {
  call: string;
  argument: string;
  /** Kinds that belong in this slot (none: a raw argument such as trades). */
  accepts: ParsedKind[];
  /** Takes any value (a parsed value of any kind, on purpose): `x` is `never`, so it fits every parameter. */
  run: (x: never) => unknown;
  /** A safe* call: returns `{ success: false, error }` instead of throwing. */
  safe?: boolean;
}

const slots: Slot[] = [
  ...(['computeMargin', 'assessAccount', 'liquidationPrices', 'reductionPlan'] as const).flatMap((f): Slot[] => {
    const fn = L[f] as (a: unknown, b: unknown, c: unknown) => unknown;
    return [
      { call: f, argument: 'portfolio', accepts: ['portfolio'], run: (x) => fn(x, M, MP) },
      { call: f, argument: 'market', accepts: ['market'], run: (x) => fn(P, x, MP) },
      { call: f, argument: 'params', accepts: ['margin-parameters'], run: (x) => fn(P, M, x) },
    ];
  }),
  { call: 'safeAssessAccount', argument: 'portfolio', accepts: ['portfolio'], run: (x) => L.safeAssessAccount(x, M, MP), safe: true },
  { call: 'safeAssessAccount', argument: 'market', accepts: ['market'], run: (x) => L.safeAssessAccount(P, x, MP), safe: true },
  { call: 'safeAssessAccount', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.safeAssessAccount(P, M, x), safe: true },
  { call: 'simulate', argument: 'portfolio', accepts: ['portfolio'], run: (x) => L.simulate(x, trades, M, MP) },
  { call: 'simulate', argument: 'trades', accepts: [], run: (x) => L.simulate(P, x, M, MP) },
  { call: 'simulate', argument: 'market', accepts: ['market'], run: (x) => L.simulate(P, trades, x, MP) },
  { call: 'simulate', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.simulate(P, trades, M, x) },
  { call: 'compareMarginModes', argument: 'portfolio', accepts: ['portfolio'], run: (x) => L.compareMarginModes(x, M, { standard: std }) },
  { call: 'compareMarginModes', argument: 'market', accepts: ['market'], run: (x) => L.compareMarginModes(P, x, { standard: std }) },
  { call: 'compareMarginModes', argument: 'params', accepts: [], run: (x) => L.compareMarginModes(P, M, x as never) },
  { call: 'compareMarginModes (standard)', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.compareMarginModes(P, M, { standard: x === MP ? std : x }) },
  { call: 'compareMarginModes (portfolio)', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.compareMarginModes(P, M, { portfolio: x }) },
  { call: 'netExposure', argument: 'portfolio', accepts: ['portfolio'], run: (x) => L.netExposure(x, M) },
  { call: 'netExposure', argument: 'market', accepts: ['market'], run: (x) => L.netExposure(P, x) },
  ...(['accountEquity', 'valueCollateral'] as const).flatMap((f): Slot[] => {
    const fn = L[f] as (a: unknown, b: unknown, c: unknown) => unknown;
    return [
      { call: f, argument: 'portfolio', accepts: ['portfolio'], run: (x) => fn(x, M, parsed['collateral-parameters']) },
      { call: f, argument: 'market', accepts: ['market'], run: (x) => fn(P, x, parsed['collateral-parameters']) },
      { call: f, argument: 'params', accepts: ['collateral-parameters'], run: (x) => fn(P, M, x) },
    ];
  }),
  { call: 'createMarginEngine', argument: 'market', accepts: ['market'], run: (x) => L.createMarginEngine(x, MP) },
  { call: 'createMarginEngine', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.createMarginEngine(M, x) },
  { call: 'engine.assess', argument: 'portfolio', accepts: ['portfolio'], run: (x) => engine.assess(x) },
  { call: 'engine.margin', argument: 'portfolio', accepts: ['portfolio'], run: (x) => engine.margin(x) },
  { call: 'engine.safeAssess', argument: 'portfolio', accepts: ['portfolio'], run: (x) => engine.safeAssess(x), safe: true },
  { call: 'engine.safeAssessEach', argument: 'portfolio', accepts: ['portfolio'], run: (x) => [...engine.safeAssessEach([x])][0], safe: true },
  { call: 'engine.simulate', argument: 'portfolio', accepts: ['portfolio'], run: (x) => engine.simulate(x, trades) },
  { call: 'engine.simulate', argument: 'trades', accepts: [], run: (x) => engine.simulate(P, x) },
  { call: 'engine.withPrices', argument: 'prices', accepts: ['prices', 'market'], run: (x) => engine.withPrices(x) },
  { call: 'buildScenarioSet', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.buildScenarioSet(x, M) },
  { call: 'buildScenarioSet', argument: 'market', accepts: ['market'], run: (x) => L.buildScenarioSet(MP, x) },
  { call: 'buildRiskArrays', argument: 'market', accepts: ['market'], run: (x) => L.buildRiskArrays(x, set) },
  { call: 'marginFromRiskArrays', argument: 'portfolio', accepts: ['portfolio'], run: (x) => L.marginFromRiskArrays(x, M, arrays, MP) },
  { call: 'marginFromRiskArrays', argument: 'market', accepts: ['market'], run: (x) => L.marginFromRiskArrays(P, x, arrays, MP) },
  { call: 'marginFromRiskArrays', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.marginFromRiskArrays(P, M, arrays, x) },
  { call: 'suppliedRiskArrays', argument: 'market', accepts: ['market'], run: (x) => L.suppliedRiskArrays(x, set, { instruments: {} }) },
  { call: 'settleExpired', argument: 'portfolio', accepts: ['portfolio'], run: (x) => L.settleExpired(x, expired, { BTC: '101000', ETH: '2900' }) },
  { call: 'settleExpired', argument: 'market', accepts: ['market'], run: (x) => L.settleExpired(P, x === M ? expired : x, { BTC: '101000', ETH: '2900' }) },
  { call: 'settleExpired', argument: 'settlementPrices', accepts: [], run: (x) => L.settleExpired(P, expired, x as never) },
  { call: 'withPrices', argument: 'market', accepts: ['market'], run: (x) => L.withPrices(x, PR) },
  { call: 'withPrices', argument: 'prices', accepts: ['prices', 'market'], run: (x) => L.withPrices(M, x) },
  { call: 'parsePortfolio', argument: 'portfolio', accepts: ['portfolio'], run: (x) => L.parsePortfolio(x) },
  { call: 'safeParsePortfolio', argument: 'portfolio', accepts: ['portfolio'], run: (x) => L.safeParsePortfolio(x), safe: true },
  { call: 'parseMarket', argument: 'market', accepts: ['market'], run: (x) => L.parseMarket(x) },
  { call: 'safeParseMarket', argument: 'market', accepts: ['market'], run: (x) => L.safeParseMarket(x), safe: true },
  { call: 'parseMarketPrices', argument: 'prices', accepts: ['prices', 'market'], run: (x) => L.parseMarketPrices(x) },
  { call: 'parseMarginParameters', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.parseMarginParameters(x) },
  { call: 'safeParseMarginParameters', argument: 'params', accepts: ['margin-parameters'], run: (x) => L.safeParseMarginParameters(x), safe: true },
  { call: 'parseHealthParameters', argument: 'params', accepts: ['health-parameters'], run: (x) => L.parseHealthParameters(x) },
  { call: 'safeParseHealthParameters', argument: 'params', accepts: ['health-parameters'], run: (x) => L.safeParseHealthParameters(x), safe: true },
  { call: 'parseCollateralParameters', argument: 'params', accepts: ['collateral-parameters'], run: (x) => L.parseCollateralParameters(x) },
  ...(['fundingPayment', 'closedFormLiquidationPrice', 'perpLiquidationSize', 'auctionMaxFraction', 'adlRanking'] as const).map(
    (f): Slot => ({ call: f, argument: { fundingPayment: 'funding', closedFormLiquidationPrice: 'position', perpLiquidationSize: 'liquidation', auctionMaxFraction: 'auction', adlRanking: 'accounts' }[f], accepts: [], run: (x) => (L[f] as (a: unknown) => unknown)(x) }),
  ),
];

type Outcome = { kind: 'ok' } | { kind: 'issues'; issues: L.MarginIssue[] } | { kind: 'threw'; error: unknown };

function outcome(s: Slot, x: unknown): Outcome {
  try {
    const r = s.run(x as never) as { success?: boolean; error?: L.MarginInputError };
    if (s.safe && r.success === false) return { kind: 'issues', issues: r.error!.issues };
    return { kind: 'ok' };
  } catch (e) {
    if (s.safe) return { kind: 'threw', error: e };
    return e instanceof L.MarginInputError ? { kind: 'issues', issues: e.issues } : { kind: 'threw', error: e };
  }
}

describe('a parsed value of the wrong kind is invalid_type at its argument (issue 9, item 11)', () => {
  it('repro: safeAssessAccount(book, parseMarketPrices(prices), params) is a typed failure, not a TypeError', () => {
    const r = L.safeAssessAccount(rawBook, untyped(L.parseMarketPrices(rawPrices)), rawParams);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues).toEqual([expect.objectContaining({ code: 'invalid_type', path: [], argument: 'market' })]);
  });

  it('repro: withPrices(parsedMarket, parsedPortfolio) is invalid_type at prices, not a portfolio with instruments', () => {
    expect(() => L.withPrices(M, untyped(P))).toThrow(L.MarginInputError);
    try {
      L.withPrices(M, untyped(P));
    } catch (e) {
      expect((e as L.MarginInputError).issues).toEqual([expect.objectContaining({ code: 'invalid_type', path: [], argument: 'prices' })]);
    }
  });

  for (const s of slots) {
    it(`${s.call}, argument ${s.argument}: every other kind is invalid_type there${s.safe ? ' (and never throws)' : ''}`, () => {
      for (const k of KINDS) {
        const o = outcome(s, parsed[k]);
        if (o.kind === 'threw') throw new Error(`${s.call} threw ${String(o.error)} for a parsed ${k}`);
        if (s.accepts.includes(k)) {
          expect(o, `${s.call} should accept a parsed ${k}`).toEqual({ kind: 'ok' });
        } else {
          expect(o.kind, `${s.call} given a parsed ${k}`).toBe('issues');
          if (o.kind === 'issues') expect(o.issues, `${s.call} given a parsed ${k}`).toContainEqual(expect.objectContaining({ code: 'invalid_type', path: [], argument: s.argument }));
        }
      }
    });
  }

  it('brands leave parsed values\' JSON, keys and spreads unchanged', () => {
    for (const k of KINDS) {
      const v = parsed[k] as object;
      expect(Object.keys(v).every((key) => typeof key === 'string')).toBe(true);
      expect(JSON.stringify(v)).toBe(JSON.stringify({ ...v }));
      // A spread copy is raw again (the brand is not enumerable), so it parses afresh.
      expect(Object.getOwnPropertySymbols({ ...v })).toEqual([]);
    }
    expect(JSON.stringify(L.parsePortfolio(rawBook))).toBe(JSON.stringify(L.parsePortfolio(structuredClone(rawBook))));
  });
});
