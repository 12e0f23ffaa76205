/**
 * Issue 9, item 9 (class: user-named keys). Every name a caller chooses (underlyings, symbols,
 * assets, the settlement coin, account ids, risk units, vol shocks, user and joint scenarios, joint
 * sets, haircut keys, `rangeByUnderlying` / `byUnderlying` keys, settlement-price keys, supplied
 * risk-array keys) may be spelled like an Object.prototype member. Every public entry point must
 * then return exactly what it returns for the same book with ordinary names (a rename map), never a
 * TypeError and never another result. Expected values: the same call on the renamed book (a
 * property: renaming is a symmetry of the methodology), not figures pasted from our own output.
 */
import { describe, expect, it } from 'vitest';
import * as L from '../../src/index.js';
import {
  namedBook,
  namedCollateralParams,
  namedIsolatedBook,
  namedJointParams,
  namedMarket,
  namedPortfolioParams,
  namedSmallBook,
  namedStandardParams,
  PROTOTYPE_NAMES,
} from './userNames.js';

/** JSON with Maps as entry lists, typed arrays as arrays and Decimals as strings: parsed values and risk arrays compare too. */
function text(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (x instanceof Map) return { map: [...x.entries()] };
    if (x instanceof Set) return { set: [...x] };
    if (ArrayBuffer.isView(x)) return Array.from(x as Float64Array);
    if (L.D.isDecimal(x)) return `D:${(x as L.Decimal).toFixed()}`;
    return x;
  });
}

/** Every public entry point that takes a user-named key, run on the book built from name `n`. */
function runAll(n: string): [string, string][] {
  const market = namedMarket(n);
  const book = namedBook(n);
  const iso = namedIsolatedBook(n);
  const small = namedSmallBook(n);
  const pm = namedPortfolioParams(n);
  const joint = namedJointParams(n);
  const std = namedStandardParams(n);
  const col = namedCollateralParams(n);
  const trades = [{ symbol: n, quantity: '-0.5' }, { symbol: `${n}-P90000`, quantity: '2' }, { symbol: `${n}-INV`, quantity: '300', fee: '1' }];
  const out: [string, string][] = [];
  const call = (name: string, f: () => unknown) => {
    let r: unknown;
    try {
      r = f();
    } catch (e) {
      // A MarginInputError is a result too (it must then be the same for both names); anything else fails the test.
      if (!(e instanceof L.MarginInputError)) throw new Error(`${name} threw ${String(e)}`, { cause: e });
      r = { error: e.issues };
    }
    out.push([name, text(r)]);
  };
  const params: [string, L.MarginParametersInput][] = [...Object.entries(L.PRESETS), ['named-pm', pm], ['named-joint', joint], ['named-standard', std]];
  for (const [id, p] of params) {
    call(`computeMargin ${id}`, () => L.computeMargin(book, market, p));
    call(`computeMargin isolated ${id}`, () => L.computeMargin(iso, market, p));
    call(`assessAccount ${id}`, () => L.assessAccount(iso, market, p));
    call(`safeAssessAccount ${id}`, () => L.safeAssessAccount(book, market, p));
    call(`buildScenarioSet ${id}`, () => L.buildScenarioSet(p, market));
  }
  // The engine values every listed instrument (one unheld listing once made it throw for every account).
  for (const [id, p] of [['deribit-standard', L.PRESETS['deribit-standard']], ['named-pm', pm], ['named-joint', joint], ['named-standard', std]] as const) {
    call(`engine ${id}`, () => {
      const e = L.createMarginEngine(market, p);
      const before = e.assess(book);
      return [before, e.margin(iso), e.simulate(book, trades, before), [...e.assessEach([book, iso])], e.withPrices({ ...market, instruments: undefined }).assess(book)];
    });
  }
  // The liquidation tools revalue shifted markets built from the names (shiftUnderlying): one set each.
  call('liquidationPrices', () => L.liquidationPrices(small, market, pm));
  call('reductionPlan', () => L.reductionPlan(small, market, joint));
  for (const [id, p] of [['named-pm', pm], ['named-standard', std]] as const) call(`simulate ${id}`, () => L.simulate(book, trades, market, p));
  call('compareMarginModes', () => L.compareMarginModes(iso, market, { standard: std, portfolio: pm }));
  call('netExposure', () => L.netExposure(book, market));
  call('valueCollateral', () => L.valueCollateral(book, market, col, 2));
  call('accountEquity', () => L.accountEquity(iso, market, col, 2));
  call('risk arrays', () => {
    const set = L.buildScenarioSet(joint, market);
    const arrays = L.buildRiskArrays(market, set);
    const some = L.buildRiskArrays(market, set, [n, `${n}-INV`, `${n}-P90000`]);
    return [arrays, some, L.marginFromRiskArrays(book, market, arrays, joint)];
  });
  call('suppliedRiskArrays', () => {
    const set = L.buildScenarioSet(pm, market);
    const k = set.scenarios.length;
    const arrays = L.suppliedRiskArrays(market, set, {
      instruments: { [n]: Array.from({ length: k }, (_, i) => (i - k / 2) * 100) },
      assets: { [n]: Array.from({ length: k }, (_, i) => (i - k / 2) * 50) },
      deltas: { [n]: 1, [`${n}-INV`]: 0.5 },
    });
    const small = { accountId: n, settlementCurrency: 'USDC', positions: [{ symbol: n, quantity: '2' }], collateral: [{ asset: n, balance: '1' }] };
    return [arrays, L.marginFromRiskArrays(small, market, arrays, pm)];
  });
  call('settleExpired by underlying', () => L.settleExpired(book, namedMarket(n, '2026-12-26T00:00:00Z'), { [n]: '101000' }));
  call('settleExpired by symbol', () => L.settleExpired(book, namedMarket(n, '2026-12-26T00:00:00Z'), { [`${n}-25DEC26`]: '101000', [`${n}-C100000`]: '99000', [`${n}-C110000`]: '99000', [`${n}-P90000`]: '99000', [`${n}-INV-C`]: '99000', 'ETH-P3000': '2900' }));
  call('parse', () => [
    L.parsePortfolio(iso),
    L.parseMarket(market),
    L.parseMarketPrices({ ...market, instruments: undefined }),
    L.withPrices(market, { ...market, instruments: undefined }),
    L.parseMarginParameters(pm),
    L.parseMarginParameters(joint),
    L.parseHealthParameters(pm.health),
    L.parseCollateralParameters(col),
  ]);
  call('adlRanking', () => L.adlRanking([{ accountId: n, unrealizedPnl: '10', entryNotional: '100', markNotional: '110', equity: '50' }, { accountId: 'A', unrealizedPnl: '5', entryNotional: '100', markNotional: '105', equity: '50' }]));
  return out;
}

describe('names spelled like Object.prototype members behave like any other name (issue 9, item 9)', () => {
  // Issue 9 item 9's repro: an underlying named like a prototype member under deribit-standard
  // crashed (TypeError reading 'plus'); under deribit-pm it was invalid_parameters; one unheld
  // listing made createMarginEngine throw for every account.
  it('repro: an underlying named "constructor" under deribit-standard and deribit-pm', () => {
    const market = namedMarket('constructor');
    const book = namedBook('constructor');
    expect(() => L.computeMargin(book, market, L.PRESETS['deribit-standard'])).not.toThrow();
    expect(() => L.computeMargin(book, market, L.PRESETS['deribit-pm'])).not.toThrow();
    expect(() => L.createMarginEngine(market, L.PRESETS['deribit-pm']).assess({ accountId: 'A', settlementCurrency: 'USDC', positions: [], collateral: [] })).not.toThrow();
  });

  // One ordinary twin serves every name: 'qname' sorts against every other name of the book as each
  // prototype name does (all other names start upper case), so only the spelling differs.
  const ordinary = 'qname';
  let twinCache: [string, string][] | undefined;
  for (const name of PROTOTYPE_NAMES) {
    it(`every entry point: "${name}" gives the result of an ordinary name`, () => {
      const hostile = runAll(name);
      const twin = (twinCache ??= runAll(ordinary));
      expect(hostile.map(([k]) => k)).toEqual(twin.map(([k]) => k));
      hostile.forEach(([k, v], i) => {
        expect(v, k).toBe(twin[i]![1].split(ordinary).join(name));
      });
    });
  }
});
