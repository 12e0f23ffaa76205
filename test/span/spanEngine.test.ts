import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarginEngine } from '../../src/engine/createMarginEngine.js';
import { assessAccount } from '../../src/health/assessAccount.js';
import { liquidationPrices } from '../../src/health/liquidationPrices.js';
import { simulate } from '../../src/health/simulate.js';
import { figuresOfAssessment } from '../../src/kernel/AccountFigures.js';
import { marginFromRiskArrays } from '../../src/margin/marginFromRiskArrays.js';
import { D } from '../../src/numeric/decimal.js';
import { PRESETS } from '../../src/presets/index.js';
import { withPrices } from '../../src/schema/parse.js';
import { suppliedRiskArrays } from '../../src/scenarios/suppliedRiskArrays.js';
import { parseSpanFile } from '../../src/span/parseSpanFile.js';
import type { SpanPositionInput } from '../../src/span/SpanPosition.js';
import { spanMarginInputs, type SpanMarginInputs } from '../../src/span/spanMarginInputs.js';
import { spanRequirement } from '../../src/span/spanRequirement.js';
import { untyped } from '../helpers/untyped.js';
import { issueOf } from './issueOf.js';
import { spanBookArb } from './randomSpanBook.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const json = (v: unknown) => JSON.stringify(v);

/** The mapper's inputs with `usd` dollars of collateral (the market then prices USD at 1). */
function withCash(inputs: SpanMarginInputs, usd: string) {
  const market = { ...inputs.market, assets: { USD: { price: '1' } } };
  const portfolio = { ...inputs.portfolio, collateral: [{ asset: 'USD', balance: usd }] };
  return { market, portfolio };
}
const supplied = (inputs: SpanMarginInputs) => ({ scenarioSet: inputs.scenarioSet, riskArrays: inputs.riskArrays });

const CORN_SOY: SpanPositionInput[] = [
  { exchange: 'CBT', productCode: 'C', productType: 'FUT', period: '202603', quantity: '2' },
  { exchange: 'CBT', productCode: 'S', productType: 'FUT', period: '202603', quantity: '-1' },
];
const MX: SpanPositionInput[] = [
  { exchange: 'CME', productCode: 'MX', productType: 'FUT', period: '202603', quantity: '2' },
  { exchange: 'CME', productCode: 'MX', productType: 'FUT', period: '202606', quantity: '-1' },
  { exchange: 'CME', productCode: 'MX', productType: 'OOF', period: '202603', right: 'C', strike: '100', quantity: '-3' },
];
const X24: SpanPositionInput[] = [
  { exchange: 'CME', productCode: 'X', productType: 'FUT', period: '202602', quantity: '1' },
  { exchange: 'CME', productCode: 'X', productType: 'FUT', period: '202604', quantity: '-1' },
];

describe('createMarginEngine with supplied arrays: the miniature files and their hand-worked SOURCE.md cases', () => {
  // Expected figures from the SOURCE.md beside each golden case (test/golden/span-*/SOURCE.md):
  // corn/soybeans: CME's published 3,500 + 2,500 - 3,300 = 2,700 (no rate definitions: IM = MM);
  // mini options: scan risk 1,143 (scenario 15), IM ratio 1.1 -> 1,257.3; SPAN adds intra 120 and
  // delivery 16 (risk 1,279), which the library's parameter set does not express;
  // intra months 2 vs 4: scan 750 - 500 = 250; SPAN adds the intra charge 50 (CME's 300).
  const cases: [string, SpanPositionInput[], { scan: string[]; mm: string; im: string; span: string }][] = [
    ['corn-soybeans.spn', CORN_SOY, { scan: ['3500', '2500'], mm: '2700', im: '2700', span: '2700' }],
    ['corn-soybeans.pa2', CORN_SOY, { scan: ['3500', '2500'], mm: '2700', im: '2700', span: '2700' }],
    ['mini-options.spn', MX, { scan: ['1143'], mm: '1143', im: '1257.3', span: '1279' }],
    ['mini-options.pa2', MX, { scan: ['1143'], mm: '1143', im: '1257.3', span: '1279' }],
    ['intra-months.spn', X24, { scan: ['250'], mm: '250', im: '250', span: '300' }],
  ];
  for (const [name, positions, want] of cases) {
    it(`${name}: engine margin, assess and figures on the file's arrays`, () => {
      const file = parseSpanFile(fixture(name));
      const inputs = spanMarginInputs(file, positions);
      const engine = createMarginEngine(inputs.market, inputs.parameters, { supplied: supplied(inputs) });
      const m = engine.margin(inputs.portfolio);
      const span = spanRequirement(file, positions, { optionValue: 'separate', requirement: 'maintenance' });
      expect(m.units.map((u) => u.scanRisk!.amount)).toEqual(want.scan);
      expect(span.byCombinedCommodity.map((c) => c.scanRisk)).toEqual(want.scan);
      expect([m.maintenanceMargin, m.initialMargin, span.riskMaintenance]).toEqual([want.mm, want.im, want.span]);
      // assess equals the one-shot assessAccount on the same arrays (the evaluation context), byte for byte.
      const arrays = suppliedRiskArrays(inputs.market, inputs.scenarioSet, inputs.riskArrays);
      const oneShot = assessAccount(inputs.portfolio, inputs.market, inputs.parameters, { margin: (p) => marginFromRiskArrays(p, inputs.market, arrays, inputs.parameters) });
      const a = engine.assess(inputs.portfolio);
      expect(json(a)).toBe(json(oneShot));
      const { exact, ...figures } = engine.figures(engine.compile(inputs.portfolio));
      expect(['kernel', 'decimal']).toContain(exact);
      expect(figures).toEqual((({ exact: _, ...f }) => f)(figuresOfAssessment(a)));
    });
  }

  it('without supplied arrays the engine prices the mapped market itself: not the file’s numbers (why the option exists)', () => {
    const inputs = spanMarginInputs(parseSpanFile(fixture('mini-options.pa2')), MX);
    expect(createMarginEngine(inputs.market, inputs.parameters).margin(inputs.portfolio).maintenanceMargin).not.toBe('1143');
  });
});

describe('health tools on a SPAN account (corn/soybeans file, hand calculations)', () => {
  const file = parseSpanFile(fixture('corn-soybeans.spn'));

  it('simulate / check: closing the soybeans leg leaves the corn outright, 2 x 1,750 = 3,500 (MM up 800 from 2,700)', () => {
    const inputs = spanMarginInputs(file, CORN_SOY);
    const { market, portfolio } = withCash(inputs, '5000');
    const engine = createMarginEngine(market, inputs.parameters, { supplied: supplied(inputs) });
    const trades = [{ symbol: 'CBT:S:FUT:202603', quantity: '1' }];
    const s = engine.simulate(portfolio, trades);
    expect([s.before.maintenanceMargin, s.after.maintenanceMargin, s.change.maintenanceMargin, s.change.equity, s.increasesRisk, s.allowed]).toEqual(['2700', '3500', '800', '0', true, true]);
    const arrays = suppliedRiskArrays(market, inputs.scenarioSet, inputs.riskArrays);
    expect(json(s)).toBe(json(simulate(portfolio, trades, market, inputs.parameters, { margin: (p) => marginFromRiskArrays(p, market, arrays, inputs.parameters) })));
    const c = engine.check(engine.compile(portfolio), trades);
    expect([c.before.maintenanceMargin, c.after.maintenanceMargin, c.change, c.allowed]).toEqual(['2700', '3500', s.change, true]);
  });

  it('reductionPlan: +1 corn (MM 1,750) on 1,000 USD closes 0.54314286 contracts (worked below)', () => {
    // Defaults: end buffer max(0.15, margin-call band 0.25) -> target MM x 1.25; fee 0.5% of the
    // notional at the mark (1 x 50 x 4.5 = 225 per contract); MM rounded up, equity down, to cents.
    // Close x: cost ceil(1.125 x) cents, equity 1,000 - cost, MM ceil(1,750 (1 - x)).
    // Near x = 1,187.5 / 2,186.375 = 0.5431: cost 0.62, equity 999.38, so MM <= 799.50
    // (799.51 x 1.25 = 999.3875 > 999.38): 1,750 (1 - x) <= 799.50, x >= 0.5431428571...;
    // the smallest 8-place size: 0.54314286 (1,750 x 0.45685714 = 799.499995 -> 799.50; one
    // step less gives 799.5000125 -> 799.51). Target 799.50 x 1.25 = 999.375 -> 999.38; relief 950.50.
    const pos: SpanPositionInput[] = [CORN_SOY[0]!].map((p) => ({ ...p, quantity: '1' }));
    const inputs = spanMarginInputs(file, pos);
    const { market, portfolio } = withCash(inputs, '1000');
    const engine = createMarginEngine(market, inputs.parameters, { supplied: supplied(inputs) });
    const plan = engine.reductionPlan(portfolio);
    expect(plan.before).toEqual({ maintenanceEquity: '1000', maintenanceMargin: '1750', target: '2187.5', shortage: '1187.5', status: 'liquidatable' });
    expect(plan.trades).toEqual([{ symbol: 'CBT:C:FUT:202603', quantity: '-0.54314286', cost: '0.62', maintenanceRelief: '950.5' }]);
    expect(plan.after).toEqual({ maintenanceEquity: '999.38', maintenanceMargin: '799.5', target: '999.38', shortage: '0', status: 'healthy' });
    expect(plan.reachesTarget).toBe(true);
    // Replayed through the engine's simulate, the plan gives its own after-state.
    const s = engine.simulate(portfolio, plan.trades.map((t) => ({ symbol: t.symbol, quantity: t.quantity, fee: t.cost })));
    expect([s.after.maintenanceEquity, s.after.maintenanceMargin]).toEqual([plan.after.maintenanceEquity, plan.after.maintenanceMargin]);
  });

  it('liquidationPrices: refused without riskArraysAt (typed error, before any work), exact with it', () => {
    const pos: SpanPositionInput[] = [CORN_SOY[0]!].map((p) => ({ ...p, quantity: '1' }));
    const inputs = spanMarginInputs(file, pos);
    const { market, portfolio } = withCash(inputs, '1800');
    const fixed = createMarginEngine(market, inputs.parameters, { supplied: supplied(inputs) });
    expect(issueOf(() => fixed.liquidationPrices(portfolio))).toMatchObject({ code: 'missing_risk_array', path: ['supplied', 'riskArraysAt'], argument: 'options' });
    expect(issueOf(() => fixed.withPrices({ asOf: market.asOf, settlementCurrency: 'USD', underlyings: { C: { index: '4' } }, marks: {}, assets: {} }))).toMatchObject({
      code: 'missing_risk_array',
      path: ['supplied', 'riskArraysAt'],
    });
    // SPAN's futures arrays are money per contract: held until the next file. MM stays 1,750 while
    // equity is 1,800 + 50 x (P - 4.5): liquidation at P = 4.5 - 50 / 50 = 3.5 (move 3.5 / 4.5 - 1);
    // bankruptcy at 4.5 - 36 < 0: none; a long has no upward level.
    const held = createMarginEngine(market, inputs.parameters, { supplied: { ...supplied(inputs), riskArraysAt: () => inputs.riskArrays } });
    const u = held.liquidationPrices(portfolio).underlyings;
    expect(u.map((x) => x.underlying)).toEqual(['C']);
    expect(u[0]!.liquidation).toEqual({ down: { price: '3.5', move: '-0.2222222222', equity: '1750', maintenanceMargin: '1750', gap: '0' }, up: null });
    expect(u[0]!.bankruptcy).toEqual({ down: null, up: null });
    // The library's own search on the mapped inputs prices the market itself: another answer.
    expect(json(liquidationPrices(portfolio, market, inputs.parameters).underlyings)).not.toBe(json(u));
  });

  it('withPrices with riskArraysAt: the same bytes as a new engine on the moved market', () => {
    const inputs = spanMarginInputs(file, CORN_SOY);
    const { market, portfolio } = withCash(inputs, '5000');
    const opt = { supplied: { ...supplied(inputs), riskArraysAt: () => inputs.riskArrays } };
    const tick = { asOf: '2026-01-15T12:00:00Z', settlementCurrency: 'USD', underlyings: { C: { index: '4.4' }, S: { index: '10.6' } }, marks: { 'CBT:C:FUT:202603': { price: '4.4' }, 'CBT:S:FUT:202603': { price: '10.6' } }, assets: { USD: { price: '1' } } };
    const moved = createMarginEngine(market, inputs.parameters, opt).withPrices(tick);
    const fresh = createMarginEngine(withPrices(market, tick), inputs.parameters, opt);
    expect(json(moved.assess(portfolio))).toBe(json(fresh.assess(portfolio)));
    expect(moved.market.asOf).toBe('2026-01-15T12:00:00.000Z');
  });
});

describe('createMarginEngine options: checked at the boundary', () => {
  const file = parseSpanFile(fixture('corn-soybeans.spn'));
  const inputs = spanMarginInputs(file, CORN_SOY);
  const make = (o: unknown) => createMarginEngine(inputs.market, inputs.parameters, untyped(o));

  it('unknown keys, wrong types, wrong lengths and unknown symbols name their path', () => {
    expect(issueOf(() => make({ suplied: {} }))).toMatchObject({ code: 'unrecognized_key', path: ['suplied'], argument: 'options' });
    expect(issueOf(() => make({ supplied: { ...supplied(inputs), extra: 1 } }))).toMatchObject({ code: 'unrecognized_key', path: ['supplied', 'extra'] });
    const arrays = (instruments: Record<string, unknown>) => ({ supplied: { scenarioSet: inputs.scenarioSet, riskArrays: { instruments } } });
    expect(issueOf(() => make(arrays({ 'CBT:C:FUT:202603': new Array(16).fill('1') })))).toMatchObject({ code: 'invalid_type', path: ['supplied', 'riskArrays', 'instruments', 'CBT:C:FUT:202603'] });
    expect(issueOf(() => make(arrays({ 'CBT:C:FUT:202603': [1, 2, 3] })))).toMatchObject({ code: 'invalid_value', path: ['supplied', 'riskArrays', 'instruments', 'CBT:C:FUT:202603'], argument: 'options' });
    expect(issueOf(() => make(arrays({ 'CBT:C:FUT:202603': new Array(16).fill(Number.NaN) })))).toMatchObject({ code: 'invalid_value', path: ['supplied', 'riskArrays', 'instruments', 'CBT:C:FUT:202603', 0] });
    expect(issueOf(() => make(arrays({ NOPE: new Array(16).fill(0) })))).toMatchObject({ code: 'unknown_symbol', path: ['supplied', 'riskArrays', 'instruments', 'NOPE'] });
    expect(issueOf(() => make({ supplied: { ...supplied(inputs), riskArraysAt: 'later' } }))).toMatchObject({ code: 'invalid_type', path: ['supplied', 'riskArraysAt'] });
  });

  it('the scenario set is checked strictly: index order, groups, decimal weights', () => {
    const set = inputs.scenarioSet;
    const withSet = (scenarioSet: unknown) => make({ supplied: { scenarioSet, riskArrays: inputs.riskArrays } });
    expect(issueOf(() => withSet({ ...set, scenarios: [...set.scenarios].reverse() }))).toMatchObject({ code: 'invalid_value', path: ['supplied', 'scenarioSet', 'scenarios', 0, 'index'] });
    expect(issueOf(() => withSet({ ...set, groups: [{ id: 'im', start: 0, end: 16 }] }))).toMatchObject({ code: 'missing_field', path: ['supplied', 'scenarioSet', 'groups'] });
    expect(issueOf(() => withSet({ ...set, groups: [{ id: 'mm', start: 0, end: 17 }] }))).toMatchObject({ code: 'invalid_value', path: ['supplied', 'scenarioSet', 'groups', 0, 'end'] });
    const bad = set.scenarios.map((s, i) => (i === 3 ? { ...s, weight: 'NaN' } : s));
    expect(issueOf(() => withSet({ ...set, scenarios: bad }))).toMatchObject({ code: 'invalid_decimal', path: ['supplied', 'scenarioSet', 'scenarios', 3, 'weight'] });
    expect(issueOf(() => withSet({ ...set, extra: true }))).toMatchObject({ code: 'unrecognized_key', path: ['supplied', 'scenarioSet', 'extra'] });
  });

  it('a standard-mode parameter set scans no arrays: refused rather than ignored', () => {
    expect(issueOf(() => createMarginEngine(inputs.market, PRESETS['deribit-standard'], { supplied: supplied(inputs) }))).toMatchObject({ code: 'invalid_value', path: ['supplied'], argument: 'options' });
  });

  it('inputs are not mutated, and the engine keeps its own copy of the arrays', () => {
    const before = json(inputs);
    const ra = { instruments: Object.fromEntries(Object.entries(inputs.riskArrays.instruments).map(([k, v]) => [k, Array.from(v)])), deltas: { ...inputs.riskArrays.deltas } };
    const engine = createMarginEngine(inputs.market, inputs.parameters, { supplied: { scenarioSet: inputs.scenarioSet, riskArrays: ra } });
    const mm = engine.margin(inputs.portfolio).maintenanceMargin;
    (ra.instruments['CBT:C:FUT:202603'] as number[]).fill(0);
    expect(engine.margin(inputs.portfolio).maintenanceMargin).toBe(mm);
    expect(json(inputs)).toBe(before);
  });
});

// Property: for any miniature file and portfolio (randomSpanBook.ts, shared with spanMarginInputs.test.ts), the
// engine on the mapper's arrays gives each combined commodity spanRequirement's scan risk, its
// assess equals assessAccount on the same arrays, and its figures equal its assess.
describe('property: engine on the mapper’s arrays = spanRequirement scan risk; engine.assess = assessAccount; figures = assess', () => {
  it('holds for random files and portfolios', () => {
    fc.assert(
      fc.property(spanBookArb, fc.integer({ min: 0, max: 200_000 }), ({ text, positions }, cash) => {
        const file = parseSpanFile(text);
        const span = spanRequirement(file, positions, { optionValue: 'separate' });
        const inputs = spanMarginInputs(file, positions);
        const { market, portfolio } = withCash(inputs, String(cash));
        const engine = createMarginEngine(market, inputs.parameters, { supplied: supplied(inputs) });
        const a = engine.assess(portfolio);
        const ours = new Map(a.margin.units.map((u) => [u.unit, new D(u.scanRisk!.amount)]));
        for (const c of span.byCombinedCommodity) expect(ours.get(c.combinedCommodity)!.eq(c.scanRisk), c.combinedCommodity).toBe(true);
        const arrays = suppliedRiskArrays(market, inputs.scenarioSet, inputs.riskArrays);
        expect(json(a)).toBe(json(assessAccount(portfolio, market, inputs.parameters, { margin: (p) => marginFromRiskArrays(p, market, arrays, inputs.parameters) })));
        const { exact: _e, ...f } = engine.figures(portfolio);
        const { exact: _d, ...g } = figuresOfAssessment(a);
        expect(f).toEqual(g);
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});
