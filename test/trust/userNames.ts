/**
 * A book, market and parameter sets in which every user-chosen name (underlying, symbol, asset,
 * settlement coin, account id, risk unit, vol shock, user and joint scenario, joint set, haircut key,
 * `rangeByUnderlying` / `byUnderlying` key, settlement-price key) is `n`, or built from `n`
 * (`${n}-PERP`, ...). Every other name starts with an upper-case letter, so that it sorts before any
 * `n` in use here (lower case, `_` or `q` first): a book built on `P` and one built on `'q' + P` list
 * everything in the same order, and their outputs differ only by that prefix.
 */
export const PROTOTYPE_NAMES = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
] as const;

export function namedMarket(n: string, asOf = '2026-11-29T08:00:00Z'): any {
  const lin = (symbol: string, extra: object = {}) => ({ symbol, kind: 'future', underlying: n, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', ...extra });
  const opt = (symbol: string, right: string, strike: string, extra: object = {}) => ({ symbol, kind: 'option', underlying: n, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', expiry: '2026-12-25T08:00:00Z', right, strike, ...extra });
  return {
    asOf,
    settlementCurrency: 'USDC',
    instruments: [
      lin(n),
      lin(`${n}-25DEC26`, { expiry: '2026-12-25T08:00:00Z' }),
      lin(`${n}-26MAR27`, { expiry: '2027-03-26T08:00:00Z' }), // listed, never held
      opt(`${n}-C100000`, 'call', '100000'),
      opt(`${n}-C110000`, 'call', '110000'),
      opt(`${n}-P90000`, 'put', '90000'),
      { symbol: `${n}-INV`, kind: 'future', underlying: n, quoteCurrency: 'USD', settlementCurrency: n, settlement: 'inverse', contractSize: '10' },
      opt(`${n}-INV-C`, 'call', '100000', { quoteCurrency: 'USD', settlementCurrency: n, settlement: 'inverse' }),
      { symbol: 'ETH-PERP', kind: 'future', underlying: 'ETH', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' },
      { symbol: 'ETH-P3000', kind: 'option', underlying: 'ETH', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', expiry: '2026-12-25T08:00:00Z', right: 'put', strike: '3000' },
    ],
    underlyings: {
      [n]: { index: '100000', rate: '0.01', forwards: { '2026-12-25T08:00:00Z': '100600' } },
      ETH: { index: '3500' },
    },
    marks: {
      [n]: { price: '100050' },
      [`${n}-25DEC26`]: { price: '100600' },
      [`${n}-26MAR27`]: { price: '101500' },
      [`${n}-C100000`]: { iv: '0.55' },
      [`${n}-C110000`]: { iv: '0.6' },
      [`${n}-P90000`]: { iv: '0.62' },
      [`${n}-INV`]: { price: '100040' },
      [`${n}-INV-C`]: { iv: '0.55' },
      'ETH-PERP': { price: '3502.5' },
      'ETH-P3000': { iv: '0.7' },
    },
    assets: { [n]: { price: '100000', underlying: n }, USDT: { price: '0.9995' } },
  };
}

export function namedBook(n: string): any {
  return {
    accountId: n,
    settlementCurrency: 'USDC',
    positions: [
      { symbol: n, quantity: '1.5', entryPrice: '97000', accruedFunding: '-12.35' },
      { symbol: `${n}-25DEC26`, quantity: '-2', entryPrice: '101500' },
      { symbol: `${n}-C100000`, quantity: '-10' },
      { symbol: `${n}-C110000`, quantity: '10' },
      { symbol: `${n}-P90000`, quantity: '-5' },
      { symbol: `${n}-INV`, quantity: '-1000', entryPrice: '99000' },
      { symbol: `${n}-INV-C`, quantity: '2' },
      { symbol: 'ETH-PERP', quantity: '-20', entryPrice: '3600' },
      { symbol: 'ETH-P3000', quantity: '-30' },
    ],
    collateral: [
      { asset: 'USDC', balance: '250000' },
      { asset: n, balance: '0.75' },
      { asset: 'USDT', balance: '25000' },
    ],
  };
}

/** A smaller book for the liquidation search (a scan and a bisection per underlying and direction). */
export function namedSmallBook(n: string): any {
  return {
    accountId: n,
    settlementCurrency: 'USDC',
    positions: [
      { symbol: n, quantity: '3', entryPrice: '97000' },
      { symbol: `${n}-INV`, quantity: '-1000', entryPrice: '99000' },
      { symbol: `${n}-P90000`, quantity: '-2' },
      { symbol: 'ETH-PERP', quantity: '-20', entryPrice: '3600' },
    ],
    collateral: [
      { asset: 'USDC', balance: '20000' },
      { asset: n, balance: '0.1' },
    ],
  };
}

/** The same book with one position held in isolation (exercises isolated margin and its flags). */
export function namedIsolatedBook(n: string): any {
  const b = namedBook(n);
  b.positions.push({ symbol: `${n}-25DEC26`, quantity: '1', entryPrice: '100000', isolatedMargin: '9000' });
  return b;
}

const health = (n: string) => ({
  id: n,
  version: '1',
  collateral: { haircuts: { [n]: { initial: '0.05', maintenance: '0.02' }, USDT: { initial: { tiers: [{ upTo: '10000', haircut: '0' }, { haircut: '0.1' }] } } }, borrowTiers: [{ upTo: '1000', rate: '0.01' }, { rate: '0.05' }] },
  // A coarse liquidation search: the names, not the search, are under test here.
  liquidation: { search: { steps: 3, tolerance: '0.0001' } },
});

/** Portfolio mode with every user-named section keyed by `n`: risk unit, vol shock, tails, user scenario, range, credits, standard tiers, haircuts. */
export function namedPortfolioParams(n: string): any {
  return {
    id: n,
    version: n,
    source: 'test: every user-named key',
    mode: 'portfolio',
    settlementPrecision: 2,
    scenarios: {
      priceRange: { kind: 'relative', range: '0.15' },
      rangeByUnderlying: { [n]: { kind: 'relative', range: '0.2' } },
      priceSteps: 3,
      volShocks: [
        { id: n, kind: 'relative', size: '0.3' },
        { id: 'Same', kind: 'none' },
      ],
      tails: [{ move: '-0.5', volShock: n, weight: { kind: 'damped', c: '0.2' } }],
      user: [{ id: n, moves: { [n]: '-0.25', ETH: '0.1' }, volShock: n }],
    },
    riskUnits: [{ id: n, underlyings: [n] }],
    interUnitCredits: [{ units: [n, 'ETH'], deltaRatio: ['1', '20'], rate: '0.3' }],
    addOns: { shortOptionMinimum: { rate: '0.01' }, calendarSpread: { rate: '0.01' }, concentration: { measure: 'grossNotional', bands: [{ upTo: '100000', multiplier: '1' }, { multiplier: '1.1' }] } },
    initialMargin: { multiplier: '1.25' },
    standard: {
      futures: { default: { im: '0.1', mm: '0.05' }, byUnderlying: { [n]: { im: '0.02', mm: '0.01', imPerUnit: '0.00005', mmPerUnit: '0.00005' } } },
      options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075' }, byUnderlying: { [n]: { imBase: '0.2', imFloor: '0.1', mm: '0.08' } } },
    },
    isolated: { mode: 'standard' },
    health: health(n),
  };
}

/** Portfolio mode with a joint scenario set named `n` over the units `n` and `ETH`. */
export function namedJointParams(n: string): any {
  const p = namedPortfolioParams(n);
  delete p.interUnitCredits;
  p.joint = [{ id: n, units: [n, 'ETH'], scenarios: [{ id: n, moves: { [n]: '-0.3', ETH: '-0.3' } }, { id: 'Up', moves: { [n]: '0.3' } }] }];
  return p;
}

/** Standard mode with `byUnderlying` keyed by `n` (and not: the default tier applies to ETH). */
export function namedStandardParams(n: string): any {
  const p = namedPortfolioParams(n);
  p.mode = 'standard';
  delete p.scenarios;
  delete p.riskUnits;
  delete p.interUnitCredits;
  delete p.addOns;
  delete p.initialMargin;
  p.standard.spreadsMaxLoss = true;
  return p;
}

export function namedCollateralParams(n: string): any {
  return health(n).collateral;
}
