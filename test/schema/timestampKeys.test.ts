import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assessAccount,
  buildRiskArrays,
  buildScenarioSet,
  computeMargin,
  createMarginEngine,
  MarginInputError,
  netExposure,
  parseMarket,
  parseMarketPrices,
  PRESETS,
  withPrices,
} from '../../src/index.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';

// Issue 9, item 4: keys that name the same instant in different spellings are two values for one
// expiry. Neither may win silently: `duplicate_key` at the later key (in sorted order).

const SAME_INSTANT = ['2026-12-25T08:00:00Z', '2026-12-25T08:00:00.000Z', '2026-12-25T08:00:00+00:00', '2026-12-25T08:00Z'];

function withForwards(forwards: Record<string, string>) {
  const m = sampleMarket();
  m.underlyings.BTC.forwards = forwards;
  return m;
}
const prices = (m: ReturnType<typeof sampleMarket>) => {
  const { instruments: _, ...rest } = m;
  return rest;
};

function issues(f: () => unknown): { code: string; path: (string | number)[]; argument?: string }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof MarginInputError) return e.issues;
    throw e;
  }
  return [];
}

describe('timestamp-keyed records: two keys for one instant are duplicate_key (issue 9, item 4)', () => {
  const conflicting = Object.fromEntries(SAME_INSTANT.map((k, i) => [k, String(100600 + 1000 * i)]));

  it('repro: four spellings of 2026-12-25T08:00Z with four forwards are refused, naming every later key', () => {
    // Sorted by UTF-16 code units, '+00:00' < '.000Z' < ':00Z' < 'Z' after '08:00': the first spelling is kept as the reference.
    const got = issues(() => parseMarket(withForwards(conflicting)));
    expect(got.map((i) => [i.code, i.argument, i.path])).toEqual([
      ['duplicate_key', 'market', ['underlyings', 'BTC', 'forwards', '2026-12-25T08:00:00.000Z']],
      ['duplicate_key', 'market', ['underlyings', 'BTC', 'forwards', '2026-12-25T08:00:00Z']],
      ['duplicate_key', 'market', ['underlyings', 'BTC', 'forwards', '2026-12-25T08:00Z']],
    ]);
  });

  it('the same value under two spellings is refused too (it is still two entries for one key)', () => {
    expect(issues(() => parseMarket(withForwards({ '2026-12-25T08:00:00Z': '100600', '2026-12-25T08:00Z': '100600' }))).map((i) => i.code)).toEqual(['duplicate_key']);
  });

  it('distinct instants in any accepted spelling are kept', () => {
    const m = parseMarket(withForwards({ '2026-12-25T08:00:00Z': '100600', '2026-12-25T08:00:01.000Z': '100601', '2027-03-26T08:00+00:00': '102100' }));
    expect([...m.underlyings.get('BTC')!.forwards.values()].map(String)).toEqual(['100600', '100601', '102100']);
  });

  it('class: every entry point that reads a market or market prices refuses the conflict (the forwards of every underlying)', () => {
    const m = withForwards(conflicting);
    m.underlyings.ETH.forwards = { '2026-12-25T08:00:00Z': '3510', '2026-12-25T08:00:00.000Z': '3520' };
    const base = parseMarket(sampleMarket());
    const calls: [string, () => unknown][] = [
      ['parseMarket', () => parseMarket(m)],
      ['parseMarketPrices', () => parseMarketPrices(prices(m))],
      ['withPrices', () => withPrices(base, prices(m))],
      ['computeMargin', () => computeMargin(sampleBook(), m, PRESETS['deribit-pm'])],
      ['assessAccount', () => assessAccount(sampleBook(), m, PRESETS['deribit-standard'])],
      ['netExposure', () => netExposure(sampleBook(), m)],
      ['buildScenarioSet', () => buildScenarioSet(PRESETS['span-cme-16'], m)],
      ['buildRiskArrays', () => buildRiskArrays(m, buildScenarioSet(PRESETS['deribit-pm'], base))],
      ['createMarginEngine', () => createMarginEngine(m, PRESETS['deribit-pm'])],
      ['engine.withPrices', () => createMarginEngine(base, PRESETS['deribit-pm']).withPrices(prices(m))],
    ];
    for (const [name, f] of calls) {
      const got = issues(f);
      expect(got.filter((i) => i.code === 'duplicate_key').map((i) => i.path.slice(0, 3)), name).toEqual([
        ['underlyings', 'BTC', 'forwards'],
        ['underlyings', 'BTC', 'forwards'],
        ['underlyings', 'BTC', 'forwards'],
        ['underlyings', 'ETH', 'forwards'],
      ]);
      // Market prices alone are the `prices` argument (parseMarketPrices, withPrices, engine.withPrices).
      expect(got.every((i) => i.argument === (/Prices|withPrices/.test(name) ? 'prices' : 'market')), name).toBe(true);
    }
  });

  it('per-expiry quotes (Derive-style `expiries`) follow the same rule: two spellings of one expiry are duplicate_key', () => {
    const m = sampleMarket() as ReturnType<typeof sampleMarket> & { underlyings: { BTC: { expiries?: Record<string, unknown> } } };
    m.underlyings.BTC.expiries = { '2026-12-25T08:00:00Z': { rate: '0.05' }, '2026-12-25T08:00:00.000Z': { rate: '0.06' }, '2027-03-26T08:00:00Z': { rate: '0.07' } };
    expect(issues(() => parseMarket(m)).map((i) => [i.code, i.argument, i.path])).toEqual([['duplicate_key', 'market', ['underlyings', 'BTC', 'expiries', '2026-12-25T08:00:00Z']]]);
    // Distinct instants are kept.
    delete m.underlyings.BTC.expiries['2026-12-25T08:00:00.000Z'];
    expect(parseMarket(m).underlyings.get('BTC')!.expiries!.size).toBe(2);
  });

  it('the forwards and the per-expiry quotes are the only records keyed by a timestamp: every other record in src is keyed by an identifier', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(join(dir, e.name));
      }
    };
    const src = join(__dirname, '..', '..', 'src');
    walk(src);
    // Every record is built by recordField (src/schema/fields.ts, which wraps the one z.record).
    const keyed = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?:recordField|z\.record)\(\s*([^,]+),/g)].map((m) => `${f.slice(src.length + 1)}: ${m[1]}`));
    // A new record keyed by anything but idField must be classified here (and, if keyed by a
    // timestamp, checked for two spellings of one instant as the forwards are).
    expect(keyed.filter((k) => !k.endsWith(': idField'))).toEqual(['schema/fields.ts: key', 'schema/marketSchema.ts: z.string(err)', 'schema/marketSchema.ts: z.string(err)']);
    const text = readFileSync(join(src, 'schema', 'marketSchema.ts'), 'utf8');
    expect(text).toMatch(/forwards: recordField\(z\.string\(err\)/);
    expect(text).toMatch(/expiries: recordField\(z\.string\(err\)/);
  });
});
