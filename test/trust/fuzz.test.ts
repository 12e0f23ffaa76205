import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API, PRESETS } from '../golden/api.js';
import { loadCases, resolvePresets } from '../golden/goldenCases.js';
import { badLeaves, HOSTILE, MARKET, mutate, mutationArb, paths, SEED_BOOK } from './generators.js';

// Hostile and broken input (README.md, "Trust": the hostile-input row). Every public entry point gets random JSON and mutated
// valid inputs. Each call must either return a plain-JSON result free of NaN, Infinity, -0 and exponent
// notation, or throw MarginInputError whose issues all carry a documented code and a path. Any other
// exception, or a call slower than the bound below, fails with the input that caused it.
// Bounded: fixed seed, a few thousand calls in all, well under 60 s.

const SEED = 6061;
// A hang bound, not a benchmark: generous, so a slow CI machine never fails a correct call.
const CALL_BOUND_MS = 30_000;
const CODES = new Set([...readFileSync(join(__dirname, '..', '..', 'src', 'schema', 'MarginInputError.ts'), 'utf8').matchAll(/^\s*\| '([a-z_]+)'/gm)].map((m) => m[1]!));
const MarginInputError = API.MarginInputError as new (...a: unknown[]) => Error & { issues: { code: string; path: unknown[] }[] };

/** Functions whose result is a parsed value (Decimal, Map), not plain JSON: the output walk is skipped for them. */
const PARSED_OUTPUT = /^(parse|withPrices)/;

type Outcome = { kind: 'ok' } | { kind: 'typed' } | { kind: 'bad'; why: string };

function callOnce(name: string, args: unknown[]): Outcome {
  const f = API[name] as (...a: unknown[]) => unknown;
  const t0 = performance.now();
  let out: unknown;
  try {
    out = f(...args);
  } catch (e) {
    const ms = performance.now() - t0;
    if (ms > CALL_BOUND_MS) return { kind: 'bad', why: `threw after ${ms.toFixed(0)} ms` };
    if (!(e instanceof MarginInputError)) return { kind: 'bad', why: `non-typed exception ${(e as Error)?.name}: ${(e as Error)?.message}` };
    if (!e.issues.length) return { kind: 'bad', why: 'MarginInputError without issues' };
    for (const i of e.issues) {
      if (!CODES.has(i.code)) return { kind: 'bad', why: `undocumented code ${i.code}` };
      if (!Array.isArray(i.path) || !i.path.every((p) => typeof p === 'string' || typeof p === 'number')) return { kind: 'bad', why: `bad path ${JSON.stringify(i.path)}` };
    }
    return { kind: 'typed' };
  }
  const ms = performance.now() - t0;
  if (ms > CALL_BOUND_MS) return { kind: 'bad', why: `took ${ms.toFixed(0)} ms` };
  if (!PARSED_OUTPUT.test(name)) {
    const bad = badLeaves(out);
    if (bad.length) return { kind: 'bad', why: `bad output leaves: ${bad.slice(0, 5).join(', ')}` };
  }
  return { kind: 'ok' };
}

/**
 * The float pricers (black76Price, bsmGreeks, normalCdf, ...) are a numeric API documented for finite
 * inputs in their domain, not a JSON boundary: they are exercised with extreme valid inputs in
 * extremes.test.ts instead. impliedVolatility, which documents its typed errors, stays in.
 */
const FLOAT_PRICERS = /^(black76|bsm|inverseOption|normalCdf|normalPdf|yearFraction)/;

/** Seeds: every golden case's call, plus the sample book under each account-level entry point. */
const preset = (id: string) => JSON.parse(JSON.stringify(PRESETS[id]));
const book = () => JSON.parse(JSON.stringify(SEED_BOOK));
const market = () => JSON.parse(JSON.stringify(MARKET));
const SEEDS: { call: string; args: unknown[] }[] = [
  ...loadCases().map((c) => ({ call: c.input.call, args: resolvePresets(c.input.args, PRESETS) as unknown[] })),
  { call: 'netExposure', args: [book(), market()] },
  { call: 'accountEquity', args: [book(), market(), { haircuts: { BTC: { initial: '0.05', maintenance: '0.02' } }, borrowTiers: [{ upTo: '1000', rate: '0.01' }, { rate: '0.02' }] }, 2] },
  { call: 'valueCollateral', args: [book(), market(), { defaultHaircut: { initial: { tiers: [{ upTo: '10000', haircut: '0' }, { haircut: '0.1' }] } } }, 2] },
  ...['deribit-pm', 'deribit-standard', 'span-cme-16'].map((id) => ({ call: 'computeMargin', args: [book(), market(), preset(id)] })),
  ...['deribit-pm', 'deribit-standard'].map((id) => ({ call: 'assessAccount', args: [book(), market(), preset(id)] })),
  { call: 'liquidationPrices', args: [{ ...book(), positions: book().positions.slice(0, 3) }, market(), preset('deribit-standard')] },
  { call: 'reductionPlan', args: [{ ...book(), positions: book().positions.slice(0, 3) }, market(), preset('deribit-standard')] },
  { call: 'simulate', args: [book(), [{ symbol: 'BTC-PERP', quantity: '-1' }], market(), preset('deribit-standard')] },
  { call: 'compareMarginModes', args: [book(), market(), { standard: preset('deribit-standard'), portfolio: preset('deribit-pm') }] },
  { call: 'settleExpired', args: [book(), { ...market(), asOf: '2026-12-25T08:00:00Z' }, { BTC: '98000', ETH: '3400' }, 8] },
  { call: 'adlRanking', args: [[{ accountId: 'a', unrealizedPnl: '100', entryNotional: '5000', markNotional: '5100', equity: '1000' }, { accountId: 'b', unrealizedPnl: '-5', entryNotional: '900', markNotional: '895', equity: '100' }]] },
  { call: 'parseMarginParameters', args: [preset('span-classic-16')] },
  { call: 'parseCollateralParameters', args: [{ haircuts: { ETH: { initial: { tiers: [{ upTo: '1000000', haircut: '0.05' }] } } } }] },
].filter((s) => typeof API[s.call] === 'function' && !FLOAT_PRICERS.test(s.call));

describe('mutated valid inputs: a result or the typed error, nothing else', () => {
  for (const seed of SEEDS) {
    const label = `${seed.call} (${JSON.stringify(seed.args).length} chars of seed)`;
    it(label, () => {
      expect(callOnce(seed.call, JSON.parse(JSON.stringify(seed.args)))).not.toMatchObject({ kind: 'bad' });
      const all = paths(seed.args);
      fc.assert(
        fc.property(fc.nat(all.length - 1), mutationArb, fc.nat(all.length - 1), mutationArb, fc.boolean(), (i, m1, j, m2, twice) => {
          let args = mutate(seed.args, all[i]!, m1) as unknown[];
          if (twice) {
            const again = paths(args);
            if (again.length) args = mutate(args, again[j % again.length]!, m2) as unknown[];
          }
          const r = callOnce(seed.call, Array.isArray(args) ? args : [args]);
          if (r.kind === 'bad') throw new Error(`${r.why}\n  in ${seed.call}(${JSON.stringify(args).slice(0, 800)})`);
        }),
        { seed: SEED, numRuns: /computeMargin|assessAccount|compareMarginModes|simulate/.test(seed.call) ? 200 : /liquidationPrices|reductionPlan/.test(seed.call) ? 40 : 120 },
      );
    });
  }
});

describe('random JSON in every argument', () => {
  const names = [...new Set(SEEDS.map((s) => s.call))];
  for (const name of names) {
    const arity = Math.max(...SEEDS.filter((s) => s.call === name).map((s) => s.args.length));
    it(name, () => {
      fc.assert(
        fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 0, maxLength: arity }), (args) => {
          const r = callOnce(name, args);
          if (r.kind === 'bad') throw new Error(`${r.why}\n  in ${name}(${JSON.stringify(args).slice(0, 400)})`);
        }),
        { seed: SEED, numRuns: 60 },
      );
    });
  }
});

describe('size bounds: oversized inputs are refused quickly, never a hang', () => {
  const million = Array.from({ length: 1_000_000 }, (_, i) => ({ symbol: i % 2 ? 'BTC-PERP' : 'ETH-PERP', quantity: '1' }));
  it('10^6 positions: too_many at positions, for parsing, margin and health', () => {
    for (const [name, args] of [
      ['parsePortfolio', [{ ...book(), positions: million }]],
      ['computeMargin', [{ ...book(), positions: million }, market(), preset('deribit-pm')]],
      ['assessAccount', [{ ...book(), positions: million }, market(), preset('deribit-standard')]],
      ['netExposure', [{ ...book(), positions: million }, market()]],
    ] as [string, unknown[]][]) {
      const t0 = performance.now();
      let err: unknown;
      try {
        (API[name] as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(MarginInputError);
      expect((err as InstanceType<typeof MarginInputError>).issues[0]).toMatchObject({ code: 'too_many', path: ['positions'] });
      expect(performance.now() - t0, name).toBeLessThan(CALL_BOUND_MS);
    }
  });
  it('the largest accepted book (LIMITS.maxPositions) is margined within the bound', () => {
    const limits = API.LIMITS as { maxPositions: number };
    const max = Array.from({ length: limits.maxPositions }, (_, i) => ({ symbol: ['BTC-PERP', 'ETH-PERP', 'BTC-25DEC26-100000-C'][i % 3]!, quantity: i % 2 ? '1' : '-2' }));
    const t0 = performance.now();
    const r = callOnce('computeMargin', [{ ...book(), positions: max }, market(), preset('deribit-pm')]);
    expect(r).toEqual({ kind: 'ok' });
    expect(performance.now() - t0).toBeLessThan(CALL_BOUND_MS);
  });
  it('a 64-character decimal is the longest accepted; 65 characters is invalid_decimal', () => {
    const at = (q: string) => callOnce('parsePortfolio', [{ ...book(), positions: [{ symbol: 'BTC-PERP', quantity: q }] }]);
    // 64 characters and 40 significant digits (both bounds at once); since issue 9 item 7 a
    // 62-digit string of 64 characters is refused for its digits (see significantDigits.test.ts).
    expect(at('0.' + '0'.repeat(22) + '1'.repeat(40))).toEqual({ kind: 'ok' });
    expect(at('0.' + '0'.repeat(23) + '1'.repeat(40))).toEqual({ kind: 'typed' });
    expect(at('0.' + '1'.repeat(62))).toEqual({ kind: 'typed' });
  });
});

describe('the positional `decimals` argument (valueCollateral, accountEquity, settleExpired)', () => {
  // Once an unvalidated argument (decimal.js threw its own Error on null, 'NaN' or {}); now fuzzed like
  // every other argument above, and here on its own with every hostile value: an integer from 0 to 40
  // gives a result whose rounded amounts carry at most that many decimals; anything else is
  // invalid_value at ['decimals'] of the `decimals` argument.
  const settleMarket = () => ({ ...market(), asOf: '2026-12-25T08:00:00Z' });
  const calls: [string, (d: unknown) => unknown[], (out: any) => string[]][] = [
    ['valueCollateral', (d) => [book(), market(), {}, d], (o) => [o.value, o.initialValue, o.maintenanceValue]],
    ['accountEquity', (d) => [book(), market(), {}, d], (o) => [o.equity]],
    ['settleExpired', (d) => [book(), settleMarket(), { BTC: '98000', ETH: '3400' }, d], (o) => o.cashFlows.map((c: { amount: string }) => c.amount)],
  ];
  const decimalsArb = fc.oneof(fc.integer({ min: -5, max: 45 }), fc.constantFrom(...HOSTILE), fc.double(), fc.jsonValue({ maxDepth: 1 }));
  for (const [name, args, rounded] of calls) {
    it(name, () => {
      fc.assert(
        fc.property(decimalsArb, (d) => {
          const f = API[name] as (...a: unknown[]) => unknown;
          const valid = typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 40;
          let out: unknown;
          try {
            out = f(...args(d));
          } catch (e) {
            if (!(e instanceof MarginInputError)) throw new Error(`${name}(decimals = ${JSON.stringify(d)}): non-typed ${(e as Error)?.name}: ${(e as Error)?.message}`);
            expect(valid, `${name} refused decimals = ${JSON.stringify(d)}`).toBe(false);
            expect(e.issues[0]).toMatchObject({ code: 'invalid_value', path: ['decimals'] });
            return;
          }
          expect(valid, `${name} accepted decimals = ${JSON.stringify(d)}`).toBe(true);
          expect(badLeaves(out)).toEqual([]);
          const amounts = rounded(out);
          expect(amounts.length).toBeGreaterThan(0);
          for (const a of amounts) expect((a.split('.')[1] ?? '').length, `${name} ${a} at ${d} decimals`).toBeLessThanOrEqual(d as number);
        }),
        { seed: SEED, numRuns: 150 },
      );
    });
  }
});

describe('regressions', () => {
  it('valueCollateral / accountEquity / settleExpired reject a bad `decimals` argument with a typed error', () => {
    // Repro: valueCollateral(book, market, {}, null) -> Error: [DecimalError] Invalid argument: null
    for (const [name, args] of [
      ['valueCollateral', [book(), market(), {}, null]],
      ['accountEquity', [book(), market(), {}, 'NaN']],
      ['settleExpired', [book(), market(), {}, {}]],
    ] as [string, unknown[]][]) {
      expect(callOnce(name, args).kind, name).toBe('typed');
    }
  });
});
