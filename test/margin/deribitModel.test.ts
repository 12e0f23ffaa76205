import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRiskArrays, buildScenarioSet, settlementUnderlying, suppliedRiskArrays } from '../../src/scenarios/index.js';
import { shockVol } from '../../src/scenarios/shockVol.js';
import { computeMargin, marginFromRiskArrays, parseMarginParameters, riskMatrix } from '../../src/margin/index.js';
import { holdingUnitPrice } from '../../src/margin/holdingUnitPrice.js';
import { DERIBIT_PORTFOLIO_MARGIN } from '../../src/presets/index.js';
import { fromDeribitModelParams } from '../../src/presets/fromDeribitModelParams.js';
import { MarginInputError } from '../../src/schema/MarginInputError.js';
import { D } from '../../src/numeric/decimal.js';
import { parseMarket } from '../../src/schema/parse.js';
import { ASOF, option, perp } from './fixtures.js';
import type { MarketSnapshotInput } from '../../src/schema/marketSchema.js';
import type { MarginParametersInput } from '../../src/margin/MarginParametersSchema.js';
import type { ScenarioSpecInput } from '../../src/scenarios/ScenarioSpec.js';

// Deribit's 2024 portfolio margin mechanisms as general parts of the parameter model (issue 13). Every
// expected figure is a hand calculation written beside it, or Deribit's published example (the golden
// case test/golden/margin-deribit-pm-doc-example, whose input.json holds the documented model_params).

const DOC = JSON.parse(readFileSync(join(__dirname, '..', 'golden', 'margin-deribit-pm-doc-example', 'input.json'), 'utf8'));
const DOC_PARAMS = DOC.args[2].args[0];
const BTC = { indexName: 'btc_usd', currency: 'BTC' };
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

function issueOf(f: () => unknown): { code: string; path: (string | number)[]; argument?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof MarginInputError) return e.issues[0]!;
    throw e;
  }
  throw new Error('no error');
}

describe('fromDeribitModelParams', () => {
  it("on the documented example's model_params gives the deribit-pm preset (its defaults are that example)", () => {
    const out = fromDeribitModelParams(DOC_PARAMS, BTC) as Record<string, unknown>;
    const { id, version, source, echo, ...rest } = out;
    const { id: pid, version: pv, source: ps, ...preset } = clone(DERIBIT_PORTFOLIO_MARGIN) as Record<string, unknown>;
    expect([id, pid]).toEqual(['deribit-pm', 'deribit-pm']);
    expect(version).toBe('deribit-1718619740501');
    expect(pv).toBe('2024-06-17');
    expect(String(source)).toContain('https://docs.deribit.com/api-reference/account-management/private-simulate');
    expect(String(ps)).toContain('https://docs.deribit.com/api-reference/account-management/private-simulate');
    expect(rest).toEqual(preset);
    // Nothing dropped: the cross-margin-only keys of btc and the whole usd entry are echoed, by path.
    const e = echo as { unknown: unknown[]; notUsed: { path: string; value: string }[] };
    expect(e.unknown).toEqual([]);
    expect(e.notUsed.map((x) => x.path)).toEqual([
      'currency.btc.correlation_set',
      'currency.btc.equity_side_impact',
      'currency.btc.haircut',
      'currency.usd.annualised_move_risk',
      'currency.usd.correlation_set',
      'currency.usd.equity_side_impact',
      'currency.usd.extended_dampener',
      'currency.usd.haircut',
      'currency.usd.max_offsetable_pnl',
      'currency.usd.min_annualised_move',
      'currency.usd.pnl_offset',
    ]);
    expect(e.notUsed.find((x) => x.path === 'currency.usd.extended_dampener')!.value).toBe('25000');
    expect(e.notUsed.find((x) => x.path === 'currency.btc.equity_side_impact')!.value).toBe('both');
  });

  it('reads exponent notation exactly (changelog 03.12.2024: 64000 may come as 6.4e4), as a number or as text', () => {
    const mp = clone(DOC_PARAMS);
    mp.currency_pair.btc_usd.m_inc = 5e-5;
    mp.currency_pair.btc_usd.delta_total_liq_shock_threshold = '2e7';
    mp.currency.btc.extended_dampener = 1e5;
    mp.currency.btc.annualised_move_risk = '7.5E-2';
    const out = fromDeribitModelParams(mp, BTC) as { addOns: { deltaShock: { incrementPerUnit: string; threshold: string }; rollShock: { annualisedMoveRisk: string } }; scenarios: { aggregate: { dampener: { amount: string } } } };
    expect(out.addOns.deltaShock.incrementPerUnit).toBe('0.00005');
    expect(out.addOns.deltaShock.threshold).toBe('20000000');
    expect(out.scenarios.aggregate.dampener.amount).toBe('100000');
    expect(out.addOns.rollShock.annualisedMoveRisk).toBe('0.075');
  });

  it('keeps unknown keys in the echo, sorted by path, and never uses them', () => {
    const mp = clone(DOC_PARAMS);
    mp.general.new_field = 7;
    mp.currency_pair.btc_usd.extended_moves = [-0.66, 5];
    mp.later_group = { x: true };
    const out = fromDeribitModelParams(mp, BTC);
    expect(out.echo?.unknown).toEqual([
      { path: 'currency_pair.btc_usd.extended_moves', value: '[-0.66,5]' },
      { path: 'general.new_field', value: '7' },
      { path: 'later_group.x', value: 'true' },
    ]);
    // Margin results carry the echo.
    const r = computeMargin(
      { accountId: 'a', settlementCurrency: 'USDC', positions: [], collateral: [] },
      { asOf: ASOF, settlementCurrency: 'USDC', instruments: [], underlyings: {}, marks: {}, assets: {} },
      out,
    );
    expect(r.paramsEcho?.unknown.map((x) => x.path)).toEqual(['currency_pair.btc_usd.extended_moves', 'general.new_field', 'later_group.x']);
  });

  it('refuses what it cannot read, with paths into model_params, never a default', () => {
    const without = clone(DOC_PARAMS);
    delete without.currency_pair.btc_usd.price_range;
    expect(issueOf(() => fromDeribitModelParams(without, BTC))).toMatchObject({ code: 'missing_field', path: ['currency_pair', 'btc_usd', 'price_range'], argument: 'modelParams' });
    const bad = clone(DOC_PARAMS);
    bad.currency.btc.min_annualised_move = 'one percent';
    expect(issueOf(() => fromDeribitModelParams(bad, BTC))).toMatchObject({ code: 'invalid_decimal', path: ['currency', 'btc', 'min_annualised_move'] });
    const offset = clone(DOC_PARAMS);
    offset.currency.btc.pnl_offset = 1.5;
    expect(issueOf(() => fromDeribitModelParams(offset, BTC))).toMatchObject({ code: 'invalid_value', path: ['currency', 'btc', 'pnl_offset'] });
    const states = clone(DOC_PARAMS);
    states.general.vol_scenarios_count = 5;
    expect(issueOf(() => fromDeribitModelParams(states, BTC))).toMatchObject({ code: 'invalid_value', path: ['general', 'vol_scenarios_count'] });
    const range = clone(DOC_PARAMS);
    range.currency_pair.btc_usd.price_range = 1;
    expect(issueOf(() => fromDeribitModelParams(range, BTC))).toMatchObject({ code: 'invalid_value', path: ['currency_pair', 'btc_usd', 'price_range'] });
    const side = clone(DOC_PARAMS);
    side.currency.btc.equity_side_impact = 'upside_only';
    expect(issueOf(() => fromDeribitModelParams(side, BTC))).toMatchObject({ code: 'invalid_value', path: ['currency', 'btc', 'equity_side_impact'] });
    expect(issueOf(() => fromDeribitModelParams(DOC_PARAMS, { indexName: 'eth_usd', currency: 'BTC' }))).toMatchObject({ code: 'missing_field', path: ['currency_pair', 'eth_usd'] });
    expect(issueOf(() => fromDeribitModelParams(DOC_PARAMS, { indexName: 'btc_usd', currency: 'ETH' }))).toMatchObject({ code: 'missing_field', path: ['currency', 'eth'] });
    expect(issueOf(() => fromDeribitModelParams(DOC_PARAMS, { indexName: 7 } as never))).toMatchObject({ argument: 'options' });
    expect(issueOf(() => fromDeribitModelParams('model_params', BTC))).toMatchObject({ code: 'invalid_type', argument: 'modelParams' });
  });

  // Round 33, ktest33: Deribit publishes values of price_range and the vol ranges, not bounds (see the
  // TSDoc's "Value ranges"), so the converter refuses only where the model has no meaning.
  it('accepts price_range 0 (a vol-only scan) and volatility_range_down above 1 (the down vol floored at 0)', () => {
    const flat = clone(DOC_PARAMS);
    flat.currency_pair.btc_usd.price_range = 0;
    const f = fromDeribitModelParams(flat, BTC);
    expect(f.scenarios!.priceRange).toEqual({ kind: 'relative', range: '0' });
    // The grid's 2 x 4 + 1 moves are k x 0 / 4 = 0, under each of the 3 vol states; each extended move's
    // P&L scale is price_range / |move| x factor 1 = 0 / |move|.
    const set = buildScenarioSet(f, DOC.args[1]);
    const grid = set.scenarios.filter((x) => x.kind === 'grid');
    expect(grid.length).toBe(27);
    expect(grid.every((x) => x.moves.BTC === '0')).toBe(true);
    const tails = set.scenarios.filter((x) => x.kind === 'tail');
    expect(tails.map((x) => x.pnlScale!.BTC![0])).toEqual(Array(8).fill('0'));
    const deep = clone(DOC_PARAMS);
    deep.currency_pair.btc_usd.volatility_range_down = 1.5;
    const d = fromDeribitModelParams(deep, BTC);
    const down = d.scenarios!.volShocks!.find((v) => v.id === 'down')!;
    expect(down).toMatchObject({ kind: 'relative', size: '-1.5', termScaled: true });
    // At 30 days the term scale is (30 / 30)^p = 1: iv 0.6 x (1 - 1.5) = -0.3, floored at 0.
    const shock = buildScenarioSet(d, DOC.args[1]).scenarios.find((x) => x.kind === 'grid' && x.volShock.id === 'down')!.volShock;
    expect(shockVol(0.6, 30, shock)).toBe(0);
    // And the documented 0.25: 0.6 x (1 - 0.25) = 0.45 at 30 days (0.6 x 0.75 in floats).
    const doc = buildScenarioSet(fromDeribitModelParams(DOC_PARAMS, BTC), DOC.args[1]).scenarios.find((x) => x.kind === 'grid' && x.volShock.id === 'down')!.volShock;
    expect(shockVol(0.6, 30, doc)).toBe(0.6 * 0.75);
  });

  // Round 32, kdef2: the echo walked every unused key recursively, so a value nested 20,000 levels deep
  // (a JSON reader builds one; JSON.parse does) overflowed the stack (RangeError), and a cyclic object
  // (a caller's, not JSON) did too, or threw a TypeError from JSON.stringify inside an array. Now both
  // are refused at their path, before anything else is read.
  it('a value nested deeper than 64 levels, or a cycle, is refused with its path, not a stack overflow', () => {
    const deep = clone(DOC_PARAMS);
    deep.extra = JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000));
    const i = issueOf(() => fromDeribitModelParams(deep, BTC));
    expect(i).toMatchObject({ code: 'invalid_value', argument: 'modelParams' });
    // extra + 64 levels of "a": the 65th level is the first one refused.
    expect(i.path).toEqual(['extra', ...Array(64).fill('a')]);
    const arr = clone(DOC_PARAMS);
    arr.currency.btc.extra = JSON.parse('['.repeat(20_000) + ']'.repeat(20_000));
    expect(issueOf(() => fromDeribitModelParams(arr, BTC))).toMatchObject({ code: 'invalid_value', path: ['currency', 'btc', 'extra', ...Array(62).fill(0)] });
    const cyclic = clone(DOC_PARAMS);
    cyclic.general.self = cyclic;
    expect(issueOf(() => fromDeribitModelParams(cyclic, BTC))).toMatchObject({ code: 'invalid_value', argument: 'modelParams' });
    const cyclicArray = clone(DOC_PARAMS);
    const loop: unknown[] = [];
    loop.push(loop);
    cyclicArray.notes = [loop];
    expect(issueOf(() => fromDeribitModelParams(cyclicArray, BTC))).toMatchObject({ code: 'invalid_value', argument: 'modelParams' });
    const cyclicNumber = clone(DOC_PARAMS);
    cyclicNumber.currency_pair.btc_usd.price_range = cyclicNumber;
    expect(issueOf(() => fromDeribitModelParams(cyclicNumber, BTC))).toMatchObject({ code: 'invalid_value', argument: 'modelParams' });
    // 64 levels are read, and kept in the echo like any unknown key.
    const ok = clone(DOC_PARAMS);
    ok.extra = JSON.parse('{"a":'.repeat(63) + '1' + '}'.repeat(63));
    const echo = fromDeribitModelParams(ok, BTC).echo?.unknown;
    expect(echo).toEqual([{ path: 'extra' + '.a'.repeat(63), value: '1' }]);
  });

  it('stablecoin accounts settle at 6 decimals, coins at 9', () => {
    expect((fromDeribitModelParams(DOC_PARAMS, { indexName: 'btc_usd', currency: 'USD' }) as { settlementPrecision: number }).settlementPrecision).toBe(6);
    expect((fromDeribitModelParams(DOC_PARAMS, BTC) as { settlementPrecision: number }).settlementPrecision).toBe(9);
  });
});

describe('a second Deribit response: a live ETH capture (third-party, secondary evidence)', () => {
  // A private/pme/simulate exchange of 2026-02-15 (ETH, simulated position ETH-PERPETUAL -1) that a third
  // party captured and published in a public repository: not Deribit documentation, used only as an
  // extra check (its pnl_offset is 0.6, the documented example's 0). Published: ETH-PERPETUAL
  // -0.999487053 ETH at mark 1,949.49, index 1,949.34, timestamp 1771197609587; worst case
  // 0.15246412672881357 (bucket 9, right: +18%), roll shock 0.004997435265, risk-matrix margin
  // 0.157461562265, maintenance margin 0.125969249812; aggregated standard[0] = 0.6 x 0.21939959699999997
  // = 0.13163975819999998; every extended aggregated entry 0.
  const model = {
    general: { timestamp: 1771197609587, mm_factor: 0.8, buckets_count: 4, vol_scenarios_count: 3 },
    currency: {
      eth: { min_annualised_move: 0.005, annualised_move_risk: 0.05, pnl_offset: 0.6, correlation_set: false, equity_side_impact: 'both', haircut: 0, extended_dampener: 200000, max_offsetable_pnl: 20000000 },
      usd: { min_annualised_move: 0.01, annualised_move_risk: 0.1, pnl_offset: 0.4, correlation_set: false, equity_side_impact: 'none', haircut: 0, extended_dampener: 25000, max_offsetable_pnl: 1000000 },
    },
    currency_pair: {
      eth_usd: { price_range: 0.18, m_inc: 0.000004, delta_total_liq_shock_threshold: 20000000, max_delta_shock: 0.1, min_volatility_for_shock_up: 0.5, volatility_range_up: 0.4, volatility_range_down: 0.25, extended_table_factor: 1, short_term_vega_power: 0.3, long_term_vega_power: 0.13 },
    },
  };
  it('reproduces worst case, roll shock, IM and MM within 1e-8 ETH, and the offset aggregated vector', () => {
    const params = fromDeribitModelParams(model, { indexName: 'eth_usd', currency: 'ETH' });
    const market: MarketSnapshotInput = {
      asOf: '2026-02-15T23:20:09.587Z',
      settlementCurrency: 'ETH',
      instruments: [{ symbol: 'ETH-PERPETUAL', kind: 'future', underlying: 'ETH', quoteCurrency: 'USD', settlementCurrency: 'ETH', settlement: 'inverse', contractSize: '1' }],
      underlyings: { ETH: { index: '1949.34' } },
      marks: { 'ETH-PERPETUAL': { price: '1949.49' } },
      assets: {},
    };
    // -0.999487053 ETH x 1,949.49 = -1,948.49001495297 USD of 1-USD contracts (exact product)
    const quantity = new D('-0.999487053').mul('1949.49').toFixed();
    expect(quantity).toBe('-1948.49001495297');
    const r = computeMargin({ accountId: 'eth', settlementCurrency: 'ETH', positions: [{ symbol: 'ETH-PERPETUAL', quantity }], collateral: [] }, market, params);
    const u = r.units[0]!;
    expect(new D(u.scanRisk!.amount).minus('0.15246412672881357').abs().lte('1e-16')).toBe(true);
    expect(u.scanRisk!.scenario!.moves).toEqual({ ETH: '0.18' });
    expect(u.addOns[0]).toMatchObject({ name: 'rollShock', amount: '0.004997435265' });
    expect(new D(r.initialMargin).minus('0.157461562265').abs().lte('1e-8')).toBe(true);
    expect(new D(r.maintenanceMargin).minus('0.125969249812').abs().lte('1e-8')).toBe(true);
    expect(Math.abs(u.aggregatedVector![0]! - 0.13163975819999998)).toBeLessThanOrEqual(1e-16);
    const rm = riskMatrix({ accountId: 'eth', settlementCurrency: 'ETH', positions: [{ symbol: 'ETH-PERPETUAL', quantity }], collateral: [] }, market, params);
    expect(Math.abs(rm.units[0]!.positions[0]!.pnl[0]! - 0.21939959699999997)).toBeLessThanOrEqual(1e-16);
    // pre_aggregated_risk_vectors: the unit's vector before the offset (one instrument: its own vector)
    expect(rm.units[0]!.vector).toEqual(rm.units[0]!.positions[0]!.pnl);
    expect(rm.units[0]!.aggregated).toEqual(u.aggregatedVector);
    expect(rm.scenarios.slice(0, 3)).toEqual(['grid:-4/4:up', 'grid:-4/4:same', 'grid:-4/4:down']);
    expect(rm.scenarios[27]).toBe('tail:-0.66:up');
    expect(u.aggregatedVector!.slice(27)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('coin-settled accounts: every add-on and charge in the settlement coin (no USD passed off as BTC)', () => {
  // BTC-settled, no USD price anywhere. BTC index 50,000 USD; an ETH index of 2,500 USD and 2 ETH of
  // collateral priced 0.05 BTC, tied to ETH. Contracts of 10 USD: 100,000 perpetuals at 50,000 are
  // 1,000,000 USD = 20 BTC long; -50,000 Dec-26 futures at 50,000 are 10 BTC short; 3 short inverse
  // puts of 1 BTC.
  const market: MarketSnapshotInput = {
    asOf: ASOF,
    settlementCurrency: 'BTC',
    instruments: [
      { symbol: 'BTC-PERPETUAL', kind: 'future', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '10' },
      { symbol: 'BTC-25DEC26', kind: 'future', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '10', expiry: '2026-12-25T08:00:00Z' },
      { symbol: 'BTC-25DEC26-40000-P', kind: 'option', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '1', expiry: '2026-12-25T08:00:00Z', right: 'put', strike: '40000' },
    ],
    underlyings: { BTC: { index: '50000', forwards: { '2026-12-25T08:00:00Z': '50000' } }, ETH: { index: '2500' } },
    marks: { 'BTC-PERPETUAL': { price: '50000' }, 'BTC-25DEC26': { price: '50000' }, 'BTC-25DEC26-40000-P': { iv: '0.6' } },
    assets: { ETH: { price: '0.05', underlying: 'ETH' } },
  };
  const book = {
    accountId: 'coin',
    settlementCurrency: 'BTC',
    positions: [
      { symbol: 'BTC-PERPETUAL', quantity: '100000' },
      { symbol: 'BTC-25DEC26', quantity: '-50000' },
      { symbol: 'BTC-25DEC26-40000-P', quantity: '-3' },
    ],
    collateral: [{ asset: 'ETH', balance: '2' }],
  };
  const params: MarginParametersInput = {
    id: 'coin-addons',
    version: '1',
    source: 'hand calculation',
    mode: 'portfolio',
    settlementPrecision: 9,
    scenarios: { priceRange: { kind: 'relative', range: '0.01' }, priceSteps: 1, volShocks: [{ id: 'same', kind: 'none' }] },
    collateralInScenarios: false,
    addOns: {
      futuresContingency: { rate: '0.01' },
      calendarSpread: { rate: '0.01' },
      concentration: { measure: 'grossNotional', bands: [{ upTo: '10', multiplier: '1' }, { multiplier: '2' }] },
      shortOptionMinimum: { rate: '0.01' },
      nakedShortOption: { rate: '0.02' },
      rollShock: { minAnnualisedMove: '0.01', annualisedMoveRisk: '0.075' },
      deltaShock: { threshold: '100000', incrementPerUnit: '0.001', max: '0.1', includeOptions: false },
    },
    collateralCharges: { assets: {}, tied: { maintenance: '0.1', initial: '0.2', basis: 'index' } },
  };
  it('the BTC settlement coin is the BTC underlying (implied by its inverse instruments), so one BTC of exposure is worth 1 BTC', () => {
    const m = parseMarket(market);
    expect(settlementUnderlying(m)).toBe('BTC');
    expect(holdingUnitPrice(m, m.instruments.get('BTC-PERPETUAL')!).toString()).toBe('1');
    expect(holdingUnitPrice(m, m.instruments.get('BTC-25DEC26-40000-P')!).toString()).toBe('1');
  });
  it('each add-on by hand, in BTC', () => {
    const r = computeMargin(book, market, params);
    const u = r.units.find((x) => x.unit === 'BTC')!;
    const amount = (name: string) => u.addOns.find((a) => a.name === name)!.amount;
    // futures 20 + 10 BTC gross x 0.01 x 1 BTC = 0.3 (before: x the 50,000 USD index, 15,000 "BTC")
    expect(amount('futuresContingency')).toBe('0.3');
    // buckets perpetual +20, Dec -10: min = 10 x 0.01 = 0.1
    expect(amount('calendarSpread')).toBe('0.1');
    // gross notional 20 + 10 futures + 3 options = 33 BTC; banded 10 x 1 + 23 x 2 = 56: add-on 56 - 33 = 23
    expect(amount('concentration')).toBe('23');
    // 3 net short puts x 0.01 = 0.03; naked (net futures long, so no put cover): 3 x 0.02 = 0.06
    expect(amount('shortOptionMinimum')).toBe('0.03');
    expect(amount('nakedShortOption')).toBe('0.06');
    // roll: Dec T = 26 days = 0.0712 y, 0.075 T = 0.00534 < 0.01: (20 + 10) x 0.01 = 0.3 (options off)
    expect(amount('rollShock')).toBe('0.3');
    // delta: D = 20 - 10 = 10 BTC; threshold 100,000 USD / 50,000 = 2 BTC; excess 8; rate min(0.008, 0.1):
    // 10 x 0.008 x 1 = 0.08
    expect(amount('deltaShock')).toBe('0.08');
    // ETH collateral, basis 'index': 2 ETH x 2,500 USD / 50,000 (the BTC coin's index) = 0.1 BTC; value
    // 2 x 0.05 = 0.1; MM charge 0.1 - 0.9 x 0.1 = 0.01; IM charge 0.1 - 0.8 x 0.1 = 0.02
    // (before: basis 2 x 2,500 = 5,000 "BTC", a charge of -4,499.9)
    expect(r.collateralCharges!.mm).toBe('0.01');
    expect(r.collateralCharges!.im).toBe('0.02');
  });
  it('a declared tie (assets.BTC = { price: 1, underlying }) gives the same; an ambiguous one is an error naming the path', () => {
    const declared = { ...market, assets: { ...market.assets, BTC: { price: '1', underlying: 'BTC' } } };
    expect(settlementUnderlying(parseMarket(declared))).toBe('BTC');
    const two = { ...market, instruments: [...market.instruments, { symbol: 'ETH-PERPETUAL', kind: 'future', underlying: 'ETH', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '1' }] };
    expect(issueOf(() => settlementUnderlying(parseMarket(two)))).toMatchObject({ code: 'invalid_value', path: ['assets', 'BTC', 'underlying'], argument: 'market' });
  });
  it('a quote currency without a price is missing_asset_price, never par', () => {
    const m = parseMarket({
      ...market,
      instruments: [{ symbol: 'BTC-USDC-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }],
      marks: { 'BTC-USDC-PERP': { price: '50000' } },
    });
    expect(issueOf(() => holdingUnitPrice(m, m.instruments.get('BTC-USDC-PERP')!))).toMatchObject({ code: 'missing_asset_price', path: ['assets', 'USDC'], argument: 'market' });
    expect(issueOf(() => computeMargin({ accountId: 'x', settlementCurrency: 'BTC', positions: [{ symbol: 'BTC-USDC-PERP', quantity: '1' }], collateral: [] }, m, params))).toMatchObject({ code: 'missing_asset_price', path: ['assets', 'USDC'] });
  });
});

describe('aggregated-vector rules: P&L offset with a cap, dampener', () => {
  const market: MarketSnapshotInput = { asOf: ASOF, settlementCurrency: 'USDC', instruments: [perp('X-PERP', 'X')], underlyings: { X: { index: '1000' } }, marks: { 'X-PERP': { price: '1000' } }, assets: {} };
  const book = (q: string) => ({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'X-PERP', quantity: q }], collateral: [] });
  const tails = ['-0.66', '-0.33', '0.5', '1', '5'].map((move) => ({ move, volShock: 'none', weight: { kind: 'rangeOverMove', factor: '1' } }) as const);
  const params = (aggregate: NonNullable<ScenarioSpecInput['aggregate']>, grid = false): MarginParametersInput => ({
    id: 'agg',
    version: '1',
    source: 'hand calculation',
    mode: 'portfolio',
    settlementPrecision: 2,
    scenarios: { priceRange: { kind: 'relative', range: '0.16' }, ...(grid ? { priceSteps: 1 } : {}), volShocks: [{ id: 'same', kind: 'none' }], tails, aggregate },
  });
  it('a partly binding dampener: the worst tail after relief', () => {
    // Long 100 at 1,000 (exposure 100,000): each tail weighted 0.16/|m| loses 16,000 on falls, gains 16,000
    // on rises. Dampener 2,000 USD x (|m|/0.16 - 1): -66% 6,250, -33% 2,125. Adjusted: -9,750 and -13,875;
    // gains dropped: 0. Worst 13,875 at -33%.
    const r = computeMargin(book('100'), market, params({ pnlOffset: '0', dampener: { amount: '2000' } }));
    const u = r.units[0]!;
    expect(u.scanRisk!.amount).toBe('13875');
    expect(u.scanRisk!.scenario!.id).toBe('tail:-0.33:none');
    expect(u.scanRisk!.aggregated).toEqual({ total: '-16000', adjusted: '-13875', rule: { gainFactor: '0', lossRelief: '2125' } });
    expect(u.aggregatedVector!).toEqual([-9750, -13875, 0, 0, 0]);
    expect(u.pnlVector).toEqual([-16000, -16000, 16000, 16000, 16000]);
    // 'flat': 2,000 off every tail: worst 14,000
    expect(computeMargin(book('100'), market, params({ pnlOffset: '0', dampener: { amount: '2000', scaling: 'flat' } })).units[0]!.scanRisk!.amount).toBe('14000');
  });
  it("a short's tail gains dampened then offset; rises dampened: +50% 4,250, +100% 10,500, +500% 60,500", () => {
    // Short 100: +50% loses 16,000 - 4,250 = 11,750; +100% 16,000 - 10,500 = 5,500; +500%: 0. Falls gain
    // 16,000: (16,000 - 6,250) x 0.5 = 4,875 at -66%, (16,000 - 2,125) x 0.5 = 6,937.5 at -33%.
    const u = computeMargin(book('-100'), market, params({ pnlOffset: '0.5', dampener: { amount: '2000', gains: 'dampenThenOffset' } })).units[0]!;
    expect(u.scanRisk!.amount).toBe('11750');
    expect(u.aggregatedVector!).toEqual([4875, 6937.5, -11750, -5500, 0]);
  });
  it('grid gains kept at pnlOffset, capped at maxOffsetablePnl (USD at par in USDC)', () => {
    // Grid -16%, 0, +16% on the long: +16,000 at +16% kept at 0.6 x 16,000 = 9,600, capped at 5,000.
    const u = computeMargin(book('100'), market, params({ pnlOffset: '0.6', maxOffsetablePnl: '5000' }, true)).units[0]!;
    expect(u.aggregatedVector!.slice(0, 3)).toEqual([-16000, 0, 5000]);
    expect(u.scanRisk!.amount).toBe('16000');
  });
});

describe('MM as a fraction of IM', () => {
  const market: MarketSnapshotInput = { asOf: ASOF, settlementCurrency: 'USDC', instruments: [perp('X-PERP', 'X')], underlyings: { X: { index: '1000' } }, marks: { 'X-PERP': { price: '1000' } }, assets: {} };
  const base: MarginParametersInput = { id: 'mmf', version: '1', source: 'hand calculation', mode: 'portfolio', settlementPrecision: 2, scenarios: { priceRange: { kind: 'relative', range: '0.16' }, priceSteps: 1, volShocks: [{ id: 'same', kind: 'none' }] } };
  it('IM = scan + add-ons, MM = factor x IM, per unit and for the account', () => {
    // Long 100 at 1,000: scan 16,000 + futures contingency 1% x 100 x 1,000 = 1,000: IM 17,000, MM 0.8 x 17,000 = 13,600.
    const r = computeMargin({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'X-PERP', quantity: '100' }], collateral: [] }, market, {
      ...base,
      addOns: { futuresContingency: { rate: '0.01' } },
      maintenanceMargin: { factorOfInitial: '0.8' },
    });
    expect([r.initialMargin, r.maintenanceMargin]).toEqual(['17000', '13600']);
    expect([r.units[0]!.im, r.units[0]!.mm, r.units[0]!.maintenanceFactor]).toEqual(['17000', '13600', '0.8']);
  });
  it('one direction per set: with factorOfInitial, no IM multiplier, IM scenarios or IM add-ons; portfolio mode only; a fraction', () => {
    const mm = { maintenanceMargin: { factorOfInitial: '0.8' } };
    expect(issueOf(() => parseMarginParameters({ ...base, ...mm, initialMargin: { multiplier: '1.2' } }))).toMatchObject({ code: 'invalid_parameters', path: ['initialMargin', 'multiplier'] });
    expect(issueOf(() => parseMarginParameters({ ...base, ...mm, initialMargin: { addOns: {} } }))).toMatchObject({ code: 'invalid_parameters', path: ['initialMargin', 'addOns'] });
    expect(issueOf(() => parseMarginParameters({ ...base, maintenanceMargin: { factorOfInitial: '1.5' } }))).toMatchObject({ code: 'invalid_value', path: ['maintenanceMargin', 'factorOfInitial'] });
    expect(parseMarginParameters({ ...base, ...mm, initialMargin: { multiplier: '1' } }).maintenanceMargin?.factorOfInitial.toString()).toBe('0.8');
  });
});

describe('per-underlying vol states and extended-table factors', () => {
  const expiry = '2026-12-25T08:00:00Z';
  const market: MarketSnapshotInput = {
    asOf: ASOF,
    settlementCurrency: 'USDC',
    instruments: [option('X-C', 'X', 'call', '1000', expiry), option('Y-C', 'Y', 'call', '1000', expiry)],
    underlyings: { X: { index: '1000' }, Y: { index: '1000' } },
    marks: { 'X-C': { iv: '0.5' }, 'Y-C': { iv: '0.5' } },
    assets: {},
  };
  const params: MarginParametersInput = {
    id: 'per-underlying',
    version: '1',
    source: 'hand calculation',
    mode: 'portfolio',
    settlementPrecision: 2,
    scenarios: {
      priceRange: { kind: 'relative', range: '0.1' },
      rangeByUnderlying: { Y: { kind: 'relative', range: '0.2' } },
      priceSteps: 1,
      volShocks: [{ id: 'up', kind: 'relative', size: '0.5' }, { id: 'same', kind: 'none' }],
      // Y's vol up is no shock at all: its options see the same vol in 'up' and 'same'.
      volShocksByUnderlying: { Y: [{ id: 'up', kind: 'relative', size: '0' }, { id: 'same', kind: 'none' }] },
      tails: [{ move: '-0.5', volShock: 'up', weight: { kind: 'rangeOverMove', factor: '1', factorByUnderlying: { Y: '2' } } }],
    },
  };
  it("an option of Y revalues under Y's states; X keeps the spec's", () => {
    const set = buildScenarioSet(params, market);
    const arrays = buildRiskArrays(market, set);
    const x = arrays.instruments.get('X-C')!.pnl;
    const y = arrays.instruments.get('Y-C')!.pnl;
    // scenarios: 0 -1 up, 1 -1 same, 2 0 up, 3 0 same, 4 +1 up, 5 +1 same, 6 the tail
    expect(y[2]).toBe(y[3]); // no move, Y's 'up' is its 'same': 0
    expect(y[2]).toBe(0);
    expect(x[2]).toBeGreaterThan(0); // X's vol up raises a long call's value
    // tail weights: X 1 x 0.1 / 0.5, Y 2 x 0.2 / 0.5 (USDC: nothing to convert)
    expect(set.scenarios[6]!.pnlScale).toEqual({ X: ['0.1', '0.5'], Y: ['0.4', '0.5'] });
  });
  it('volShocksByUnderlying must list the same ids and kinds in the same order', () => {
    const bad = { ...params, scenarios: { ...params.scenarios, volShocksByUnderlying: { Y: [{ id: 'same', kind: 'none' }, { id: 'up', kind: 'relative', size: '0' }] } } };
    expect(issueOf(() => parseMarginParameters(bad))).toMatchObject({ code: 'invalid_parameters', path: ['scenarios', 'volShocksByUnderlying', 'Y'] });
  });
});

describe('roll shock and delta shock', () => {
  const market: MarketSnapshotInput = {
    asOf: ASOF,
    settlementCurrency: 'USDC',
    instruments: [perp('X-MAR', 'X', { expiry: '2027-11-29T08:00:00Z' }), option('X-C', 'X', 'call', '1', '2027-11-29T08:00:00Z')],
    underlyings: { X: { index: '1000' } },
    marks: { 'X-MAR': { price: '1000' }, 'X-C': { iv: '0.01' } },
    assets: {},
  };
  const params = (addOns: Record<string, unknown>): MarginParametersInput => ({ id: 'shocks', version: '1', source: 'hand calculation', mode: 'portfolio', settlementPrecision: 9, scenarios: { priceRange: { kind: 'relative', range: '0' }, priceSteps: 0, volShocks: [{ id: 'same', kind: 'none' }] }, addOns });
  it('above the floor, linear in the years to expiry; options by their expiry net delta', () => {
    // X-MAR expires one year (365 days) after asOf: max(0.01, 0.075 x 1) = 0.075; 10 futures x 0.075 x 1,000 = 750.
    // A call struck at 1 on an index of 1,000 at 1% vol has delta 1 (the forward is the index at rate 0):
    // -4 calls add |-4| x 0.075 x 1,000 = 300.
    const book = { accountId: 'r', settlementCurrency: 'USDC', positions: [{ symbol: 'X-MAR', quantity: '10' }, { symbol: 'X-C', quantity: '-4' }], collateral: [] };
    const on = computeMargin(book, market, params({ rollShock: { minAnnualisedMove: '0.01', annualisedMoveRisk: '0.075', includeOptions: true } }));
    expect(on.units[0]!.addOns[0]).toMatchObject({ name: 'rollShock', amount: '1050', inputs: { grossFutureUnits: '10', optionDeltaUnits: '4' } });
    const off = computeMargin(book, market, params({ rollShock: { minAnnualisedMove: '0.01', annualisedMoveRisk: '0.075' } }));
    expect(off.units[0]!.addOns[0]!.amount).toBe('750');
  });
  it('the delta shock above its threshold', () => {
    // Delta total 10 - 4 = 6 units (futures exact, the deep call's delta 1); threshold 2,000 USD / 1,000 = 2
    // units; excess 4; rate min(0.01 x 4, 0.1) = 0.04; charge 6 x 0.04 x 1,000 = 240.
    const book = { accountId: 'd', settlementCurrency: 'USDC', positions: [{ symbol: 'X-MAR', quantity: '10' }, { symbol: 'X-C', quantity: '-4' }], collateral: [] };
    const r = computeMargin(book, market, params({ deltaShock: { threshold: '2000', incrementPerUnit: '0.01', max: '0.1' } }));
    expect(r.units[0]!.addOns[0]).toMatchObject({ name: 'deltaShock', amount: '240', inputs: { absDeltaUnits: '6' } });
    // capped: increment 1 gives min(4, 0.1) = 0.1: 6 x 0.1 x 1,000 = 600
    expect(computeMargin(book, market, params({ deltaShock: { threshold: '2000', incrementPerUnit: '1', max: '0.1' } })).units[0]!.addOns[0]!.amount).toBe('600');
  });
});

describe('supplied risk arrays take deltas in units of underlying (the unit the option documents)', () => {
  it('a copy of the built arrays, deltas given in units, gives the built arrays’ result byte for byte (inverse option, BTC-settled)', () => {
    // Property of the representation: the built array's delta is BTC per USD of index move; in units
    // of underlying that is delta x index / unit price (unit price 1: a BTC-settled inverse contract).
    const m = JSON.parse(JSON.stringify(DOC.args[1]));
    const OPT = 'BTC-28JUN24-70000-C';
    m.instruments.push({ symbol: OPT, kind: 'option', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '1', expiry: '2024-06-28T08:00:00Z', right: 'call', strike: '70000' });
    m.marks[OPT] = { iv: '0.5' };
    const params = fromDeribitModelParams(DOC_PARAMS, BTC);
    const book = { accountId: 'x', settlementCurrency: 'BTC', positions: [{ symbol: OPT, quantity: '-1' }], collateral: [{ asset: 'BTC', balance: '1' }] };
    const set = buildScenarioSet(params, m);
    const built = buildRiskArrays(m, set);
    const arr = built.instruments.get(OPT)!;
    const index = Number(m.underlyings.BTC.index);
    const supplied = suppliedRiskArrays(m, set, { instruments: { [OPT]: Array.from(arr.pnl) }, deltas: { [OPT]: arr.delta * index } });
    const want = marginFromRiskArrays(book, m, built, params);
    expect(want.units[0]!.addOns.find((a) => a.name === 'rollShock')!.amount).not.toBe('0');
    expect(JSON.stringify(marginFromRiskArrays(book, m, supplied, params))).toBe(JSON.stringify(want));
  });
});
