import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import * as z from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { deepFreeze } from '../helpers/sample.js';
import { API, PRESETS } from '../golden/api.js';
import { badLeaves, bookArb, LINEAR_FUTURES, MARKET, permute, PRESET_IDS, SEED_BOOK, type Book } from './generators.js';

// Properties of the public API (README.md, "Trust": the properties rows). fast-check with a fixed seed (reproducible;
// failures shrink to a minimal book), at most 100 runs each, the whole file well under 30 s.
const SEED = 20260601;
const opts = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: false });

type Fn = (...args: unknown[]) => unknown;
const fn = (name: string): Fn => {
  const f = API[name];
  if (typeof f !== 'function') throw new Error(`public API has no ${name}`);
  return f as Fn;
};
const netExposure = fn('netExposure');
const computeMargin = fn('computeMargin');
const assessAccount = fn('assessAccount');
const accountEquity = fn('accountEquity');
const valueCollateral = fn('valueCollateral');
const liquidationPrices = fn('liquidationPrices');
const reductionPlan = fn('reductionPlan');
const preset = (id: string) => JSON.parse(JSON.stringify(PRESETS[id])) as Record<string, unknown>;

interface MarginJson {
  initialMargin: string;
  maintenanceMargin: string;
  units: { unit: string; scanRisk: { amount: string } | null; im: string; mm: string }[];
}

/** Every whole-account entry point, as (book, market) -> JSON text. */
const ENTRY_POINTS: [string, (b: unknown, m: unknown) => unknown][] = [
  ['netExposure', (b, m) => netExposure(b, m)],
  ['accountEquity', (b, m) => accountEquity(b, m)],
  ['valueCollateral', (b, m) => valueCollateral(b, m)],
  ...PRESET_IDS.map((id): [string, (b: unknown, m: unknown) => unknown] => [`computeMargin/${id}`, (b, m) => computeMargin(b, m, preset(id))]),
  ['assessAccount/deribit-pm', (b, m) => assessAccount(b, m, preset('deribit-pm'))],
  ['assessAccount/deribit-standard', (b, m) => assessAccount(b, m, preset('deribit-standard'))],
];

const market = () => JSON.parse(JSON.stringify(MARKET));
const STATUS = ['healthy', 'reduce_only', 'margin_call', 'liquidatable', 'bankrupt'];

describe('permutation invariance: byte-identical JSON whatever the order of positions, collateral, instruments', () => {
  for (const [name, call] of ENTRY_POINTS) {
    it(name, () => {
      fc.assert(
        fc.property(bookArb(), fc.array(fc.integer(), { minLength: 1, maxLength: 40 }), (book, keys) => {
          const m = market();
          const before = JSON.stringify(call(book, m));
          const shuffled = { ...book, positions: permute(book.positions, keys), collateral: permute(book.collateral, [...keys].reverse()) };
          const m2 = { ...m, instruments: permute(m.instruments, keys), marks: Object.fromEntries(permute(Object.entries(m.marks), keys)) };
          expect(JSON.stringify(call(shuffled, m2))).toBe(before);
        }),
        opts(25),
      );
    });
  }
  it('liquidationPrices and reductionPlan (deribit-standard)', () => {
    fc.assert(
      fc.property(bookArb({ maxPositions: 4 }), fc.array(fc.integer(), { minLength: 1, maxLength: 10 }), (book, keys) => {
        const m = market();
        const p = preset('deribit-standard');
        const shuffled = { ...book, positions: permute(book.positions, keys), collateral: permute(book.collateral, keys) };
        expect(JSON.stringify(liquidationPrices(shuffled, m, p))).toBe(JSON.stringify(liquidationPrices(book, m, p)));
        expect(JSON.stringify(reductionPlan(shuffled, m, p))).toBe(JSON.stringify(reductionPlan(book, m, p)));
      }),
      opts(5),
    );
  });
});

describe('netting', () => {
  it('an empty portfolio has zero margin under every preset', () => {
    for (const id of PRESET_IDS) {
      const r = computeMargin({ accountId: 'e', settlementCurrency: 'USDC', positions: [], collateral: [] }, market(), preset(id)) as MarginJson;
      expect([id, r.initialMargin, r.maintenanceMargin]).toEqual([id, '0', '0']);
    }
  });

  it('a long and an equal short of the same contract add nothing (margin of book + pair = margin of book)', () => {
    fc.assert(
      fc.property(bookArb({ assets: ['USDC'] }), fc.constantFrom(...MARKET.instruments.map((i: { symbol: string }) => i.symbol)), fc.integer({ min: 1, max: 50 }), fc.constantFrom(...PRESET_IDS), (book, symbol, q, id) => {
        const m = market();
        const paired = { ...book, positions: [...book.positions, { symbol, quantity: String(q) }, { symbol, quantity: String(-q) }] };
        expect(JSON.stringify(computeMargin(paired, m, preset(id)))).toBe(JSON.stringify(computeMargin(book, m, preset(id))));
      }),
      opts(40),
    );
    const pairOnly = { accountId: 'p', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-25DEC26-100000-C', quantity: '7' }, { symbol: 'BTC-25DEC26-100000-C', quantity: '-7' }], collateral: [] };
    for (const id of PRESET_IDS) expect((computeMargin(pairOnly, market(), preset(id)) as MarginJson).maintenanceMargin).toBe('0');
  });
});

describe('scaling', () => {
  const X = DecimalJs.clone({ precision: 80 });
  // Deribit PM scenarios with no add-ons at all (the short option minimum and calendar charge are
  // linear too, but a tiered add-on would not be): scan risk(k x book) = k x scan risk(book), exactly.
  // The pre-2024 model: the 2024 model's dampener and offset cap are fixed amounts, so its scan risk is
  // homogeneous only with them removed (the second set).
  const noAddOns = { ...preset('deribit-pm-2023'), id: 'pm-no-addons', addOns: {} };
  const pm = preset('deribit-pm') as { scenarios: Record<string, unknown> };
  const noFixedAmounts = { ...pm, id: 'pm-2024-no-fixed-amounts', addOns: {}, scenarios: { ...pm.scenarios, aggregate: { pnlOffset: '0' } } };
  it('scaling every quantity (and balance) by k scales each unit scan risk by k', () => {
    fc.assert(
      fc.property(bookArb(), fc.integer({ min: 2, max: 12 }), (book, k) => {
        const m = market();
        const scaled = {
          ...book,
          positions: book.positions.map((p) => ({ ...p, quantity: new X(p.quantity).mul(k).toFixed() })),
          collateral: book.collateral.map((c) => ({ ...c, balance: new X(c.balance).mul(k).toFixed() })),
        };
        for (const params of k <= 4 ? [noAddOns, noFixedAmounts] : [noAddOns]) {
          const a = computeMargin(book, m, params) as MarginJson;
          const b = computeMargin(scaled, m, params) as MarginJson;
          expect(b.units.map((u) => u.unit)).toEqual(a.units.map((u) => u.unit));
          // Exact up to the last of the library's 40 significant digits (a damped tail weight such as
          // 0.16/0.66 is itself rounded at 40 digits, so k x round(w x L) and round(w x kL) may differ there).
          b.units.forEach((u, i) => {
            const want = new X(a.units[i]!.scanRisk!.amount).mul(k);
            const diff = new X(u.scanRisk!.amount).minus(want).abs();
            expect(diff.lte(want.abs().mul('1e-38')), `${params.id} ${u.unit}: ${u.scanRisk!.amount} vs ${k} x ${a.units[i]!.scanRisk!.amount}`).toBe(true);
          });
        }
      }),
      opts(40),
    );
  });
});

describe('ordering and monotonicity', () => {
  it('IM >= MM >= 0 for every book and preset (account, units and isolated positions)', () => {
    fc.assert(
      fc.property(bookArb(), fc.constantFrom(...PRESET_IDS), (book, id) => {
        const r = computeMargin(book, market(), preset(id)) as MarginJson & { isolated: { im: string; mm: string }[] };
        const pairs = [[r.initialMargin, r.maintenanceMargin], ...r.units.map((u) => [u.im, u.mm]), ...r.isolated.map((u) => [u.im, u.mm])];
        for (const [im, mm] of pairs) {
          expect(new DecimalJs(im!).gte(mm!), `${im} >= ${mm}`).toBe(true);
          expect(new DecimalJs(mm!).gte(0)).toBe(true);
        }
      }),
      opts(60),
    );
  });

  it('adding collateral (USDC or BTC) never worsens the status', () => {
    fc.assert(
      fc.property(bookArb({ assets: ['USDC', 'ETH'] }), fc.constantFrom('USDC', 'BTC'), fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom('deribit-pm', 'deribit-standard'), (book, asset, amount, id) => {
        const m = market();
        const before = assessAccount(book, m, preset(id)) as { status: string };
        const add = asset === 'USDC' ? String(amount) : (amount / 100000).toFixed(5);
        const more = { ...book, collateral: [...book.collateral.filter((c) => c.asset !== asset), { asset, balance: new DecimalJs(book.collateral.find((c) => c.asset === asset)?.balance ?? 0).plus(add).toFixed() }] };
        const after = assessAccount(more, m, preset(id)) as { status: string };
        expect(STATUS.indexOf(after.status), `${before.status} -> ${after.status}`).toBeLessThanOrEqual(STATUS.indexOf(before.status));
      }),
      opts(60),
    );
  });
});

describe('purity and plain JSON', () => {
  it('inputs are never mutated (deep-frozen inputs, same JSON after every entry point)', () => {
    fc.assert(
      fc.property(bookArb(), (book) => {
        const m = market();
        const text = JSON.stringify([book, m]);
        deepFreeze(book);
        deepFreeze(m);
        for (const id of PRESET_IDS) {
          const p = deepFreeze(preset(id));
          computeMargin(book, m, p);
          assessAccount(book, m, p);
        }
        netExposure(book, m);
        accountEquity(book, m);
        expect(JSON.stringify([book, m])).toBe(text);
      }),
      opts(15),
    );
    const presetsText = JSON.stringify(PRESETS);
    computeMargin(SEED_BOOK, market(), PRESETS['deribit-pm']);
    expect(JSON.stringify(PRESETS)).toBe(presetsText);
  });

  it('outputs survive a JSON round trip unchanged and carry no NaN, Infinity, -0, exponent or class instance', () => {
    fc.assert(
      fc.property(bookArb(), (book) => {
        const m = market();
        for (const [name, call] of ENTRY_POINTS) {
          const out = call(book, m);
          expect(badLeaves(out), name).toEqual([]);
          expect(JSON.parse(JSON.stringify(out)), name).toStrictEqual(out);
        }
      }),
      opts(20),
    );
  });
});

// Futures-only books: the library's margin equals an independent decimal computation, digit for digit.
describe('futures-only books equal a decimal hand computation', () => {
  const X = DecimalJs.clone({ precision: 80, rounding: DecimalJs.ROUND_HALF_EVEN });
  const inst = new Map<string, { underlying: string; expiry?: string }>(MARKET.instruments.map((i: { symbol: string; underlying: string; expiry?: string }) => [i.symbol, i]));
  const mark = (s: string) => new X(MARKET.marks[s].price);
  const index = (u: string) => new X(MARKET.underlyings[u].index);
  const up = (x: DecimalJs) => x.toDecimalPlaces(2, X.ROUND_CEIL).toFixed();
  const netted = (book: Book) => {
    const q = new Map<string, DecimalJs>();
    for (const p of book.positions) q.set(p.symbol, (q.get(p.symbol) ?? new X(0)).plus(p.quantity));
    return q;
  };

  it('standard (deribit-standard): IM/MM = sum |q| F (rate + |q| perUnit), rounded up to cents', () => {
    const tiers: Record<string, [string, string, string, string]> = { BTC: ['0.02', '0.01', '0.00005', '0.00005'], ETH: ['0.02', '0.01', '0', '0'] };
    fc.assert(
      fc.property(bookArb({ symbols: LINEAR_FUTURES, assets: ['USDC'] }), (book) => {
        let im = new X(0);
        let mm = new X(0);
        for (const [s, q] of netted(book)) {
          const [i, m, ip, mp] = tiers[inst.get(s)!.underlying]!;
          const units = q.abs();
          im = im.plus(units.mul(mark(s)).mul(units.mul(ip).plus(i)));
          mm = mm.plus(units.mul(mark(s)).mul(units.mul(mp).plus(m)));
        }
        const r = computeMargin(book, market(), preset('deribit-standard')) as MarginJson;
        expect([r.initialMargin, r.maintenanceMargin]).toEqual([up(im), up(mm)]);
      }),
      opts(60),
    );
  });

  it('portfolio (deribit-pm-2023, the pre-2024 model): worst of +/-16% grid and damped tails, plus the calendar charge, x1.3 for IM', () => {
    const grid = [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((k) => ({ move: new X(k).mul('0.04'), weight: new X(1) }));
    const tails = ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5'].map((m) => ({ move: new X(m), weight: X.min(1, new X('0.16').div(new X(m).abs())) }));
    const tied: Record<string, string> = { BTC: 'BTC', ETH: 'ETH' };
    fc.assert(
      fc.property(bookArb({ symbols: LINEAR_FUTURES, assets: ['USDC', 'BTC', 'ETH'] }), (book) => {
        const byUnd = new Map<string, { exposure: DecimalJs; buckets: Map<string, DecimalJs> }>();
        const unit = (u: string) => byUnd.get(u) ?? byUnd.set(u, { exposure: new X(0), buckets: new Map() }).get(u)!;
        for (const [s, q] of netted(book)) {
          if (q.isZero()) continue;
          const i = inst.get(s)!;
          const u = unit(i.underlying);
          u.exposure = u.exposure.plus(q.mul(mark(s)));
          const b = i.expiry ?? 'perpetual';
          u.buckets.set(b, (u.buckets.get(b) ?? new X(0)).plus(q));
        }
        for (const c of book.collateral) {
          const u = tied[c.asset];
          if (u && !new X(c.balance).isZero()) unit(u).exposure = unit(u).exposure.plus(new X(c.balance).mul(MARKET.assets[c.asset].price));
        }
        let mm = new X(0);
        for (const [u, x] of byUnd) {
          let scan = new X(0);
          for (const s of [...grid, ...tails]) scan = X.max(scan, x.exposure.mul(s.move).neg().mul(s.weight));
          let long = new X(0);
          let short = new X(0);
          for (const v of x.buckets.values()) if (v.gt(0)) long = long.plus(v); else short = short.minus(v);
          mm = mm.plus(scan).plus(X.min(long, short).mul('0.01').mul(index(u)));
        }
        const r = computeMargin(book, market(), preset('deribit-pm-2023')) as MarginJson;
        expect([r.initialMargin, r.maintenanceMargin]).toEqual([up(X.max(mm.mul('1.3'), mm)), up(mm)]);
      }),
      opts(80),
    );
  });

  it("portfolio (deribit-pm, Deribit's 2024 model): 0.16 x |exposure| + roll shock + delta shock = IM, MM = 0.8 x IM, to 1e-9", () => {
    // Linear USDC futures and tied coin collateral: the P&L of a move m is exposure x m (exposure = sum q x
    // mark + coin balance x price). Grid: the loss at the edge on the losing side, 0.16 x |exposure|; gains
    // count 0 (pnl_offset 0). Extended table: exposure x m x 0.16/|m| = the same edge loss, minus the
    // dampener (|m|/0.16 - 1) x 100,000 USD, never worse than the grid. Roll shock: per future |q| x
    // max(0.01, 0.075 x T) x index, T = (expiry - asOf) / 365 days. Delta shock: D = |sum q| (BTC or ETH),
    // D x min(0.00005 x max(0, D - 20,000,000 / index), 0.1) x index. Requirements rounded up to 9 decimals.
    const up9 = (x: DecimalJs) => x.toDecimalPlaces(9, X.ROUND_CEIL).toFixed();
    const tied: Record<string, string> = { BTC: 'BTC', ETH: 'ETH' };
    const asOf = Date.parse(MARKET.asOf);
    fc.assert(
      fc.property(bookArb({ symbols: LINEAR_FUTURES, assets: ['USDC', 'BTC', 'ETH'] }), (book) => {
        const byUnd = new Map<string, { exposure: DecimalJs; roll: DecimalJs; delta: DecimalJs }>();
        const unit = (u: string) => byUnd.get(u) ?? byUnd.set(u, { exposure: new X(0), roll: new X(0), delta: new X(0) }).get(u)!;
        for (const [s, q] of netted(book)) {
          if (q.isZero()) continue;
          const i = inst.get(s)!;
          const u = unit(i.underlying);
          u.exposure = u.exposure.plus(q.mul(mark(s)));
          const years = i.expiry ? new X(Date.parse(i.expiry) - asOf).div(365 * 86_400_000) : new X(0);
          u.roll = u.roll.plus(q.abs().mul(X.max('0.01', years.mul('0.075'))).mul(index(i.underlying)));
          u.delta = u.delta.plus(q);
        }
        for (const c of book.collateral) {
          const u = tied[c.asset];
          if (u && !new X(c.balance).isZero()) unit(u).exposure = unit(u).exposure.plus(new X(c.balance).mul(MARKET.assets[c.asset].price));
        }
        let im = new X(0);
        for (const [u, x] of byUnd) {
          const d = x.delta.abs();
          const excess = X.max(0, d.minus(new X(20_000_000).div(index(u))));
          const deltaShock = d.mul(X.min(excess.mul('0.00005'), '0.1')).mul(index(u));
          im = im.plus(x.exposure.abs().mul('0.16')).plus(x.roll).plus(deltaShock);
        }
        const r = computeMargin(book, market(), preset('deribit-pm')) as MarginJson;
        expect([r.initialMargin, r.maintenanceMargin]).toEqual([up9(im), up9(im.mul('0.8'))]);
      }),
      opts(40),
    );
  });
});

// A host's global decimal.js and zod settings must not reach our numbers or messages. Extends
// test/schema/hostConfig.test.ts (parse and netExposure) to margin and health.
describe('host global configuration does not leak into margin and health', () => {
  const bad = { accountId: 5, positions: [{ symbol: 'X', quantity: '1e3' }], collateral: [], bogus: 1 };
  const run = () =>
    JSON.stringify([
      ...PRESET_IDS.map((id) => computeMargin(SEED_BOOK, market(), preset(id))),
      assessAccount(SEED_BOOK, market(), preset('deribit-pm')),
      accountEquity(SEED_BOOK, market()),
      (API.safeAssessAccount as Fn | undefined)?.(bad, market(), preset('deribit-pm')) ?? null,
    ]);
  const before = run();
  afterAll(() => {
    DecimalJs.set({ precision: 20, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -7, toExpPos: 21 });
    z.config(z.locales.en());
  });
  it('same bytes after Decimal.set and z.config', () => {
    DecimalJs.set({ precision: 5, rounding: DecimalJs.ROUND_DOWN, toExpNeg: -2, toExpPos: 3 });
    z.config({ customError: () => 'HOST MESSAGE' });
    z.config(z.locales.fr());
    const after = run();
    expect(after).toBe(before);
    expect(after).not.toContain('HOST MESSAGE');
  });
});
