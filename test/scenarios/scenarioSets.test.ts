import { describe, expect, it } from 'vitest';
import { buildRiskArrays, buildScenarioSet, priceRange, shockVol, termScale } from '../../src/scenarios/index.js';
import { computeMargin } from '../../src/margin/index.js';
import { D } from '../../src/numeric/decimal.js';
import { parseMarket } from '../../src/schema/parse.js';
import type { MarketSnapshotInput } from '../../src/schema/marketSchema.js';
import { DERIBIT_PORTFOLIO_MARGIN, DERIBIT_PORTFOLIO_MARGIN_2023, SPAN_CLASSIC_16, SPAN_CME_16 } from '../../src/presets/index.js';
import { ASOF, perp } from '../margin/fixtures.js';

const market = {
  asOf: ASOF,
  settlementCurrency: 'USDC',
  instruments: [perp('X-FUT', 'X', { expiry: '2027-03-26T08:00:00Z' })],
  underlyings: { X: { index: '1000' } },
  marks: { 'X-FUT': { price: '1000' } },
  assets: {},
};

describe('SPAN 16 scenarios', () => {
  it('lists the 16 classic scenarios in SPAN order with 35% on the 2x extremes', () => {
    // Price scan range 15%: 1/3, 2/3, 3/3 of it = 5%, 10%, 15%; extremes 2 * 15% = 30% at 35%.
    const set = buildScenarioSet(SPAN_CLASSIC_16, market);
    expect(set.scenarios).toHaveLength(16);
    expect(set.scenarios.map((s) => s.moves.X)).toEqual(['0', '0', '0.05', '0.05', '-0.05', '-0.05', '0.1', '0.1', '-0.1', '-0.1', '0.15', '0.15', '-0.15', '-0.15', '0.3', '-0.3']);
    expect(set.scenarios.map((s) => s.volShock.id)).toEqual([...Array(7).fill(['up', 'down']).flat(), 'none', 'none']);
    expect(set.scenarios.map((s) => s.weight)).toEqual([...Array(14).fill('1'), '0.35', '0.35']);
  });
  it('CME files: 3x at 33%', () => {
    const set = buildScenarioSet(SPAN_CME_16, market);
    expect(set.scenarios.slice(14).map((s) => [s.moves.X, s.weight])).toEqual([
      ['0.45', '0.33'],
      ['-0.45', '0.33'],
    ]);
  });
  it('scan risk of one long future', () => {
    // Long 1 future at 1,000: worst grid loss 15% * 1,000 = 150; classic extreme 0.35 * 30% * 1,000 = 105;
    // CME extreme 0.33 * 45% * 1,000 = 148.5. Scan = 150 in both; IM = 1.1 * 150 = 165.
    const book = { accountId: 's', settlementCurrency: 'USDC', positions: [{ symbol: 'X-FUT', quantity: '1' }], collateral: [] };
    for (const p of [SPAN_CLASSIC_16, SPAN_CME_16]) {
      const r = computeMargin(book, market, p);
      expect(r.units[0]!.scanRisk!.amount).toBe('150');
      expect(r.units[0]!.scanRisk!.scenario!.id).toBe('grid:-3/3:up');
      expect(r.maintenanceMargin).toBe('150');
      expect(r.initialMargin).toBe('165');
      // the extreme scenarios' weighted P&L: 0.35 * -300 = -105 (classic), 0.33 * -450 = -148.5 (CME)
      expect(r.units[0]!.pnlVector[15]).toBe(p === SPAN_CLASSIC_16 ? -300 : -450);
    }
  });
});

describe('Deribit-style set (pre-2024 model, deribit-pm-2023)', () => {
  it('has 9 moves x 3 vol states and the 8-move extended table weighted 0.16/|move|', () => {
    const set = buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN_2023, market);
    expect(set.scenarios).toHaveLength(35);
    expect(set.scenarios[0]!.id).toBe('grid:-4/4:up');
    expect(set.scenarios.slice(0, 27).filter((s) => s.volShock.id === 'up').map((s) => s.moves.X)).toEqual(['-0.16', '-0.12', '-0.08', '-0.04', '0', '0.04', '0.08', '0.12', '0.16']);
    const tails = set.scenarios.slice(27);
    expect(tails.map((s) => s.moves.X)).toEqual(['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5']);
    expect(tails.every((s) => s.volShock.id === 'up')).toBe(true);
    // 0.16 / 0.5 = 0.32; 0.16 / 1 = 0.16; 0.16 / 5 = 0.032
    expect(tails.slice(2, 5).map((s) => s.weight)).toEqual(['0.32', '0.16', '0.08']);
    expect(tails[7]!.weight).toBe('0.032');
    expect(Number(tails[0]!.weight)).toBeCloseTo(0.16 / 0.66, 15);
  });
});

describe("Deribit's 2024 set (deribit-pm)", () => {
  // The same grid; the extended table's weight 1 x 0.16/|move| is folded into the risk arrays per
  // underlying (pnlScale), and each grid and tail scenario carries the aggregated-vector rule.
  const btcMarket: MarketSnapshotInput = {
    asOf: ASOF,
    settlementCurrency: 'BTC',
    instruments: [{ symbol: 'X-INV', kind: 'future', underlying: 'X', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '1' }],
    underlyings: { X: { index: '50000' } },
    marks: { 'X-INV': { price: '50000' } },
    assets: {},
  };
  it('USDC (no coin to convert): P&L x 0.16/|move|, offset 0 capped at 0 on grid gains, the dampener at par on tails', () => {
    const set = buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, market);
    expect(set.scenarios).toHaveLength(35);
    const tails = set.scenarios.slice(27);
    expect(tails.map((s) => [s.moves.X, s.weight, s.pnlScale?.X])).toEqual([
      ['-0.66', '1', ['0.16', '0.66']],
      ['-0.33', '1', ['0.16', '0.33']],
      ['0.5', '1', ['0.16', '0.5']],
      ['1', '1', ['0.16', '1']],
      ['2', '1', ['0.16', '2']],
      ['3', '1', ['0.16', '3']],
      ['4', '1', ['0.16', '4']],
      ['5', '1', ['0.16', '5']],
    ]);
    expect(set.scenarios[0]!.aggregate?.X).toEqual({ gainFactor: '0', gainCap: '0' });
    // (max(|m| / 0.16, 1) - 1) x 100,000 USD at par: -66%: 3.125 x 100,000; +500%: 30.25 x 100,000
    expect(tails[0]!.aggregate?.X).toEqual({ gainFactor: '0', lossRelief: '312500' });
    expect(tails[7]!.aggregate?.X).toEqual({ gainFactor: '0', lossRelief: '3025000' });
  });
  it('BTC-settled (the coin of X by its inverse future): converted at the edge price X x (1 +/- 0.16)', () => {
    const set = buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, btcMarket);
    const tails = set.scenarios.slice(27);
    // -66%: 0.16 x (1 - 0.66) / (0.66 x (1 - 0.16)) = 0.0544 / 0.5544; +500%: 0.16 x 6 / (5 x 1.16) = 0.96 / 5.8
    expect(tails[0]!.pnlScale?.X).toEqual(['0.0544', '0.5544']);
    expect(tails[7]!.pnlScale?.X).toEqual(['0.96', '5.8']);
    // dampener 312,500 USD / (50,000 x 0.84) = 7.440476190476... BTC (40 significant digits)
    expect(tails[0]!.aggregate?.X?.lossRelief).toBe('7.44047619047619047619047619047619047619');
    // grid gain cap 0 USD at max(index, scenario price): 0 BTC
    expect(set.scenarios[26]!.aggregate?.X).toEqual({ gainFactor: '0', gainCap: '0' });
    // A long coin position s = 1 (1 x 50,000 USD of contracts): at -66% its weighted entry is the grid's
    // edge entry s x -0.16 / 0.84 = -0.190476190476... BTC; at +500% s x 0.16 / 1.16 = 0.137931034482...
    const arrays = buildRiskArrays(btcMarket, set);
    const a = arrays.instruments.get('X-INV')!;
    expect(a.exact![27]!.mul(50000).toFixed(30)).toBe(new D(-0.16).div(0.84).toFixed(30));
    expect(a.exact![34]!.mul(50000).toFixed(30)).toBe(new D(0.16).div(1.16).toFixed(30));
    expect(a.exact![0]!.mul(50000).toFixed(30)).toBe(new D(-0.16).div(0.84).toFixed(30));
  });
});

describe('vol shocks and ranges', () => {
  it('term scaling switches power at 30 days and floors days', () => {
    const t = { referenceDays: 30, floorDays: 1, switchDays: 30, shortPower: 0.3, longPower: 0.13 };
    expect(termScale(7.5, t)).toBeCloseTo(Math.pow(4, 0.3), 14); // (30/7.5)^0.30
    expect(termScale(120, t)).toBeCloseTo(Math.pow(0.25, 0.13), 14); // (30/120)^0.13
    expect(termScale(0.1, t)).toBeCloseTo(Math.pow(30, 0.3), 14); // floor at 1 day
    // iv 0.4, 30 days, +50%: 0.6; floored at 0.5 when the shocked vol is lower
    expect(shockVol(0.4, 30, { id: 'up', kind: 'relative', size: 0.5, termScaled: true, termScaling: t })).toBeCloseTo(0.6, 15);
    expect(shockVol(0.2, 30, { id: 'up', kind: 'relative', size: 0.5, termScaled: true, termScaling: t, minVol: 0.5 })).toBe(0.5);
    expect(shockVol(0.3, 30, { id: 'dn', kind: 'absolute', size: -0.4, termScaled: false })).toBe(0);
  });
  it('volatility-derived range z * iv * sqrt(h/365), rounded up to 1 bp', () => {
    // 3 * 0.6 * sqrt(1/365) = 1.8 x 0.0523424... = 0.0942163... -> 0.0943
    expect(priceRange({ kind: 'volatility', z: D(3), horizonDays: D(1), vol: D('0.6') }, parseMarket(market), 'X').toString()).toBe('0.0943');
    // absolute SPAN range 120 points on an index of 1,000: 0.12
    expect(priceRange({ kind: 'absolute', amount: D(120) }, parseMarket(market), 'X').toString()).toBe('0.12');
  });
});

describe('risk arrays', () => {
  it('linear futures carry exact P&L per long contract', () => {
    const set = buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN_2023, market);
    const arrays = buildRiskArrays(market, set);
    const a = arrays.instruments.get('X-FUT')!;
    expect(a.exact![0]!.toString()).toBe('-160'); // 1000 * -0.16
    expect(a.pnl[34]).toBe(5000); // +500% (the weight 0.032 applies in the scan)
    // deribit-pm folds the weight into the array: 1000 x 5 x 0.16 / 5 = 160
    expect(buildRiskArrays(market, buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, market)).instruments.get('X-FUT')!.exact![34]!.toString()).toBe('160');
  });
  it('a collateral coin tied to an underlying: price x move per scenario, one value per move', () => {
    // XC at 1,234.5 tied to X. deribit-pm: grid moves -16% .. +16% in 4% steps, 3 vol states each;
    // tails +500% folded with the weight 0.16 / 5. Hand values: 1234.5 x -0.16 = -197.52 (the three vol
    // states of that move), 1234.5 x 0.04 = 49.38, tail 1234.5 x 5 x 0.16 / 5 = 197.52.
    const m: MarketSnapshotInput = { ...market, assets: { XC: { price: '1234.5', underlying: 'X' } } };
    const a = buildRiskArrays(m, buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, m)).assets.get('XC')!;
    expect(a.exact!.slice(0, 3).map(String)).toEqual(['-197.52', '-197.52', '-197.52']);
    expect(a.exact!.slice(15, 18).map(String)).toEqual(['49.38', '49.38', '49.38']);
    expect(a.exact![34]!.toString()).toBe('197.52');
    // The zero move is an exact zero; every float is its exact value's nearest float.
    expect(a.exact!.slice(12, 15).every((x) => x.isZero())).toBe(true);
    expect(a.exact!.every((x, s) => Object.is(a.pnl[s], x.toNumber()))).toBe(true);
  });
  it('inverse future with its coin tied to the underlying has no entry-independent risk', () => {
    const m: MarketSnapshotInput = {
      ...market,
      instruments: [{ symbol: 'X-INV', kind: 'future', underlying: 'X', quoteCurrency: 'USD', settlementCurrency: 'XC', settlement: 'inverse', contractSize: '10' }],
      marks: { 'X-INV': { price: '1000' } },
      assets: { XC: { price: '1000', underlying: 'X' } },
    };
    const arrays = buildRiskArrays(m, buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, m));
    expect(arrays.instruments.get('X-INV')!.exact!.every((x) => x.isZero())).toBe(true);
    // Long 100 contracts of $10 at entry 800: coin amount 100 * 10 / 800 = 1.25 XC; at -16% it loses
    // 1.25 * 1000 * 0.16 = 200 USDC: a long inverse future is long the coin.
    const r = computeMargin({ accountId: 'inv', settlementCurrency: 'USDC', positions: [{ symbol: 'X-INV', quantity: '100', entryPrice: '800' }], collateral: [] }, m, DERIBIT_PORTFOLIO_MARGIN);
    expect(r.units[0]!.scanRisk!.positions).toEqual([{ symbol: 'X-INV', quantity: '100', pnl: '-200' }]);
  });
});
