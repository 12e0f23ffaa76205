import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarginEngine } from '../../src/engine/index.js';
import { assessAccount, simulate } from '../../src/health/index.js';
import { computeMargin } from '../../src/margin/index.js';
import { PRESETS } from '../../src/presets/index.js';
import { parseMarket, withPrices } from '../../src/schema/index.js';
import { loadCases, resolvePresets } from '../golden/goldenCases.js';
import { deepFreeze, sampleBook, sampleMarket } from '../helpers/sample.js';
import { HAND_BOOKS, json, outcome, parameterSets, taggedMarket } from './fixtures.js';
import { untyped } from '../helpers/untyped.js';
import type { PortfolioInput } from '../../src/index.js';

const PARAMS = parameterSets();

describe('engine vs one-shot: the sample book under every preset', () => {
  it.each(PARAMS)('%s: margin, assess and simulate are byte-identical', (_, params) => {
    const market = taggedMarket();
    const book = sampleBook();
    const engine = createMarginEngine(market, params);
    expect(json(engine.margin(book))).toBe(json(computeMargin(book, market, params)));
    const before = engine.assess(book);
    expect(json(before)).toBe(json(assessAccount(book, market, params)));
    const trades = [{ symbol: 'BTC-PERP', quantity: '0.5' }, { symbol: 'ETH-25DEC26-3500-C', quantity: '-3', fee: '1.5' }];
    const want = json(simulate(book, trades, market, params));
    expect(json(engine.simulate(book, trades))).toBe(want);
    expect(json(engine.simulate(book, trades, before))).toBe(want);
  });

  it('parsed inputs give the same bytes as raw ones', () => {
    const market = parseMarket(sampleMarket());
    const engine = createMarginEngine(market, PRESETS['deribit-pm']);
    expect(json(engine.assess(sampleBook()))).toBe(json(assessAccount(sampleBook(), sampleMarket(), PRESETS['deribit-pm'])));
  });
});

describe('engine vs one-shot: hand books', () => {
  const market = taggedMarket();
  const engines = PARAMS.map(([name, params]) => [name, params, createMarginEngine(market, params)] as const);
  for (const [bookName, book] of HAND_BOOKS) {
    it(`${bookName}: every parameter set`, () => {
      for (const [name, params, engine] of engines) {
        expect(outcome(() => engine.margin(book)), name).toEqual(outcome(() => computeMargin(book, market, params)));
        expect(outcome(() => engine.assess(book)), name).toEqual(outcome(() => assessAccount(book, market, params)));
      }
    });
  }

  it('errors: same codes and paths as the one-shot functions', () => {
    // Invalid on purpose: the library checks them at run time.
    const bad = [
      { accountId: 'x' },
      { accountId: 'x', settlementCurrency: 'USDC', positions: [{ symbol: 'NOPE', quantity: '1' }], collateral: [] },
      { accountId: 'x', settlementCurrency: 'BTC', positions: [], collateral: [] },
      { accountId: 'x', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '1e3' }], collateral: [] },
      { accountId: 'x', settlementCurrency: 'USDC', positions: [], collateral: [{ asset: 'DOGE', balance: '5' }] },
    ];
    for (const [name, params, engine] of engines) {
      for (const raw of bad) {
        const b = untyped(raw);
        const want = outcome(() => assessAccount(b, market, params));
        expect(want.error, name).toBeDefined();
        expect(outcome(() => engine.assess(b)), name).toEqual(want);
        expect(outcome(() => engine.margin(b)), name).toEqual(outcome(() => computeMargin(b, market, params)));
      }
    }
  });

  it('an option the snapshot cannot value fails exactly as computeMargin does', () => {
    const m = sampleMarket();
    m.marks['BTC-26MAR27-90000-P'] = { price: '95000' }; // above the strike: no vol reproduces it
    const book = { accountId: 'v', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-26MAR27-90000-P', quantity: '1' }, { symbol: 'BTC-PERP', quantity: '1' }], collateral: [] };
    for (const [name, params] of PARAMS) {
      const engine = createMarginEngine(m, params);
      expect(outcome(() => engine.margin(book)), name).toEqual(outcome(() => computeMargin(book, m, params)));
      expect(outcome(() => engine.assess(book)), name).toEqual(outcome(() => assessAccount(book, m, params)));
    }
  });
});

describe('engine vs one-shot: golden cases', () => {
  const cases = loadCases().filter((c) => c.input.call === 'computeMargin');
  it('there are margin golden cases to replay', () => expect(cases.length).toBeGreaterThan(5));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    // JSON from the golden files, some invalid on purpose (checked at run time).
    const [book, market, params] = resolvePresets(c.input.args, PRESETS) as [never, never, never];
    const one = outcome(() => computeMargin(book, market, params));
    const made = outcome(() => createMarginEngine(market, params));
    if (made.error) {
      expect(one.error).toBeDefined(); // an invalid market or parameter set fails either way
      return;
    }
    const engine = createMarginEngine(market, params);
    expect(outcome(() => engine.margin(book))).toEqual(one);
    expect(outcome(() => engine.assess(book))).toEqual(outcome(() => assessAccount(book, market, params)));
  });
});

describe('engine vs one-shot: random books (property, seeded)', () => {
  const market = taggedMarket();
  const symbols: string[] = market.instruments.map((i: { symbol: string }) => i.symbol);
  const engines = PARAMS.map(([, params]) => [params, createMarginEngine(market, params)] as const);
  const amount = (min: number, max: number, dp: number) => fc.integer({ min: min * 10 ** dp, max: max * 10 ** dp }).map((n) => (n / 10 ** dp).toFixed(dp));
  const position = fc.record(
    {
      symbol: fc.constantFrom(...symbols),
      quantity: amount(-50, 50, 3),
      entryPrice: fc.option(amount(1, 150000, 2).filter((x) => Number(x) > 0), { nil: undefined }),
      isolatedMargin: fc.option(amount(0, 20000, 2), { freq: 8, nil: undefined }),
      accruedFunding: fc.option(amount(-100, 100, 4), { freq: 6, nil: undefined }),
    },
    { requiredKeys: ['symbol', 'quantity'] },
  );
  const collateral = fc.uniqueArray(fc.record({ asset: fc.constantFrom('USDC', 'BTC', 'ETH', 'USDT'), balance: amount(-50000, 500000, 4) }), { selector: (c) => c.asset, maxLength: 4 });
  const book = fc.record({ positions: fc.array(position, { maxLength: 12 }), collateral }).map((b) => ({
    accountId: 'rand',
    settlementCurrency: 'USDC',
    positions: b.positions.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as PortfolioInput['positions'][number]),
    collateral: b.collateral,
  }));

  it('margin and assessment equal the one-shot JSON for every parameter set', () => {
    let valued = 0;
    fc.assert(
      fc.property(book, fc.nat(engines.length - 1), (b, k) => {
        const [params, engine] = engines[k]!;
        expect(outcome(() => engine.margin(b))).toEqual(outcome(() => computeMargin(b, market, params)));
        const a = outcome(() => engine.assess(b));
        expect(a).toEqual(outcome(() => assessAccount(b, market, params)));
        if (a.ok) valued++;
      }),
      { seed: 20261129, numRuns: 50 },
    );
    expect(valued).toBeGreaterThan(25); // most generated books are valid, so results (not only errors) are compared
  });
});

describe('withPrices (a new tick without re-validating the instrument table)', () => {
  const tick = () => {
    const m = sampleMarket();
    m.asOf = '2026-11-30T08:00:00Z';
    m.underlyings.BTC.index = '92500';
    m.underlyings.BTC.forwards = { '2026-12-25T08:00:00Z': '93000' };
    m.underlyings.ETH.rate = '0.03';
    m.assets.BTC.price = '92500';
    for (const [s, mark] of Object.entries<any>(m.marks)) {
      if (mark.price !== undefined) m.marks[s] = { price: String(Math.round(Number(mark.price) * 0.925 * 100) / 100) };
      else m.marks[s] = { iv: String(Number(mark.iv) + 0.07) };
    }
    const { instruments, ...prices } = m;
    void instruments;
    return { full: m, prices };
  };

  it.each(PARAMS)('%s: equals a fresh engine on the new snapshot, and the one-shot functions', (_, params) => {
    const engine = createMarginEngine(sampleMarket(), params);
    const { full, prices } = tick();
    const next = engine.withPrices(prices);
    const fresh = createMarginEngine(full, params);
    const book = sampleBook();
    expect(json(next.scenarioSet)).toBe(json(fresh.scenarioSet));
    expect([...next.riskArrays.instruments.keys()]).toEqual([...fresh.riskArrays.instruments.keys()]);
    for (const [s, a] of next.riskArrays.instruments) expect(Array.from(a.pnl), s).toEqual(Array.from(fresh.riskArrays.instruments.get(s)!.pnl));
    expect(json(next.assess(book))).toBe(json(fresh.assess(book)));
    expect(json(next.assess(book))).toBe(json(assessAccount(book, full, params)));
    expect(json(next.margin(book))).toBe(json(computeMargin(book, withPrices(parseMarket(sampleMarket()), prices), params)));
    // The old engine is untouched.
    expect(json(engine.assess(book))).toBe(json(assessAccount(book, sampleMarket(), params)));
  });

  it('keeps the parsed instrument table (no second validation) and validates the prices', () => {
    const engine = createMarginEngine(sampleMarket(), PRESETS['deribit-pm']);
    const next = engine.withPrices(tick().prices);
    expect(next.market.instruments).toBe(engine.market.instruments);
    expect(outcome(() => engine.withPrices({ ...tick().prices, underlyings: { BTC: { index: '-1' } } })).error).toBeDefined();
  });
});

describe('batch and iterator forms', () => {
  const market = sampleMarket();
  const engine = createMarginEngine(market, PRESETS['deribit-pm']);
  const books = [sampleBook(), ...HAND_BOOKS.map(([, b]) => b)];

  it('assessEach yields what assessMany returns, in order, and each equals assess', () => {
    const many = engine.assessMany(books);
    expect([...engine.assessEach(books)].map(json)).toEqual(many.map(json));
    expect(many.map(json)).toEqual(books.map((b) => json(assessAccount(b, market, PRESETS['deribit-pm']))));
  });

  it('assessEach pulls accounts lazily, one at a time', () => {
    let pulled = 0;
    function* source() {
      for (const b of books) {
        pulled++;
        yield b;
      }
    }
    const it = engine.assessEach(source());
    expect(pulled).toBe(0);
    it.next();
    expect(pulled).toBe(1);
    it.next();
    expect(pulled).toBe(2);
  });

  it('safeAssessEach keeps going past a bad account; assessMany stops at it', () => {
    const mixed = [books[0], { accountId: 'bad' }, books[1]];
    const results = [...engine.safeAssessEach(mixed)];
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(results[1]!.success === false && results[1]!.error.issues[0]!.code).toBe('missing_field');
    expect(() => engine.assessMany(mixed)).toThrow();
    expect(engine.safeAssess({ accountId: 'bad' }).success).toBe(false);
  });

  it('simulate with a before from another account or snapshot is refused', () => {
    const before = engine.assess(books[0]);
    const other = HAND_BOOKS[2]![1];
    expect(outcome(() => engine.simulate(other, [], before)).error).toMatchObject([{ code: 'invalid_value', argument: 'before' }]);
  });

  it('inputs are never mutated and the engine is frozen', () => {
    const m = deepFreeze(sampleMarket());
    const p = deepFreeze(structuredClone(PRESETS['deribit-pm']));
    const e = createMarginEngine(m, p);
    const b = deepFreeze(sampleBook());
    expect(() => e.assess(b)).not.toThrow();
    expect(() => e.simulate(b, deepFreeze([{ symbol: 'BTC-PERP', quantity: '1' }]))).not.toThrow();
    expect(Object.isFrozen(e)).toBe(true);
  });
});
