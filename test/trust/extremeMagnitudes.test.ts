import { describe, expect, it } from 'vitest';
import { API } from '../golden/api.js';
import { badLeaves } from './generators.js';

// Issue 9, item 14: JSON numbers far below any price (1e-200, 1e-320) passed the boundary and broke
// the float64 models inside (RangeError `non-finite model value NaN` from 1/F^3 underflowing). The
// class: every product or quotient of prices in the models. The fix bounds the inputs: prices,
// strikes and contract sizes must be at least LIMITS.minPrice (1e-18) and at most 1e24, so every
// model product stays inside float64's range (a worked bound is in LIMITS' TSDoc). Here: extreme
// magnitudes at both ends, for every price-like field, through every entry point: a result free of
// NaN / Infinity / exponent notation, or MarginInputError; nothing else.

const MarginInputError = API.MarginInputError as new (...a: unknown[]) => Error & { issues: { code: string; path: unknown[]; argument?: string }[] };
const PRESETS = API.PRESETS as Record<string, unknown>;

function market(): any {
  return {
    asOf: '2026-11-29T08:00:00Z',
    settlementCurrency: 'USDC',
    instruments: [
      { symbol: 'BTC-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' },
      { symbol: 'BTC-INV-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '10' },
      { symbol: 'BTC-C', kind: 'option', underlying: 'BTC', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', expiry: '2026-12-25T08:00:00Z', right: 'call', strike: '100000' },
      { symbol: 'BTC-INV-P', kind: 'option', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '1', expiry: '2026-12-25T08:00:00Z', right: 'put', strike: '90000' },
    ],
    underlyings: { BTC: { index: '100000', rate: '0.05', forwards: { '2026-12-25T08:00:00Z': '100600' } } },
    marks: { 'BTC-PERP': { price: '100050' }, 'BTC-INV-PERP': { price: '100040' }, 'BTC-C': { iv: '0.55' }, 'BTC-INV-P': { price: '0.02' } },
    assets: { BTC: { price: '100000', underlying: 'BTC' } },
  };
}
function book(): any {
  return {
    accountId: 'x',
    settlementCurrency: 'USDC',
    positions: [
      { symbol: 'BTC-PERP', quantity: '2', entryPrice: '97000' },
      { symbol: 'BTC-INV-PERP', quantity: '-1000', entryPrice: '101000' },
      { symbol: 'BTC-C', quantity: '-3' },
      { symbol: 'BTC-INV-P', quantity: '4' },
    ],
    collateral: [{ asset: 'USDC', balance: '500000' }, { asset: 'BTC', balance: '1.5' }],
  };
}

/** Every price-like field: where it is, and how to set it. */
const FIELDS: [string, (m: any, b: any, v: unknown) => void][] = [
  ['index', (m, _b, v) => (m.underlyings.BTC.index = v)],
  ['forward', (m, _b, v) => (m.underlyings.BTC.forwards['2026-12-25T08:00:00Z'] = v)],
  ['rate', (m, _b, v) => (m.underlyings.BTC.rate = v)],
  ['linear future mark', (m, _b, v) => (m.marks['BTC-PERP'].price = v)],
  ['inverse future mark', (m, _b, v) => (m.marks['BTC-INV-PERP'].price = v)],
  ['option iv', (m, _b, v) => (m.marks['BTC-C'].iv = v)],
  ['inverse option price', (m, _b, v) => (m.marks['BTC-INV-P'].price = v)],
  ['coin price', (m, _b, v) => (m.assets.BTC.price = v)],
  ['strike', (m, _b, v) => (m.instruments[2].strike = v)],
  ['inverse strike', (m, _b, v) => (m.instruments[3].strike = v)],
  ['contract size', (m, _b, v) => (m.instruments[1].contractSize = v)],
  ['entry price', (_m, b, v) => (b.positions[1].entryPrice = v)],
  ['quantity', (_m, b, v) => (b.positions[2].quantity = v)],
  ['balance', (_m, b, v) => (b.collateral[1].balance = v)],
  ['the issue’s repro: index, inverse mark and coin price together', (m, _b, v) => {
    m.underlyings.BTC.index = v;
    m.marks['BTC-INV-PERP'].price = v;
    m.assets.BTC.price = v;
  }],
];
const MAGNITUDES: unknown[] = [1e-320, 1e-19, '0.000000000000000001', 1e24, 1.0000001e24, -1e-200];
const EXTREMES: unknown[] = [1e-320, 1e-18, 1e24];

type Call = [string, (m: any, b: any) => unknown];
const CALLS: Call[] = [
  ...['deribit-pm', 'deribit-standard', 'span-cme-16'].map((id): Call => [`computeMargin ${id}`, (m, b) => (API.computeMargin as Function)(b, m, PRESETS[id])]),
  ['assessAccount', (m, b) => (API.assessAccount as Function)(b, m, PRESETS['deribit-pm'])],
  ['netExposure', (m, b) => (API.netExposure as Function)(b, m)],
  ['accountEquity', (m, b) => (API.accountEquity as Function)(b, m)],
  ['valueCollateral', (m, b) => (API.valueCollateral as Function)(b, m)],
  ['simulate', (m, b) => (API.simulate as Function)(b, [{ symbol: 'BTC-PERP', quantity: '-1' }], m, PRESETS['span-cme-16'])],
  ['engine.assess', (m, b) => (API.createMarginEngine as Function)(m, PRESETS['deribit-pm']).assess(b)],
];
const SLOW_CALLS: Call[] = [
  ['liquidationPrices', (m, b) => (API.liquidationPrices as Function)(b, m, PRESETS['deribit-standard'])],
  ['reductionPlan', (m, b) => (API.reductionPlan as Function)({ ...b, collateral: [{ asset: 'USDC', balance: '1' }] }, m, PRESETS['deribit-standard'])],
];

function check(name: string, f: () => unknown): 'ok' | 'typed' {
  let out: unknown;
  try {
    out = f();
  } catch (e) {
    if (e instanceof MarginInputError && e.issues.length > 0) return 'typed';
    throw new Error(`${name}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
  const bad = badLeaves(JSON.parse(JSON.stringify(out)));
  if (bad.length) throw new Error(`${name}: bad output ${bad.slice(0, 3).join(', ')}`);
  return 'ok';
}

describe('extreme magnitudes in every price-like field: a result or MarginInputError (issue 9, item 14)', () => {
  it('repro: an inverse perp with index, mark and coin price 1e-200 is a typed error at the boundary, naming the fields', () => {
    const m = market();
    FIELDS.at(-1)![1](m, null, 1e-200);
    let e: unknown;
    try {
      (API.netExposure as Function)(book(), m);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(MarginInputError);
    expect((e as InstanceType<typeof MarginInputError>).issues.map((i) => [i.code, i.argument, i.path])).toEqual([
      ['invalid_value', 'market', ['underlyings', 'BTC', 'index']],
      ['invalid_value', 'market', ['marks', 'BTC-INV-PERP', 'price']],
      ['invalid_value', 'market', ['assets', 'BTC', 'price']],
    ]);
  });

  it('at the bound itself (1e-18) the models stay finite: a result, not an error', () => {
    const m = market();
    FIELDS.at(-1)![1](m, null, '0.000000000000000001');
    expect(check('netExposure', () => (API.netExposure as Function)(book(), m))).toBe('ok');
    expect(check('computeMargin span', () => (API.computeMargin as Function)(book(), m, PRESETS['span-cme-16']))).toBe('ok');
  });

  for (const [field, set] of FIELDS) {
    it(field, () => {
      // Every magnitude through the fast entry points; the extremes only through the slow ones.
      for (const [values, calls] of [[MAGNITUDES, CALLS], [EXTREMES, SLOW_CALLS]] as const) {
        for (const v of values) {
          for (const [name, call] of calls) {
            const m = market();
            const b = book();
            set(m, b, v);
            check(`${name} with ${field} = ${String(v)}`, () => call(m, b));
          }
        }
      }
    });
  }
});
