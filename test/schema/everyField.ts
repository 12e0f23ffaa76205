/**
 * One valid input per schema, with every optional field present, so that a walk over its leaves
 * reaches every decimal field (and every other leaf) of every schema the public API parses. Each
 * entry names the call that parses it and the `argument` its issues carry.
 */
import * as L from '../../src/index.js';
import { namedBook, namedMarket } from '../trust/userNames.js';

export type Path = (string | number)[];

export interface SchemaInput {
  name: string;
  input: unknown;
  argument: string;
  parse: (x: any) => unknown;
}

const quality = { timestamp: '2026-11-29T07:59:59Z', confidence: '0.9' };

/** A market with one instrument of each shape (perpetual, dated future, option, inverse future) and every optional price field. */
export function richMarket(): any {
  const m = namedMarket('BTC');
  const keep = ['BTC', 'BTC-25DEC26', 'BTC-C100000', 'BTC-INV'];
  m.instruments = m.instruments.filter((i: { symbol: string }) => keep.includes(i.symbol));
  m.marks = Object.fromEntries(keep.map((k) => [k, m.marks[k]]));
  Object.assign(m.underlyings.BTC, quality);
  m.underlyings.ETH.rate = '0.02';
  m.marks['BTC-C100000'] = { iv: '0.55', price: '3000', ...quality };
  Object.assign(m.assets.BTC, quality);
  return m;
}

export function richBook(): any {
  const b = namedBook('BTC');
  b.positions = b.positions.slice(0, 2);
  b.positions.push({ symbol: 'BTC-25DEC26', quantity: '1', entryPrice: '100000', isolatedMargin: '9000', accruedFunding: '1.5' });
  return b;
}

export function richParams(): any {
  const scenarios = {
    priceRange: { kind: 'relative', range: '0.15' },
    rangeByUnderlying: {
      BTC: { kind: 'volatility', z: '3', horizonDays: '1', vol: '0.6', min: '0.05', max: '0.5' },
      ETH: { kind: 'absolute', amount: '500' },
    },
    priceSteps: 2,
    gridOrder: 'span',
    volShocks: [
      { id: 'up', kind: 'relative', size: '0.3', termScaled: true, minVol: '0.2' },
      { id: 'pts', kind: 'absolute', size: '0.05' },
    ],
    termScaling: { referenceDays: '30', floorDays: '1', switchDays: '30', shortPower: '0.3', longPower: '0.13' },
    tails: [
      { move: '-0.5', volShock: 'up', weight: { kind: 'damped', c: '0.2' } },
      { rangeMultiple: '2', volShock: 'none', weight: { kind: 'coverage', fraction: '0.35' } },
    ],
    user: [{ id: 'crash', label: 'crash', moves: { BTC: '-0.3', ETH: '-0.35' }, volShock: 'up', timeStepDays: '1', weight: '0.5' }],
    timeStepDays: '0.5',
  };
  const addOns = {
    shortOptionMinimum: { rate: '0.01', netting: 'calls-or-puts', apply: 'floor' },
    nakedShortOption: { rate: '0.02' },
    deltaContingency: { netDeltaRate: '0.01', grossOptionRate: '0.005' },
    calendarSpread: { rate: '0.01', includeOptions: true },
    concentration: { measure: 'scanRisk', rate: '0.5', bands: [{ upTo: '10000', multiplier: '1' }, { multiplier: '2' }] },
    minimum: { amount: '100' },
  };
  return {
    id: 'every-field',
    version: '1',
    source: 'test: every field of the schema',
    mode: 'portfolio',
    settlementPrecision: 2,
    scenarios,
    collateralInScenarios: true,
    riskUnits: [{ id: 'BTCU', underlyings: ['BTC'] }],
    addOns,
    interUnitCredits: [{ units: ['BTCU', 'ETH'], deltaRatio: ['1', '20'], rate: '0.3' }],
    joint: [{ id: 'J', units: ['SOL'], scenarios: [{ id: 'j1', moves: { SOL: '-0.2' }, weight: '1', timeStepDays: '0' }] }],
    // The IM scenarios, add-ons and the health section go through the same schemas as `scenarios`,
    // `addOns` and the health parameters walked on their own: small here, to keep the walk short.
    initialMargin: { multiplier: '1.25', scenarios: { priceRange: { kind: 'relative', range: '0.2' }, priceSteps: 1, volShocks: [{ id: 'none', kind: 'none' }] }, addOns: { minimum: { amount: '1' } } },
    standard: {
      futures: { default: { im: '0.1', mm: '0.05', imPerUnit: '0.0001', mmPerUnit: '0.00005' }, byUnderlying: { BTC: { im: '0.02', mm: '0.01', imPerUnit: '0.00005', mmPerUnit: '0.00005' } } },
      options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075', putMarkMm: '0.075' }, byUnderlying: { BTC: { imBase: '0.2', imFloor: '0.1', mm: '0.08', putMarkMm: '0.08' } } },
      spreadsMaxLoss: true,
    },
    isolated: { mode: 'standard' },
    health: { id: 'h', version: '1' },
  };
}

/** A parameter set with every field of the Deribit 2024 mechanisms (issue 13): MM from IM, aggregated-vector rules, per-underlying vol states, rangeOverMove tails, roll and delta shocks, echo. */
export function richDeribitParams(): any {
  return {
    id: 'every-field-2024',
    version: '1',
    source: 'test: every field of the 2024 mechanisms',
    mode: 'portfolio',
    settlementPrecision: 9,
    scenarios: {
      priceRange: { kind: 'relative', range: '0.16' },
      priceSteps: 4,
      volShocks: [
        { id: 'up', kind: 'relative', size: '0.5', termScaled: true, minVol: '0.5' },
        { id: 'same', kind: 'none' },
      ],
      volShocksByUnderlying: { ETH: [{ id: 'up', kind: 'relative', size: '0.4', termScaled: true, minVol: '0.45' }, { id: 'same', kind: 'none' }] },
      termScaling: { referenceDays: '30', floorDays: '1', switchDays: '30', shortPower: '0.3', longPower: '0.13' },
      termScalingByUnderlying: { ETH: { referenceDays: '30', floorDays: '2', switchDays: '30', shortPower: '0.31', longPower: '0.14', switchInclusive: true } },
      tails: [{ move: '-0.66', volShock: 'up', weight: { kind: 'rangeOverMove', factor: '1', factorByUnderlying: { ETH: '0.9' }, pnlCurrency: 'index' } }],
      aggregate: { pnlOffset: '0.6', maxOffsetablePnl: '20000000', dampener: { amount: '100000', scaling: 'excessOverRange', gains: 'dampenThenOffset' } },
    },
    addOns: {
      rollShock: { minAnnualisedMove: '0.01', annualisedMoveRisk: '0.075', includeOptions: true },
      deltaShock: { threshold: '20000000', incrementPerUnit: '0.00005', max: '0.1', includeOptions: true },
    },
    maintenanceMargin: { factorOfInitial: '0.8' },
    echo: { source: 'deribit model_params', unknown: [{ path: 'general.x', value: 'true' }], notUsed: [{ path: 'currency.btc.equity_side_impact', value: 'both' }] },
  };
}

export function richCollateral(): any {
  return {
    haircuts: { BTC: { initial: '0.05', maintenance: { tiers: [{ upTo: '1000000', haircut: '0.02' }, { haircut: '0.1' }] } }, ETH: { initial: '0.1', maintenance: '0.05' } },
    defaultHaircut: { initial: '0.1' },
    borrowTiers: [{ upTo: '1000', rate: '0.01' }, { rate: '0.05' }],
  };
}

export function richHealth(): any {
  return {
    id: 'h',
    version: '1',
    source: 'test',
    collateral: richCollateral(),
    status: { marginCallBand: '0.25' },
    liquidation: { fee: '0.005', slippage: '0.001', endBuffer: '0.3', auctionDiscount: '0.95', search: { maxDown: '0.9', maxUp: '5', steps: 4, tolerance: '0.0001' } },
    marketData: { maxPriceAgeMs: 60000, stalenessCharge: '0.01', minConfidence: '0.5' },
  };
}

/** Every schema the public API parses, with a full input and the call that parses it. */
export function everySchema(): SchemaInput[] {
  const market = richMarket();
  const prices = { ...market };
  delete prices.instruments;
  const book = richBook();
  const expired = namedMarket('BTC', '2026-12-26T00:00:00Z');
  return [
    { name: 'market', input: market, argument: 'market', parse: (x) => L.parseMarket(x) },
    { name: 'market prices', input: prices, argument: 'prices', parse: (x) => L.parseMarketPrices(x) },
    { name: 'portfolio', input: book, argument: 'portfolio', parse: (x) => L.parsePortfolio(x) },
    { name: 'margin parameters', input: richParams(), argument: 'params', parse: (x) => L.parseMarginParameters(x) },
    { name: 'margin parameters (Deribit 2024 mechanisms)', input: richDeribitParams(), argument: 'params', parse: (x) => L.parseMarginParameters(x) },
    { name: 'health parameters', input: richHealth(), argument: 'params', parse: (x) => L.parseHealthParameters(x) },
    { name: 'collateral parameters', input: richCollateral(), argument: 'params', parse: (x) => L.parseCollateralParameters(x) },
    { name: 'trades', input: [{ symbol: 'BTC', quantity: '1', price: '100000', fee: '1' }], argument: 'trades', parse: (x) => L.simulate(namedBook('BTC'), x, namedMarket('BTC'), L.PRESETS['deribit-standard']) },
    { name: 'settlement prices', input: { BTC: '101000', ETH: '2900' }, argument: 'settlementPrices', parse: (x) => L.settleExpired(namedBook('BTC'), expired, x) },
    { name: 'funding', input: { quantity: '2', contractSize: '1', markPrice: '100000', fundingRate: '0.0001', cap: '0.001', settlement: 'linear', periods: '3', decimals: 2 }, argument: 'funding', parse: (x) => L.fundingPayment(x) },
    { name: 'closed-form liquidation', input: { side: 'long', quantity: '0.02', entryPrice: '50000', walletBalance: '500', maintenanceMarginRate: '0.004', maintenanceAmount: '0', settlement: 'linear', decimals: 2 }, argument: 'position', parse: (x) => L.closedFormLiquidationPrice(x) },
    { name: 'perp liquidation size', input: { shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1', fee: '0.01', contractSize: '1', decimals: 8 }, argument: 'liquidation', parse: (x) => L.perpLiquidationSize(x) },
    { name: 'auction', input: { equity: '900', maintenanceMargin: '1000', markToMarket: '5000', cash: '-4100', bufferScale: '0.1', discountFactor: '0.95', decimals: 2 }, argument: 'auction', parse: (x) => L.auctionMaxFraction(x) },
    { name: 'ADL ranking', input: [{ accountId: 'a', unrealizedPnl: '10', entryNotional: '100', markNotional: '110', equity: '50' }], argument: 'accounts', parse: (x) => L.adlRanking(x) },
  ];
}

/**
 * Every leaf (string, number or boolean) of a JSON-like value, with its path. In an array, only the
 * first element of each shape (its set of keys) is walked: the others go through the same schema.
 */
export function leavesOf(v: unknown, path: Path = []): Path[] {
  if (Array.isArray(v)) {
    const seen = new Set<string>();
    return v.flatMap((x, i) => {
      const shape = x !== null && typeof x === 'object' ? Object.keys(x).sort().join() : typeof x;
      if (seen.has(shape)) return [];
      seen.add(shape);
      return leavesOf(x, [...path, i]);
    });
  }
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leavesOf(x, [...path, k]));
  return [path];
}

/** A deep copy of `root` with the leaf at `path` replaced by `value` (kept by reference). */
export function replaced(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root);
  let o: any = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]!] = value;
  return copy;
}
