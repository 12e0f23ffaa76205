/**
 * Issue 9, item 10 (class: `__proto__` keys). `JSON.parse` gives an object an own `__proto__` key;
 * zod's records skip it, so marks, underlyings and assets keyed `__proto__` were dropped without an
 * issue, contradicting "unknown keys are rejected, never dropped". Now every such key, in every
 * record and every strict object of every schema, is an issue at its own path; and `__proto__` as a
 * name (symbol, asset, underlying ...) is refused too (`invalid_value`), since no record could hold it.
 */
import { describe, expect, it } from 'vitest';
import * as L from '../../src/index.js';
import { namedBook, namedJointParams, namedMarket, namedPortfolioParams } from '../trust/userNames.js';

type Path = (string | number)[];

function issuesOf(f: () => unknown): L.MarginIssue[] | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof L.MarginInputError) return e.issues;
    throw e;
  }
}

/** Every plain object in a JSON-like value, with its path. */
function objectsIn(v: unknown, path: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => objectsIn(x, [...path, i]));
  if (v === null || typeof v !== 'object') return [];
  return [path, ...Object.entries(v).flatMap(([k, x]) => objectsIn(x, [...path, k]))];
}

function at(root: any, path: Path): any {
  return path.reduce((o, k) => o[k], root);
}

/** A deep copy with an own, enumerable `__proto__` key (as JSON.parse makes it) on the object at `path`, holding a copy of one of its values. */
function withProtoKey(input: unknown, path: Path): unknown {
  const copy = structuredClone(input);
  const target = at(copy, path);
  const first = Object.values(target)[0];
  Object.defineProperty(target, '__proto__', { value: structuredClone(first ?? {}), enumerable: true, writable: true, configurable: true });
  return copy;
}

const pm = namedPortfolioParams('BTC');
pm.initialMargin.scenarios = structuredClone(pm.scenarios);
const joint = namedJointParams('BTC');
const market = namedMarket('BTC');
const prices = { ...market };
delete prices.instruments;
const book = namedBook('BTC');
const expired = namedMarket('BTC', '2026-12-26T00:00:00Z');

const inputs: { name: string; input: unknown; argument: string; parse: (x: any) => unknown }[] = [
  { name: 'market', input: market, argument: 'market', parse: (x) => L.parseMarket(x) },
  { name: 'market prices', input: prices, argument: 'prices', parse: (x) => L.parseMarketPrices(x) },
  { name: 'portfolio', input: book, argument: 'portfolio', parse: (x) => L.parsePortfolio(x) },
  { name: 'margin parameters', input: pm, argument: 'params', parse: (x) => L.parseMarginParameters(x) },
  { name: 'margin parameters (joint)', input: joint, argument: 'params', parse: (x) => L.parseMarginParameters(x) },
  { name: 'health parameters', input: pm.health, argument: 'params', parse: (x) => L.parseHealthParameters(x) },
  { name: 'collateral parameters', input: pm.health.collateral, argument: 'params', parse: (x) => L.parseCollateralParameters(x) },
  { name: 'settlement prices', input: { 'BTC-25DEC26': '101000', BTC: '101000', ETH: '2900' }, argument: 'settlementPrices', parse: (x) => L.settleExpired(book, expired, x) },
  { name: 'trades', input: [{ symbol: 'BTC', quantity: '1', fee: '1' }], argument: 'trades', parse: (x) => L.simulate(book, x, market, pm) },
];

describe('`__proto__` is never dropped (issue 9, item 10)', () => {
  it('repro: marks, underlyings and assets keyed "__proto__" are issues, not silently dropped', () => {
    const raw = JSON.parse(JSON.stringify(market).replace('"marks":{', '"marks":{"__proto__":{"price":"1"},').replace('"underlyings":{', '"underlyings":{"__proto__":{"index":"1"},').replace('"assets":{', '"assets":{"__proto__":{"price":"1"},'));
    expect(Object.keys(raw.marks)).toContain('__proto__');
    const issues = issuesOf(() => L.parseMarket(raw));
    expect(issues).toBeDefined();
    for (const rec of ['marks', 'underlyings', 'assets']) {
      expect(issues).toContainEqual(expect.objectContaining({ code: 'invalid_value', path: [rec, '__proto__'], argument: 'market' }));
    }
  });

  for (const c of inputs) {
    it(`${c.name}: an own "__proto__" key on every object is an issue at its path`, () => {
      expect(() => c.parse(structuredClone(c.input))).not.toThrow();
      const paths = objectsIn(c.input);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        const issues = issuesOf(() => c.parse(withProtoKey(c.input, path)));
        expect(issues, `${c.name} at ${JSON.stringify(path)}`).toBeDefined();
        expect(issues!.some((i) => ['invalid_value', 'unrecognized_key'].includes(i.code) && i.argument === c.argument && JSON.stringify(i.path) === JSON.stringify([...path, '__proto__'])), `${c.name} at ${JSON.stringify(path)}: ${JSON.stringify(issues)}`).toBe(true);
      }
    });
  }

  it('every record of every schema is covered above', () => {
    // The records (recordField in src): market underlyings, forwards, marks, assets; parameters'
    // byUnderlying (futures, options), rangeByUnderlying, user and joint scenario moves, haircuts;
    // settlement prices.
    const covered = inputs.flatMap((c) => objectsIn(c.input).map((p) => p.filter((k) => typeof k === 'string').join('.')));
    for (const rec of ['underlyings', 'underlyings.BTC.forwards', 'marks', 'assets', 'standard.futures.byUnderlying', 'standard.options.byUnderlying', 'scenarios.rangeByUnderlying', 'scenarios.user.moves', 'initialMargin.scenarios.user.moves', 'joint.scenarios.moves', 'health.collateral.haircuts', 'collateral.haircuts', 'haircuts']) {
      expect(covered, rec).toContain(rec);
    }
  });

  it('"__proto__" as a name (symbol, underlying, asset, account, risk unit ...) is invalid_value at its path', () => {
    const cases: [string, () => unknown, Path, string][] = [
      ['accountId', () => L.parsePortfolio({ ...book, accountId: '__proto__' }), ['accountId'], 'portfolio'],
      ['collateral asset', () => L.parsePortfolio({ ...book, collateral: [{ asset: '__proto__', balance: '1' }] }), ['collateral', 0, 'asset'], 'portfolio'],
      ['position symbol', () => L.parsePortfolio({ ...book, positions: [{ symbol: '__proto__', quantity: '1' }] }), ['positions', 0, 'symbol'], 'portfolio'],
      ['instrument underlying', () => L.parseMarket({ ...market, instruments: [{ ...market.instruments[0], underlying: '__proto__' }] }), ['instruments', 0, 'underlying'], 'market'],
      ['asset tied to', () => L.parseMarket({ ...market, assets: { BTC: { price: '1', underlying: '__proto__' } } }), ['assets', 'BTC', 'underlying'], 'market'],
      ['risk unit id', () => L.parseMarginParameters({ ...pm, riskUnits: [{ id: '__proto__', underlyings: ['BTC'] }] }), ['riskUnits', 0, 'id'], 'params'],
    ];
    for (const [name, f, path, argument] of cases) {
      expect(issuesOf(f), name).toContainEqual(expect.objectContaining({ code: 'invalid_value', path, argument }));
    }
  });
});
