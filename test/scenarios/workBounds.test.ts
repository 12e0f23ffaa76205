import type { MarginParametersInput } from '../../src/index.js';
import { describe, expect, it } from 'vitest';
import {
  buildScenarioSet,
  computeMargin,
  createMarginEngine,
  LIMITS,
  parseMarginParameters,
  parseMarket,
  PRESETS,
} from '../../src/index.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';
import { thrown } from '../helpers/thrown.js';

// Issue 9, item 15 (scenario part): LIMITS.maxScenarios was defined and never checked (two joint sets
// of 100,000 user scenarios built 200,003 scenarios), and every scenario stored a move for every
// listed underlying, so 500 extra underlyings x a 64 x 64 grid took seconds for any account. Now the
// bound is enforced before any scenario is parsed or built, price points are computed once and shared
// by their vol states, user scenarios list only what they move, moves are compiled only for the
// underlyings the instruments valued need, and a result lists the moves of the account's underlyings.


const user = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, moves: { BTC: '-0.01' } }));


describe('the scenario bound is enforced before the work starts (issue 9, item 15)', () => {
  it('repro: two joint sets of 100,000 user scenarios are too_many, at the set that crosses the bound', () => {
    const p = {
      ...structuredClone(PRESETS['deribit-pm-2023']),
      id: 'two-joint',
      riskUnits: [{ id: 'A', underlyings: ['BTC'] }, { id: 'B', underlyings: ['ETH'] }],
      joint: [
        { id: 'j1', units: ['A'], scenarios: user(100_000, 'a') },
        { id: 'j2', units: ['B'], scenarios: user(100_000, 'b') },
      ],
    };
    const e = thrown(() => computeMargin(sampleBook(), sampleMarket(), p));
    expect(e.issues.map((i) => [i.code, i.argument, i.path])).toEqual([['too_many', 'params', ['joint', 0, 'scenarios']]]);
  });

  it('the bound counts every block: (2 x steps + 1) x vol states + tails + user, the IM block and the joint sets', () => {
    const base = structuredClone(PRESETS['deribit-pm-2023']) as any;
    // 35 (mm: 9 x 3 + 8 tails) + 35 (im, the same spec) + the joint set: refused from 100,000 - 69 on.
    const at = (n: number) => ({ ...base, id: `n${n}`, initialMargin: { multiplier: '1.3', scenarios: base.scenarios }, riskUnits: [{ id: 'A', underlyings: ['BTC'] }], joint: [{ id: 'j', units: ['A'], scenarios: user(n, 'u') }] });
    expect(thrown(() => parseMarginParameters(at(LIMITS.maxScenarios - 69))).issues.map((i) => [i.code, i.path])).toEqual([['too_many', ['joint', 0, 'scenarios']]]);
    // Below the bound the count is the set's size (checked on a small one: parsing 99,930 scenarios is slow).
    expect(buildScenarioSet(at(1000), sampleMarket()).scenarios.length).toBe(35 + 35 + 1000);
  });
});

describe('the work grows with what the account holds, not with what the market lists (issue 9, item 15)', () => {
  /** The sample market plus 500 underlyings nobody holds. */
  function wideMarket() {
    const m = sampleMarket();
    for (let i = 0; i < 500; i++) m.underlyings[`X${String(i).padStart(3, '0')}`] = { index: String(100 + i) };
    return m;
  }
  const grid = () => {
    const p = structuredClone(PRESETS['deribit-pm-2023']) as any;
    p.id = 'wide-grid';
    p.scenarios.priceSteps = 64;
    // 64 vol states: unchanged, deribit's 'up' (the tails use it), and 62 absolute shocks.
    p.scenarios.volShocks = Array.from({ length: 64 }, (_, i) => (i === 0 ? { id: 'none', kind: 'none' } : i === 1 ? { id: 'up', kind: 'relative', size: '0.5' } : { id: `v${i}`, kind: 'absolute', size: String(i / 100) }));
    return p;
  };

  it('repro: 500 extra underlyings x a 64-step x 64-state grid: the result lists the account’s moves only', () => {
    const book = { ...sampleBook(), positions: [{ symbol: 'BTC-PERP', quantity: '1' }], collateral: [{ asset: 'USDC', balance: '1000' }] };
    const m = parseMarket(wideMarket());
    const p = parseMarginParameters(grid());
    const r = computeMargin(book, m, p);
    // Hand calculation: 1 BTC-PERP at 100,050, worst move of the 16% grid -16%: 16,008; the tails move
    // BTC by -66% at weight 0.16/0.66: 66,033 x 0.16 / 0.66 = 16,008 as well (the grid comes first).
    expect(r.maintenanceMargin).toBe('16008');
    expect(Object.keys(r.units[0]!.scanRisk!.scenario!.moves)).toEqual(['BTC']);
    expect(JSON.stringify(createMarginEngine(m, p).margin(book))).toBe(JSON.stringify(r));
  });

  it('price points are shared by their vol states; user scenarios list only the underlyings they move', () => {
    const set = buildScenarioSet(grid(), sampleMarket());
    expect(set.scenarios.length).toBe(129 * 64 + 8);
    expect(set.scenarios[0]!.moves).toBe(set.scenarios[63]!.moves); // one object per price point
    expect(set.scenarios[0]!.moves).not.toBe(set.scenarios[64]!.moves);
    const withUser = { ...structuredClone(PRESETS['deribit-pm']), id: 'u', scenarios: { ...structuredClone(PRESETS['deribit-pm']).scenarios, user: [{ id: 'crash', moves: { BTC: '-0.3', ETH: '-0.4' } }] } } as MarginParametersInput;
    const s2 = buildScenarioSet(withUser, wideMarket());
    const crash = s2.scenarios.find((s) => s.id === 'user:crash')!;
    expect(crash.moves).toEqual({ BTC: '-0.3', ETH: '-0.4' });
    expect(crash.label).toBe('BTC -30%, ETH -40%, vol same');
  });

  it('a result names the moves of the underlyings the account touches (positions, settlement coins, scanned collateral), in the set’s order', () => {
    const m = wideMarket();
    const onlyEth = { ...sampleBook(), positions: [{ symbol: 'ETH-PERP', quantity: '-3' }], collateral: [{ asset: 'USDC', balance: '100000' }] };
    expect(Object.keys(computeMargin(onlyEth, m, PRESETS['deribit-pm']).units[0]!.scanRisk!.scenario!.moves)).toEqual(['ETH']);
    // BTC collateral moves in deribit-pm's scenarios: BTC is touched too.
    const withBtc = { ...onlyEth, collateral: [{ asset: 'BTC', balance: '1' }] };
    const r = computeMargin(withBtc, m, PRESETS['deribit-pm']);
    for (const u of r.units) expect(Object.keys(u.scanRisk!.scenario!.moves)).toEqual(['BTC', 'ETH']);
    // The sample book touches BTC and ETH, the market's own two: its output is unchanged by the change.
    expect(Object.keys(computeMargin(sampleBook(), sampleMarket(), PRESETS['deribit-pm']).units[0]!.scanRisk!.scenario!.moves)).toEqual(['BTC', 'ETH']);
  });
});
