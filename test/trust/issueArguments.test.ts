import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API, PRESETS } from '../golden/api.js';
import { loadCases, resolvePresets } from '../golden/goldenCases.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';

// Issue 9, item 16 (second half): an out-of-range rate gave an issue with `argument: 'pricing'`,
// `path: ['forward']`, naming neither an argument of the call nor a field of the input. The class:
// every issue of every entry point must name one of that call's arguments, and its path must lead to
// a field of that argument (or to a missing field that should be there: the path may leave the input
// only where a field is absent, never through a number or a string).

const MarginInputError = API.MarginInputError as new (...a: unknown[]) => Error & { issues: { code: string; path: (string | number)[]; argument?: string }[] };
type Fn = (...a: unknown[]) => unknown;

/** Each entry point's argument names, in order, as its TSDoc and its issues name them. */
const ARGUMENTS: Record<string, string[]> = {
  computeMargin: ['portfolio', 'market', 'params'],
  assessAccount: ['portfolio', 'market', 'params'],
  netExposure: ['portfolio', 'market'],
  accountEquity: ['portfolio', 'market', 'params', 'decimals'],
  valueCollateral: ['portfolio', 'market', 'params', 'decimals'],
  simulate: ['portfolio', 'trades', 'market', 'params'],
  liquidationPrices: ['portfolio', 'market', 'params'],
  reductionPlan: ['portfolio', 'market', 'params'],
  compareMarginModes: ['portfolio', 'market', 'params'],
  settleExpired: ['portfolio', 'market', 'settlementPrices', 'decimals'],
  buildScenarioSet: ['params', 'market'],
  buildRiskArrays: ['market', 'scenarioSet', 'symbols'],
  suppliedRiskArrays: ['market', 'scenarioSet', 'riskArrays'],
  parseScenarioSet: ['scenarioSet'],
  parseMarket: ['market'],
  parseMarketPrices: ['prices'],
  parsePortfolio: ['portfolio'],
  parseMarginParameters: ['params'],
  parseHealthParameters: ['params'],
  createMarginEngine: ['market', 'params'],
  fundingPayment: ['funding'],
  perpLiquidationSize: ['liquidation'],
  closedFormLiquidationPrice: ['position'],
  auctionMaxFraction: ['auction'],
  adlRanking: ['accounts'],
  black76Price: ['right', 'forward', 'strike', 'years', 'vol', 'rate'],
  black76Greeks: ['right', 'forward', 'strike', 'years', 'vol', 'rate'],
  inverseOptionGreeks: ['right', 'forward', 'strike', 'years', 'vol', 'rate'],
  bsmPrice: ['right', 'spot', 'strike', 'years', 'rate', 'carry', 'vol'],
  bsmGreeks: ['right', 'spot', 'strike', 'years', 'rate', 'carry', 'vol'],
  impliedVolatility: ['right', 'price', 'forward', 'strike', 'years', 'rate'],
  normalCdf: ['x'],
  yearFraction: ['fromMs', 'toMs'],
};

/**
 * Does `path` lead into `root`? Every step through an existing value must enter an object or array;
 * once a key is absent, the rest of the path names fields that should exist (allowed).
 */
function leadsInto(root: unknown, path: readonly (string | number)[]): boolean {
  let v: unknown = root;
  for (const k of path) {
    if (v === undefined) return true; // a missing field (and what should be inside it)
    if (v === null || typeof v !== 'object') return false;
    v = v instanceof Map ? v.get(k) : Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string | number, unknown>)[k] : undefined;
  }
  return true;
}

function problems(call: string, args: unknown[], run: () => unknown, names = ARGUMENTS[call]!): string[] {
  try {
    run();
    return [];
  } catch (e) {
    if (!(e instanceof MarginInputError)) return []; // other exceptions are the fuzz tests' business
    return e.issues.flatMap((i) => {
      const at = names.indexOf(i.argument ?? '');
      if (at < 0) return [`${call}: issue ${i.code} names argument ${String(i.argument)}, not one of ${names.join(', ')}`];
      if (!leadsInto(args[at], i.path)) return [`${call}: issue ${i.code} at ${i.argument}.${i.path.join('.')} does not lead into the argument`];
      return [];
    });
  }
}

const book = () => sampleBook();
const market = () => sampleMarket();
const preset = (id: string) => structuredClone(PRESETS[id]);
const set = () => JSON.parse(JSON.stringify((API.buildScenarioSet as Fn)(PRESETS['deribit-pm'], sampleMarket())));
const SEEDS: { call: string; args: unknown[] }[] = [
  ...loadCases().map((c) => ({ call: c.input.call, args: resolvePresets(c.input.args, PRESETS) as unknown[] })).filter((s) => ARGUMENTS[s.call]),
  ...['deribit-pm', 'span-cme-16'].map((id) => ({ call: 'computeMargin', args: [book(), market(), preset(id)] })),
  { call: 'assessAccount', args: [book(), market(), preset('deribit-pm')] },
  { call: 'simulate', args: [book(), [{ symbol: 'BTC-PERP', quantity: '-1' }], market(), preset('deribit-standard')] },
  { call: 'compareMarginModes', args: [book(), market(), { standard: preset('deribit-standard'), portfolio: preset('deribit-pm') }] },
  { call: 'liquidationPrices', args: [{ ...book(), positions: book().positions.slice(0, 2) }, market(), preset('deribit-standard')] },
  { call: 'buildScenarioSet', args: [preset('span-cme-16'), market()] },
  { call: 'buildRiskArrays', args: [market(), set(), ['BTC-PERP', 'BTC-25DEC26-100000-C']] },
  { call: 'suppliedRiskArrays', args: [market(), set(), { instruments: { 'BTC-PERP': new Array(35).fill(-1) }, deltas: { 'BTC-PERP': 1 } }] },
  { call: 'parseScenarioSet', args: [set()] },
  { call: 'createMarginEngine', args: [market(), preset('deribit-pm')] },
  { call: 'parseHealthParameters', args: [{ id: 'h', version: '1', liquidation: { fee: '0.01', search: { steps: 10 } }, marketData: { maxVol: '4', maxFutureSkewMs: 10 } }] },
  { call: 'adlRanking', args: [[{ accountId: 'a', unrealizedPnl: '100', entryNotional: '5000', markNotional: '5100', equity: '1000' }]] },
];

const HOSTILE: unknown[] = ['NaN', '-1', '1e5', '', '0', '-0.5', '1e-200', 1e-200, 1e24, 1e30, -1, 0, null, true, {}, [], 'BTC', 'call', '2026-12-25T08:00:00.000Z', '99999999999999999999999'];

function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...prefix, i], ...paths(x, [...prefix, i])]);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...paths(x, [...prefix, k])]);
  return [];
}

describe('every issue names an argument of the call and a field of that argument (issue 9, item 16)', () => {
  it('repro: an out-of-range rate is an issue at market.underlyings.<u>.rate, not pricing.forward', () => {
    const m = market();
    m.underlyings.ETH.rate = '100000000000000000000';
    let e: unknown;
    try {
      (API.assessAccount as Fn)(book(), m, PRESETS['deribit-pm']);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(MarginInputError);
    expect((e as InstanceType<typeof MarginInputError>).issues.map((i) => [i.code, i.argument, i.path])).toEqual([['invalid_value', 'market', ['underlyings', 'ETH', 'rate']]]);
    // A rate whose forward leaves the price range is refused at the same field.
    m.underlyings.ETH.rate = '30';
    expect(problems('computeMargin', [book(), m, PRESETS['deribit-pm']], () => (API.computeMargin as Fn)(book(), m, PRESETS['deribit-pm']))).toEqual([]);
  });

  it('the float pricers name their positional argument (path [])', () => {
    const cases: [string, unknown[]][] = [
      ['black76Price', ['call', Infinity, 100, 1, 0.2, 0]],
      ['bsmPrice', ['call', -1, 100, 1, 0.05, 0, 0.2]],
      ['impliedVolatility', ['call', NaN, 100, 100, 1, 0]],
      ['normalCdf', [NaN]],
      ['yearFraction', [0, Infinity]],
    ];
    for (const [call, args] of cases) {
      let e: unknown;
      try {
        (API[call] as Fn)(...args);
      } catch (x) {
        e = x;
      }
      expect(e, call).toBeInstanceOf(MarginInputError);
      expect(problems(call, args, () => (API[call] as Fn)(...args)), call).toEqual([]);
    }
  });

  for (const seed of SEEDS.filter((s, i, all) => all.findIndex((t) => t.call === s.call) === i || s.call === 'computeMargin')) {
    it(`${seed.call}: mutated inputs`, () => {
      const all = paths(seed.args);
      fc.assert(
        fc.property(fc.nat(all.length - 1), fc.oneof(fc.constantFrom(...HOSTILE), fc.constant(undefined)), (i, value) => {
          const args = JSON.parse(JSON.stringify(seed.args)) as unknown[];
          const path = all[i]!;
          const parent = path.slice(0, -1).reduce((o: any, k) => o[k], args);
          if (value === undefined) delete parent[path[path.length - 1]!];
          else parent[path[path.length - 1]!] = value;
          const found = problems(seed.call, args, () => (API[seed.call] as Fn)(...args));
          if (found.length) throw new Error(`${found.join('\n')}\n  in ${seed.call}(${JSON.stringify(args).slice(0, 600)})`);
        }),
        { seed: 1616, numRuns: /liquidationPrices|reductionPlan|compareMarginModes/.test(seed.call) ? 20 : 40 },
      );
    });
  }

  it('engine methods: issues name the method’s arguments or the engine’s own (market, params)', () => {
    const engine = (API.createMarginEngine as Fn)(market(), PRESETS['deribit-pm']) as Record<string, Fn>;
    const names = ['portfolio', 'trades', 'before', 'market', 'params', 'prices'];
    const b = book();
    const all = paths(b);
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.constantFrom(...HOSTILE), (i, value) => {
        const p = JSON.parse(JSON.stringify(b));
        const path = all[i]!;
        path.slice(0, -1).reduce((o: any, k) => o[k], p)[path[path.length - 1]!] = value;
        for (const [name, run] of [
          ['margin', () => engine.margin!(p)],
          ['assess', () => engine.assess!(p)],
          ['simulate', () => engine.simulate!(p, [{ symbol: 'ETH-PERP', quantity: '1' }])],
        ] as const) {
          // A market issue points into the engine's market; the portfolio's into the portfolio.
          const found = problems(`engine.${name}`, [p, undefined, undefined, market(), PRESETS['deribit-pm'], undefined], run, names);
          if (found.length) throw new Error(found.join('\n'));
        }
      }),
      { seed: 1617, numRuns: 40 },
    );
  });
});
