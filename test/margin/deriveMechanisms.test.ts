import { describe, expect, it } from 'vitest';
import {
  buildRiskArrays,
  buildScenarioSet,
  computeMargin,
  createMarginEngine,
  D,
  parseMarket,
  PRESETS,
  safeParseMarginParameters,
  skewMultiplier,
  staticDiscountFactors,
  termScale,
  valueInstrument,
  type InstrumentInput,
  type MarginParametersInput,
  type MarginResult,
  type MarketSnapshotInput,
  type PortfolioInput,
  type ScenarioSpecInput,
} from '../../src/index.js';
import { parseScenarioSpecForTest } from './deriveFixtures.js';

// Every expected number below is a hand calculation written out beside it (calculator values to
// the digits shown); the options use zero vol wherever a value must be exact, so that their value is
// the (discounted) intrinsic value.

const ASOF = '2026-01-01T00:00:00Z';
/** 91.25 days after ASOF: T = 0.25 years exactly (ACT/365). */
const EXP = '2026-04-02T06:00:00.000Z';
const opt = (symbol: string, right: 'call' | 'put', strike: string): InstrumentInput => ({ symbol, kind: 'option', underlying: 'BASE', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', expiry: EXP, right, strike });
const perp: InstrumentInput = { symbol: 'BASE-PERP', kind: 'future', underlying: 'BASE', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' };

type Underlying = MarketSnapshotInput['underlyings'][string];
function market(extra: { underlying?: Partial<Underlying>; expiry?: NonNullable<Underlying['expiries']>[string]; marks?: MarketSnapshotInput['marks']; assets?: MarketSnapshotInput['assets']; peg?: string } = {}): MarketSnapshotInput {
  return {
    asOf: ASOF,
    settlementCurrency: 'USDC',
    ...(extra.peg ? { peg: { price: extra.peg } } : {}),
    underlyings: { BASE: { index: '1000', forwards: { [EXP]: '1000' }, expiries: { [EXP]: { ...extra.expiry } }, ...extra.underlying } },
    instruments: [opt('C900', 'call', '900'), opt('C1100', 'call', '1100'), opt('P1100', 'put', '1100'), perp],
    marks: { C900: { iv: '0' }, C1100: { iv: '0' }, P1100: { iv: '0' }, 'BASE-PERP': { price: '1000' }, ...extra.marks },
    assets: { ...extra.assets },
  };
}
const book = (positions: PortfolioInput['positions'], collateral: PortfolioInput['collateral'] = []): PortfolioInput => ({ accountId: 'a', settlementCurrency: 'USDC', positions, collateral });
function params(scen: Partial<ScenarioSpecInput>, extra: Partial<MarginParametersInput> = {}): MarginParametersInput {
  return { id: 'derive-like', version: '1', source: 'hand calculation', mode: 'portfolio', settlementPrecision: 18, scenarios: { volShocks: [{ id: 'same', kind: 'none' }], ...scen }, ...extra };
}
const user = (id: string, move: string, volShock = 'none', weight = '1') => ({ id, move, volShock, weight });
const unit = (r: MarginResult) => r.units[0]!;

describe('market data per expiry', () => {
  it('per-expiry rate, floored at rateFloor, discounts the option and is the valuation rate', () => {
    // Deep ITM call, zero vol: value e^(-rT) (F - K). Expiry rate 0.2, T = 0.25: e^-0.05 * 100 = 95.1229424500714.
    const m = parseMarket(market({ expiry: { rate: '0.2' } }));
    const v = valueInstrument(m, m.instruments.get('C900')!);
    expect(v.rate).toBe(0.2);
    expect(Number(v.markValue)).toBeCloseTo(95.1229424500714, 9);
    // A negative expiry rate raised to the floor 0: value F - K = 100 exactly.
    const floored = parseMarket(market({ expiry: { rate: '-0.3' }, underlying: { rateFloor: '0' } }));
    expect(valueInstrument(floored, floored.instruments.get('C900')!).markValue.toString()).toBe('100');
  });

  it('SVI smile gives the vol of an option without an iv mark', () => {
    // a = 0.04, b = 0: vol sqrt(0.04 / 1) = 0.2 whatever the strike.
    const m = parseMarket(market({ marks: { C900: {} }, expiry: { svi: { a: '0.04', b: '0', rho: '0', m: '0', sigma: '0.1', forward: '1000', years: '1' } } }));
    expect(valueInstrument(m, m.instruments.get('C900')!).vol).toBeCloseTo(0.2, 15);
  });

  it('a fixed part of the forward does not move in scenarios', () => {
    // F = 1000 with 600 fixed, K = 900, zero vol, rate 0: at +10% F' = 600 + 400 * 1.1 = 1040, value 140,
    // P&L +40 (a fully moving forward would give 1100 - 900 - 100 = +100). At -10%: 600 + 360 = 960, P&L -40.
    const raw = market({ expiry: { fixedForward: '600' } });
    const p = params({ user: [user('up', '0.1'), user('down', '-0.1')] });
    const a = buildRiskArrays(raw, buildScenarioSet(p, raw), ['C900']).instruments.get('C900')!;
    expect(a.value).toBe(100);
    expect(a.pnl[0]).toBeCloseTo(40, 10);
    expect(a.pnl[1]).toBeCloseTo(-40, 10);
  });
});

describe('vol states', () => {
  it('inclusive term-scaling switch: the short power applies at exactly switchDays', () => {
    // referenceDays 30, switchDays 10, at 10 days: (30/10)^0.3 = 1.39038917 inclusive, (30/10)^0.13 = 1.15352168 otherwise.
    const t = { referenceDays: 30, floorDays: 1, switchDays: 10, shortPower: 0.3, longPower: 0.13 };
    expect(termScale(10, { ...t, switchInclusive: true })).toBeCloseTo(1.3903891703, 9);
    expect(termScale(10, t)).toBeCloseTo(1.1535216847, 9);
  });

  it('skew multiplier: tilt by log-moneyness, capped', () => {
    // years 0.25 (rt 0.5): cap = 0.15 - 0.05 * 0.5 = 0.125; kStar = max(0.01, 0.5 * 4 * (0.6 + 0.5 * -0.1)) = 1.1.
    const lin = { shape: 'linear' as const, capBase: 0.15, capPerRootYear: -0.05, kStarMin: 0.01, kStarWidth: 4, kStarStatic: 0.6, kStarPerRootYear: -0.1 };
    // K/F = 1.1: k = 0.0953102, 1 + 0.0953102 * 0.125 / 1.1 = 1.0108307.
    expect(skewMultiplier(110, 100, 0.25, lin)).toBeCloseTo(1.0108307023, 9);
    // K/F = 0.9: k = -0.1053605, linear 1 - 0.0119728 = 0.9880272; abs 1.0119728.
    expect(skewMultiplier(90, 100, 0.25, lin)).toBeCloseTo(0.9880272141, 9);
    expect(skewMultiplier(90, 100, 0.25, { ...lin, shape: 'abs' })).toBeCloseTo(1.0119727859, 9);
    // Far strikes hit the cap: K/F = 10 -> 1.125, K/F = 0.1 -> 0.875 (linear).
    expect(skewMultiplier(1000, 100, 0.25, lin)).toBeCloseTo(1.125, 12);
    expect(skewMultiplier(10, 100, 0.25, lin)).toBeCloseTo(0.875, 12);
  });

  it('a skew state takes no price move and cannot be crossed with a grid', () => {
    const skew: ScenarioSpecInput['volShocks'][number] = { id: 'tilt', kind: 'skew', skew: { shape: 'linear', cap: { base: '0.15', perRootYear: '0' }, kStar: { min: '0.01', width: '4', static: '0.6', perRootYear: '0' } } };
    const moved = safeParseMarginParameters(params({ volShocks: [skew], user: [user('t', '0.1', 'tilt')] }));
    expect(moved.success).toBe(false);
    if (!moved.success) expect(moved.error.issues[0]).toMatchObject({ code: 'invalid_parameters', path: ['scenarios', 'user', 0, 'moves'] });
    const grid = safeParseMarginParameters(params({ volShocks: [skew], priceRange: { kind: 'relative', range: '0.1' }, priceSteps: 2 }));
    expect(grid.success).toBe(false);
    expect(parseScenarioSpecForTest({ volShocks: [skew], user: [user('t', '0', 'tilt')] }).volShocks[0]!.kind).toBe('skew');
  });
});

describe('static discount and expiry aggregation', () => {
  it('factors: long base e^(-T (r m + a)), short base / e^(-T (r m + a)) capped at e^(rT)', () => {
    // T = 0.1, r = 0.05: long 0.95 e^(-0.013) = 0.93772993; short 1.04 e^(0.0105) = 1.05097753, capped at e^(0.005) = 1.00501252.
    const spec = { long: { base: D('0.95'), rateMultiple: D(1), rateAdd: D('0.08') }, short: { base: D('1.04'), rateMultiple: D('0.5'), rateAdd: D('0.08') }, shortCappedAtUndiscounted: false };
    const f = staticDiscountFactors(0.1, 0.05, spec);
    expect(f.long).toBeCloseTo(0.9377299283, 9);
    expect(f.short).toBeCloseTo(1.0509775312, 9);
    expect(staticDiscountFactors(0.1, 0.05, { ...spec, shortCappedAtUndiscounted: true }).short).toBeCloseTo(1.0050125209, 9);
  });

  const discount = { long: { base: '0.95', rateMultiple: '1', rateAdd: '0.08' }, short: { base: '1.04', rateMultiple: '0.5', rateAdd: '0.08' }, shortCappedAtUndiscounted: false };

  it('discounts the shocked expiry value by its sign, never the mark; the unmoved scenario has a P&L', () => {
    // Long 1 call 900, zero vol, rate 0, T = 0.25: mark 100; long factor 0.95 e^(-0.02) = 0.93118874.
    // +10%: V = 200 -> 186.2377479 (P&L +86.2377479); -10%: V = 0 (P&L -100); 0: V = 100 -> 93.1188740 (P&L -6.8811260).
    const r = computeMargin(book([{ symbol: 'C900', quantity: '1' }]), market(), params({ user: [user('up', '0.1'), user('down', '-0.1'), user('flat', '0')], staticDiscount: discount }));
    const u = unit(r);
    expect(u.pnlVector[0]).toBeCloseTo(86.2377479283, 9);
    expect(u.pnlVector[1]).toBeCloseTo(-100, 9);
    expect(u.pnlVector[2]).toBeCloseTo(-6.8811260359, 9);
    expect(u.scanRisk!.scenario!.id).toBe('user:down');
    expect(Number(u.scanRisk!.amount)).toBeCloseTo(100, 9);
    // Short 1 call 900: V = -100 at the mark; short factor 1.04 e^(0.02) = 1.06100939 (uncapped).
    // +10%: V = -200 -> -212.2018787 (P&L -112.2018787): the worst.
    const s = unit(computeMargin(book([{ symbol: 'C900', quantity: '-1' }]), market(), params({ user: [user('up', '0.1'), user('flat', '0')], staticDiscount: discount })));
    expect(s.pnlVector[0]).toBeCloseTo(-112.2018787255, 9);
    expect(s.pnlVector[1]).toBeCloseTo(-6.1009393628, 9);
    // The explanation: the expiry's mark, shocked value, factor and P&L, and what the discount adds.
    const e = s.scanRisk!.expiries![0]!;
    expect([e.mark, e.value]).toEqual(['-100', '-200']);
    expect(Number(e.factor)).toBeCloseTo(1.0610093936, 9);
    // The expiry's exact P&L is its float P&L through fromFloat (12 significant digits, rounded against the account).
    expect(e.pnl).toBe('-112.201878726');
    expect(Number(e.adjustment)).toBeCloseTo(-12.2018787255, 8);
  });

  it('the sign is the whole expiry value, not each option', () => {
    // Long 1 call 900 (+100) and short 1 put 1100 (-100) in one expiry: V = 0 at the mark, so the long factor;
    // at +10% the put is worthless: V = +200 -> 186.2377479, P&L +186.2377479 (per-option signs would give 186.24 + 0 as well),
    // at -10%: call 0, put -200: V = -200 -> short factor 1.06100939: -212.2018787, P&L -212.2018787.
    const u = unit(computeMargin(book([{ symbol: 'C900', quantity: '1' }, { symbol: 'P1100', quantity: '-1' }]), market(), params({ user: [user('up', '0.1'), user('down', '-0.1')], staticDiscount: discount })));
    expect(u.pnlVector[0]).toBeCloseTo(186.2377479283, 9);
    expect(u.pnlVector[1]).toBeCloseTo(-212.2018787255, 9);
  });

  it('a skew state counts each expiry P&L as -|P&L|', () => {
    // Short 1 call 900 with a short factor 0.96 (no rate term): the unmoved value -100 becomes -96, a gain of 4;
    // under the skew state (zero vol: the tilt changes nothing) the same +4 counts as -4.
    const skew: ScenarioSpecInput['volShocks'][number] = { id: 'tilt', kind: 'skew', skew: { shape: 'linear', cap: { base: '0.15', perRootYear: '0' }, kStar: { min: '0.01', width: '4', static: '0.6', perRootYear: '0' } } };
    const d = { long: { base: '1', rateMultiple: '0', rateAdd: '0' }, short: { base: '0.96', rateMultiple: '0', rateAdd: '0' } };
    const u = unit(computeMargin(book([{ symbol: 'C900', quantity: '-1' }]), market(), params({ volShocks: [skew], user: [user('flat', '0'), user('tilt', '0', 'tilt')], staticDiscount: d })));
    expect(u.pnlVector).toEqual([4, -4]);
    expect(u.scanRisk!.scenario!.id).toBe('user:tilt');
    expect(u.scanRisk!.amount).toBe('4');
  });
});

describe('explicit scenario lists', () => {
  it('a move for every underlying, and weights above 1 and of 0', () => {
    // Long 1 call 900, zero vol, no discount: at -10% the call loses its 100 of value.
    // Weight 2: the loss counts twice (200); weight 0: not at all (the unmoved scenario, 0, is the worst).
    const r2 = computeMargin(book([{ symbol: 'C900', quantity: '1' }]), market(), params({ user: [user('flat', '0'), user('down', '-0.1', 'none', '2')] }));
    expect([unit(r2).scanRisk!.scenario!.id, unit(r2).scanRisk!.amount]).toEqual(['user:down', '200']);
    expect(unit(r2).scanRisk!.scenario!.moves).toEqual({ BASE: '-0.1' });
    const r0 = computeMargin(book([{ symbol: 'C900', quantity: '1' }]), market(), params({ user: [user('flat', '0'), user('down', '-0.1', 'none', '0')] }));
    expect(unit(r0).scanRisk!.amount).toBe('0');
  });
});

describe('basis floor, loss factors and de-peg', () => {
  const floor = { up: '0.045', down: '-0.045', add: '0.5', perYear: '2' };

  it('floors the scan loss before the loss factor and names itself as the binding scenario', () => {
    // Long 1 call 900, zero vol: the only scenario (unmoved, no discount) loses 0. Basis: at -4.5% F = 955,
    // P&L -45; factor 0.5 + 2 * 0.25 = 1: floor 45. MM = 0.8 * 45 = 36, IM = 1 * 45 = 45.
    const r = computeMargin(book([{ symbol: 'C900', quantity: '1' }]), market(), params({ user: [user('flat', '0')], basisFloor: floor }, { lossFactor: { mm: '0.8', im: '1' } }));
    const u = unit(r);
    expect(u.scanRisk!.scenario!.id).toBe('basisFloor');
    expect(u.scanRisk!.amount).toBe('45');
    expect(u.scanRisk!.basisFloor).toMatchObject({ amount: '45', binding: true, expiries: [{ up: '45', down: '-45', factor: '1', loss: '45' }] });
    expect([r.maintenanceMargin, r.initialMargin]).toEqual(['36', '45']);
    expect(u.lossFactors).toMatchObject({ mm: '0.8', im: '1', mmCharge: '36', imCharge: '45' });
  });

  it('does not bind when a scenario loses more', () => {
    // Same book with a -10% scenario: loss 100 > floor 45; MM = 80.
    const r = computeMargin(book([{ symbol: 'C900', quantity: '1' }]), market(), params({ user: [user('down', '-0.1')], basisFloor: floor }, { lossFactor: { mm: '0.8', im: '1' } }));
    expect(unit(r).scanRisk!.scenario!.id).toBe('user:down');
    expect(unit(r).scanRisk!.basisFloor!.binding).toBe(false);
    expect(r.maintenanceMargin).toBe('80');
  });

  it('raises the IM loss factor while the settlement currency is below its peg threshold', () => {
    // peg 0.9, threshold 0.98, factor 2: IM factor 1 + 0.08 * 2 = 1.16; IM = 1.16 * 45 = 52.2. MM unchanged 36.
    const r = computeMargin(book([{ symbol: 'C900', quantity: '1' }]), market({ peg: '0.9' }), params({ user: [user('flat', '0')], basisFloor: floor }, { lossFactor: { mm: '0.8', im: '1', depeg: { threshold: '0.98', factor: '2' } } }));
    expect([r.maintenanceMargin, r.initialMargin]).toEqual(['36', '52.2']);
    expect(unit(r).lossFactors).toMatchObject({ im: '1.16', imDepegIncrease: '0.16' });
  });

  it('IM may fall below MM only when floorAtMaintenance is false', () => {
    // Loss 100 (the -10% scenario), MM factor 0.8 -> 80, IM factor 0.5 -> 50.
    const p = (floorAtMaintenance: boolean) => params({ user: [user('down', '-0.1')] }, { lossFactor: { mm: '0.8', im: '0.5' }, initialMargin: { floorAtMaintenance } });
    expect(computeMargin(book([{ symbol: 'C900', quantity: '1' }]), market(), p(false)).initialMargin).toBe('50');
    expect(computeMargin(book([{ symbol: 'C900', quantity: '1' }]), market(), p(true)).initialMargin).toBe('80');
  });
});

describe('contingencies as add-ons', () => {
  it('futures contingency, confidence charges and the de-peg charge, with their inputs', () => {
    // Index 1000 (confidence 0.5), perp 2 long (mark confidence 0.3); options: long 1 call 900, short 2 calls 1100
    // (expiry forward confidence 0.9, vol confidence 0.8). Threshold 0.55, rate 1.
    // futures contingency 0.015 * 2 * 1000 = 30; perp confidence min(0.5, 0.3) = 0.3: 0.7 * 2000 = 1400;
    // options (gross 3 units, with futures): min(0.5, 0.3, 0.9, 0.8) = 0.3: 0.7 * 3000 = 2100;
    // de-peg (peg 0.9, threshold 0.98, factor 1.2): 0.096 * 1000 * (2 perp + 2 short) = 384.
    const m = market({ underlying: { confidence: '0.5' }, marks: { 'BASE-PERP': { price: '1000', confidence: '0.3' } }, expiry: { forwardConfidence: '0.9', volConfidence: '0.8' }, peg: '0.9' });
    const add: NonNullable<MarginParametersInput['addOns']> = {
      futuresContingency: { rate: '0.015' },
      confidence: { futures: { threshold: '0.55', rate: '1' }, options: { threshold: '0.55', rate: '1', notional: 'gross', withFutures: true } },
      depeg: { threshold: '0.98', factor: '1.2' },
    };
    const r = computeMargin(book([{ symbol: 'BASE-PERP', quantity: '2' }, { symbol: 'C900', quantity: '1' }, { symbol: 'C1100', quantity: '-2' }]), m, params({ user: [user('flat', '0')] }, { addOns: add }));
    const amounts = unit(r).addOns.map((a) => [a.name, a.amount]);
    expect(amounts).toEqual([['futuresContingency', '30'], ['confidenceCharge', '1400'], ['confidenceCharge', '2100'], ['depeg', '384']]);
    expect(unit(r).addOns[2]!.inputs).toMatchObject({ confidence: '0.3', notional: '3000' });
    // Short-only notional without the perp's confidence (the standard manager): min(0.5, 0.9, 0.8) = 0.5 on 2 units: 0.5 * 2000 = 1000.
    const s = computeMargin(book([{ symbol: 'BASE-PERP', quantity: '2' }, { symbol: 'C900', quantity: '1' }, { symbol: 'C1100', quantity: '-2' }]), m, params({ user: [user('flat', '0')] }, { addOns: { confidence: { options: { threshold: '0.55', rate: '1', notional: 'short' } } } }));
    expect(unit(s).addOns.map((a) => a.amount)).toEqual(['1000']);
  });

  it('collateral charges inside margin: haircuts by value or by index, and confidence', () => {
    // XYZ (untied): 10 at 50 = 500; MM haircut 0.1 -> 50; IM 0.15 -> 75; its confidence 0.6 capped by the
    // lowest index confidence 0.4 ('all'), threshold 0.55, rate 1: 0.6 * 500 = 300.
    const m = market({ underlying: { confidence: '0.4' }, assets: { XYZ: { price: '50', confidence: '0.6' } } });
    const p = params({ user: [user('flat', '0')] }, { collateralCharges: { assets: { XYZ: { maintenance: '0.1', initial: '0.15' } }, confidence: { threshold: '0.55', rate: '1', indexCap: 'all' } } });
    const r = computeMargin(book([], [{ asset: 'XYZ', balance: '10' }, { asset: 'USDC', balance: '1000' }]), m, p);
    expect(r.collateralCharges).toMatchObject({ mm: '50', im: '375' });
    expect([r.maintenanceMargin, r.initialMargin]).toEqual(['50', '375']);
    // WBASE tied to BASE (index 1000), priced 1020 in USDC: V = 2040, basis by index 2000; maintenance = initial = 0.2:
    // 2040 - 0.8 * 2000 = 440. Index confidence 0.1 < 0.4, rate 0.4: 0.9 * 0.4 * 2000 = 720 (IM only).
    const m2 = market({ underlying: { confidence: '0.1' }, assets: { WBASE: { price: '1020', underlying: 'BASE' } } });
    const p2: MarginParametersInput = { id: 'std', version: '1', source: 'hand calculation', mode: 'standard', settlementPrecision: 18, standard: { futures: { default: { im: '0.1', mm: '0.05' } }, options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075' } } }, collateralCharges: { assets: {}, tied: { maintenance: '0.2', initial: '0.2', basis: 'index' }, confidence: { threshold: '0.4', rate: '0.4', onlyWhenCredited: true } } };
    const r2 = computeMargin(book([], [{ asset: 'WBASE', balance: '2' }]), m2, p2);
    expect([r2.maintenanceMargin, r2.initialMargin]).toEqual(['440', '1160']);
  });
});

describe('the standard manager rules', () => {
  const srm = (extra: Partial<MarginParametersInput> = {}): MarginParametersInput => ({
    id: 'srm-like',
    version: '1',
    source: 'hand calculation',
    mode: 'standard',
    settlementPrecision: 18,
    standard: {
      futures: { default: { im: '0.065', mm: '0.05' } },
      options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075', putMarkMm: '0.075', reference: 'spot', putImMmMultiple: '1.05', markInRequirement: false, longOptionCredit: false } },
      expiryBound: { unpairedCalls: { im: '1.2', mm: '1.1' } },
    },
    ...extra,
  });
  // Index (spot) 1550, forward 1600 (zero vol, rate 0: marks are intrinsic against the forward).
  const m = (forward = '1600', index = '1550', strikes: [string, 'call' | 'put'][] = []) => ({
    asOf: ASOF,
    settlementCurrency: 'USDC',
    underlyings: { BASE: { index, forwards: { [EXP]: forward } } },
    instruments: strikes.map(([k, right]) => opt(`${right}${k}`, right, k)),
    marks: Object.fromEntries(strikes.map(([k, right]) => [`${right}${k}`, { iv: '0' }])),
    assets: {},
  });
  const derive = (r: { margin: MarginResult; equity: string }) => [new D(r.equity).minus(r.margin.maintenanceMargin).toString(), new D(r.equity).minus(r.margin.initialMargin).toString()];

  it('short call against the spot, mark kept in equity', () => {
    // Short 1 call 1500: mark F - K = 100 (equity -100). OTM vs spot max(1500 - 1550, 0) = 0: IM fraction 0.15.
    // MM = 0.075 * 1550 = 116.25, IM = 0.15 * 1550 = 232.5. Derive's margins: -100 - 116.25 = -216.25, -100 - 232.5 = -332.5.
    // The expiry bound (-100 - min(0, 0) + 1.1 * 1600 = 1660) does not bind.
    const a = createMarginEngine(m('1600', '1550', [['1500', 'call']]), srm()).assess(book([{ symbol: 'call1500', quantity: '-1' }]));
    expect([a.margin.maintenanceMargin, a.margin.initialMargin]).toEqual(['116.25', '232.5']);
    expect(derive(a)).toEqual(['-216.25', '-332.5']);
  });

  it('deep ITM short put: IM at least 1.05 x MM (mark included)', () => {
    // Short 1 put 5000, forward 1500: mark 3500. MM with mark = max(0.075 * 1550, 0.075 * 3500) + 3500 = 3762.5;
    // IM with mark = max(0.15 * 1550 + 3500, 1.05 * 3762.5) = max(3732.5, 3950.625) = 3950.625. Without the mark:
    // MM 262.5, IM 450.625 (the bound: -3500 + 5000 = 1500, does not bind).
    const r = computeMargin(book([{ symbol: 'put5000', quantity: '-1' }]), m('1500', '1550', [['5000', 'put']]), srm());
    expect([r.maintenanceMargin, r.initialMargin]).toEqual(['262.5', '450.625']);
  });

  it('long options are not margin except through the expiry bound, which applies to single legs too', () => {
    // Long 1 call 1500 (mark 100): requirement 100 both, Derive margin 100 - 100 = 0.
    const a = createMarginEngine(m('1600', '1550', [['1500', 'call']]), srm()).assess(book([{ symbol: 'call1500', quantity: '1' }]));
    expect(derive(a)).toEqual(['0', '0']);
    // Put spread: long put 1400 (mark 0), short put 1700 (mark 100), spot = forward = 1600.
    // Isolated: short IM 0.15 * 1600 = 240, MM 0.075 * 1600 = 120. Bound: value -100, worst payoff -300 (S <= 1400):
    // -100 + 300 = 200 for both. IM = min(240, 200) = 200, MM = min(120, 200) = 120.
    const r = computeMargin(book([{ symbol: 'put1400', quantity: '1' }, { symbol: 'put1700', quantity: '-1' }]), m('1600', '1600', [['1400', 'put'], ['1700', 'put']]), srm());
    expect([r.maintenanceMargin, r.initialMargin]).toEqual(['120', '200']);
    expect(r.units[0]!.standard!.spreads[0]).toMatchObject({ maxLoss: '200', imMaxLoss: '200', imBefore: '240', mmBefore: '120' });
  });
});

describe('the Derive presets through the same tree and engine', () => {
  // A PMRM_2-style market: SVI smile, fixed forward part, per-expiry rate and confidences, a tied asset.
  const EXP2 = '2026-01-01T00:20:00.000Z'; // 20 minutes out: 1/3 of the forward is still variable
  const m: MarketSnapshotInput = {
    asOf: ASOF,
    settlementCurrency: 'USDC',
    peg: { price: '0.97' },
    underlyings: {
      BASE: {
        index: '1000',
        confidence: '0.6',
        rateFloor: '0',
        forwards: { [EXP]: '1005', [EXP2]: '1000.5' },
        expiries: {
          [EXP]: { rate: '-0.01', forwardConfidence: '0.5', volConfidence: '0.9', svi: { a: '0.01', b: '0.05', rho: '-0.3', m: '0', sigma: '0.2', forward: '1005', years: '0.25' } },
          [EXP2]: { rate: '0.05', fixedForward: '667', svi: { a: '0.0001', b: '0.001', rho: '0', m: '0', sigma: '0.1', forward: '1000.5', years: '0.00004' } },
        },
      },
    },
    instruments: [opt('C900', 'call', '900'), opt('P1100', 'put', '1100'), { ...opt('S-C1000', 'call', '1000'), expiry: EXP2 }, perp],
    marks: { 'BASE-PERP': { price: '1001', confidence: '0.7' } },
    assets: { WBASE: { price: '1030', underlying: 'BASE', confidence: '0.8' }, XYZ: { price: '2' } },
  };
  const positions = [
    { symbol: 'C900', quantity: '-3' },
    { symbol: 'P1100', quantity: '2' },
    { symbol: 'S-C1000', quantity: '-1' },
    { symbol: 'BASE-PERP', quantity: '1.5', accruedFunding: '-3' },
  ];
  const collateral = [
    { asset: 'USDC', balance: '5000' },
    { asset: 'WBASE', balance: '2' },
    { asset: 'XYZ', balance: '100' },
  ];
  const preset = (id: 'derive-pmrm2' | 'derive-pmrm2-mainnet') => ({
    ...PRESETS[id],
    collateralCharges: { ...(PRESETS[id] as { collateralCharges: object }).collateralCharges, assets: { WBASE: { maintenance: '0.02', initial: '0.03' }, XYZ: { maintenance: '0.1', initial: '0.15' } } },
  });

  for (const id of ['derive-pmrm2', 'derive-pmrm2-mainnet'] as const) {
    it(`${id}: same bytes whatever the order of positions and collateral, and through createMarginEngine`, () => {
      const a = computeMargin(book(positions, collateral), m, preset(id));
      const b = computeMargin(book([...positions].reverse(), [...collateral].reverse()), m, preset(id));
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(JSON.stringify(createMarginEngine(m, preset(id)).margin(book(positions, collateral)))).toBe(JSON.stringify(a));
      const text = JSON.stringify(a);
      expect(text).not.toMatch(/NaN|Infinity|"-0"|\d[eE][+-]?\d/);
      // The tree names every contingency and the loss factors.
      const u = a.units[0]!;
      expect(u.addOns.map((x) => x.name)).toEqual(['shortOptionMinimum', 'futuresContingency']);
      expect(u.imAddOns!.map((x) => x.name)).toContain('confidenceCharge');
      expect(u.lossFactors!.imDepegIncrease).toBeDefined();
      expect(a.collateralCharges!.imAddOns.map((x) => x.name)).toContain('collateralConfidence');
      // Either a scenario binds (each expiry explained) or the basis floor does (it names itself).
      if (u.scanRisk!.basisFloor!.binding) expect(u.scanRisk!.scenario!.id).toBe('basisFloor');
      else expect(u.scanRisk!.expiries!.map((e) => e.expiry)).toEqual([EXP2, EXP]);
    });
  }

  it('derive-srm: same bytes whatever the order, and through createMarginEngine', () => {
    const p = PRESETS['derive-srm'];
    const a = computeMargin(book(positions, collateral), m, p);
    const b = computeMargin(book([...positions].reverse(), [...collateral].reverse()), m, p);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(createMarginEngine(m, p).margin(book(positions, collateral)))).toBe(JSON.stringify(a));
  });
});
