import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMarginEngine } from '../../src/engine/index.js';
import { assessAccount, STATUS_ORDER } from '../../src/health/index.js';
import { PRESETS } from '../../src/presets/index.js';
import type { MarginParametersInput, MarketSnapshotInput } from '../../src/index.js';
import { deepFreeze, sampleMarket } from '../helpers/sample.js';

// Issue 9, item 6: "more collateral never worsens the status", in the form the README now states
// (Trust, "Collateral and status"). A deposit that adds no requirement (the settlement currency; any
// asset that moves in no scenario and sits on no flagged price) never worsens the status, under every
// parameter set. A coin that moves in the scenarios adds up to d x V of requirement (d: its largest
// weighted fall in the MM scenarios, V: the deposit's value): the deposit never worsens the status when
//   d x (1 + marginCallBand) <= 1 - maintenance haircut  and  multiplier x d <= 1 - initial haircut,
// and never makes the account liquidatable when d <= 1 - maintenance haircut, each for deposits whose
// exact slack covers the rounding of the printed figures ((2k + 1) units of settlement precision, k the
// threshold's multiplier). These tests draw random parameter sets, crash-99-like ones included, and
// check exactly that.

const rank = (s: string) => STATUS_ORDER.indexOf(s as never);
const market = deepFreeze(sampleMarket());
const BTC_PRICE = 100000; // examples/data/market.json: BTC asset at 100,000, tied to BTC
const SYMBOLS = ['BTC-PERP', 'ETH-PERP', 'BTC-25DEC26', 'BTC-USD-PERP-INV', 'BTC-25DEC26-90000-P', 'BTC-25DEC26-110000-C', 'ETH-25DEC26-3000-P', 'BTC-INV-25DEC26-100000-C'];

/** A random portfolio-mode parameter set: a relative grid of +/-r, a joint crash of -c weighted w, IM multiplier, band, BTC haircuts. */
const paramsArb = fc
  .record({
    r: fc.integer({ min: 1, max: 99 }),
    steps: fc.integer({ min: 1, max: 4 }),
    c: fc.integer({ min: 0, max: 99 }),
    w: fc.integer({ min: 0, max: 100 }),
    mult: fc.integer({ min: 100, max: 200 }),
    band: fc.integer({ min: 0, max: 50 }),
    hi: fc.integer({ min: 0, max: 30 }),
    hm: fc.integer({ min: 0, max: 30 }),
    inScenarios: fc.boolean(),
  })
  .map((x) => {
    const hm = Math.min(x.hm, x.hi);
    const params: MarginParametersInput = {
      id: 'random',
      version: '1',
      source: 'test: random relative grid and joint crash',
      mode: 'portfolio',
      settlementPrecision: 2,
      collateralInScenarios: x.inScenarios,
      scenarios: {
        priceRange: { kind: 'relative', range: String(x.r / 100) },
        priceSteps: x.steps,
        volShocks: [
          { id: 'up', kind: 'relative', size: '0.5' },
          { id: 'same', kind: 'none' },
        ],
        user: [{ id: 'crash', moves: { BTC: String(-x.c / 100), ETH: String(-x.c / 100) }, volShock: 'up', weight: String(x.w / 100) }],
      },
      initialMargin: { multiplier: String(x.mult / 100) },
      health: { id: 'h', version: '1', status: { marginCallBand: String(x.band / 100) }, collateral: { haircuts: { BTC: { initial: String(x.hi / 100), maintenance: String(hm / 100) } } } },
    };
    // The BTC balance's largest weighted fall in the (MM = IM) scenarios: the grid's edge at weight 1, the crash at weight w.
    const d = x.inScenarios ? Math.max(x.r / 100, (x.w / 100) * (x.c / 100)) : 0;
    return { params, d, mult: x.mult / 100, band: x.band / 100, hi: x.hi / 100, hm: hm / 100 };
  });

const bookArb = fc.record({
  positions: fc.array(fc.record({ symbol: fc.constantFrom(...SYMBOLS), q: fc.integer({ min: -40, max: 40 }).filter((q) => q !== 0) }), { maxLength: 4 }),
  usdc: fc.integer({ min: -100_000, max: 300_000 }),
  btc: fc.integer({ min: -200, max: 300 }),
  eth: fc.integer({ min: 0, max: 20 }),
});
const toBook = (b: { positions: { symbol: string; q: number }[]; usdc: number; btc: number; eth: number }, extraBtc = 0, extraUsdc = 0) => ({
  accountId: 'mono',
  settlementCurrency: 'USDC',
  positions: b.positions.map((p) => ({ symbol: p.symbol, quantity: p.symbol === 'BTC-USD-PERP-INV' ? String(p.q * 1000) : String(p.q / 4) })),
  collateral: [
    { asset: 'USDC', balance: new DecimalJs(b.usdc).plus(extraUsdc).toFixed() },
    { asset: 'BTC', balance: new DecimalJs(b.btc).div(100).plus(extraBtc).toFixed() },
    { asset: 'ETH', balance: String(b.eth) },
  ],
});

describe('issue 9 item 6: the crash-99 repro, as the README now states it', () => {
  // test/trust/extremes.test.ts's crash-99 set: one joint -99% scenario. 1.6 BTC alone: MM 1.6 x 100,000 x 0.99
  // = 158,400 (its loss in the crash), IM the same (multiplier 1), equity 160,000: 160,000 < 158,400 x 1.25 = 198,000,
  // so margin_call. d = 0.99 > 1 / 1.25: the status is not promised to hold, and it does not. The liquidation
  // threshold is (0.99 <= 1): 160,000 >= 158,400, not liquidatable.
  const crash: MarginParametersInput = {
    id: 'crash-99',
    version: '1',
    source: 'test/trust/extremes.test.ts: a joint 99% fall of every underlying',
    mode: 'portfolio',
    settlementPrecision: 2,
    scenarios: { priceRange: { kind: 'relative', range: '0' }, priceSteps: 0, volShocks: [{ id: 'up', kind: 'relative', size: '1' }], user: [{ id: 'crash', moves: { BTC: '-0.99', ETH: '-0.99' }, volShock: 'up' }, { id: 'flat', moves: {} }] },
  };
  const m: MarketSnapshotInput = { asOf: '2026-01-01T00:00:00Z', settlementCurrency: 'USDC', instruments: [], underlyings: { BTC: { index: '100000' } }, marks: {}, assets: { BTC: { price: '100000', underlying: 'BTC' } } };
  it('an empty account plus 1.6 BTC: healthy -> margin_call, never liquidatable', () => {
    expect(assessAccount({ accountId: 'c', settlementCurrency: 'USDC', positions: [], collateral: [] }, m, crash).status).toBe('healthy');
    const a = assessAccount({ accountId: 'c', settlementCurrency: 'USDC', positions: [], collateral: [{ asset: 'BTC', balance: '1.6' }] }, m, crash);
    expect(a).toMatchObject({ status: 'margin_call', maintenanceMargin: '158400', equity: '160000' });
  });
  it('the README no longer promises the unconditional form, and states the condition', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).not.toMatch(/more collateral never worsens the status \|/);
    expect(readme).toMatch(/d x \(1 \+ marginCallBand\) <= 1 - maintenance haircut/);
  });
});

describe('issue 9 item 6: deposits and the status, over random parameter sets (crash-99-like ones included)', () => {
  it('a settlement-currency deposit never worsens the status, under every parameter set', () => {
    fc.assert(
      fc.property(paramsArb, bookArb, fc.integer({ min: 1, max: 500_000 }), (p, b, usdc) => {
        const before = assessAccount(toBook(b), market, p.params).status;
        const after = assessAccount(toBook(b, 0, usdc / 100), market, p.params).status;
        expect(rank(after), `${before} -> ${after}`).toBeLessThanOrEqual(rank(before));
      }),
      { seed: 60601, numRuns: 40 },
    );
  });

  it('a coin deposit: never worse when d x (1 + band) <= 1 - hm and multiplier x d <= 1 - hi; never liquidating when d <= 1 - hm', () => {
    let checkedFull = 0;
    let checkedLiq = 0;
    fc.assert(
      fc.property(paramsArb, bookArb, fc.integer({ min: 1, max: 300_000 }), (p, b, units) => {
        const x = units / 100_000; // BTC deposited
        const V = x * BTC_PRICE;
        const u = 0.01;
        const k = 1 + p.band;
        const before = assessAccount(toBook(b), market, p.params).status;
        const after = assessAccount(toBook(b, x), market, p.params).status;
        const full = V * (1 - p.hm) - k * p.d * V >= (2 * k + 1) * u && V * (1 - p.hi) - p.mult * p.d * V >= 3 * u && V * (1 - p.hm) - p.d * V >= 3 * u;
        const liq = V * (1 - p.hm) - p.d * V >= 3 * u;
        if (full) {
          checkedFull++;
          expect(rank(after), `${before} -> ${after}, d ${p.d}`).toBeLessThanOrEqual(rank(before));
        } else if (liq) {
          checkedLiq++;
          if (rank(after) >= rank('liquidatable')) expect(rank(before), `${before} -> ${after}, d ${p.d}`).toBeGreaterThanOrEqual(rank('liquidatable'));
        }
      }),
      { seed: 60602, numRuns: 80 },
    );
    // Both forms were exercised.
    expect(checkedFull).toBeGreaterThan(10);
    expect(checkedLiq).toBeGreaterThan(3);
  });

  it('every shipped preset with its default health section meets the full condition for BTC (d <= 0.16 with deribit-pm)', () => {
    // deribit-pm-2023: grid +/-16% at weight 1; tails -66% and -33% at 0.16/|move|: 0.16 x 0.66/0.66 = 0.16.
    // Band 0.25, multiplier 1.3, no haircut: 0.16 x 1.25 = 0.2 <= 1 and 1.3 x 0.16 = 0.208 <= 1.
    // deribit-pm (2024 model): the same grid and weighted tails; the P&L offset (gains x 0) and the dampener
    // only lower an entry, by at most what the coin moves it, so IM rises by at most 0.16 V and MM = 0.8 x
    // IM by 0.128 V: 0.128 x 1.25 = 0.16 <= 1, 0.16 <= 1. The SPAN presets and deribit-standard do not move
    // collateral (d = 0). The batch engine's assessment is the same status function: checked through it too.
    const ids = ['deribit-pm', 'deribit-pm-2023', 'deribit-standard', 'span-classic-16', 'span-cme-16'] as const;
    const engines = Object.fromEntries(ids.map((id) => [id, createMarginEngine(market, PRESETS[id])]));
    fc.assert(
      fc.property(fc.constantFrom(...ids), bookArb, fc.integer({ min: 100, max: 300_000 }), (id, b, units) => {
        const before = assessAccount(toBook(b), market, PRESETS[id]).status;
        const after = assessAccount(toBook(b, units / 100_000), market, PRESETS[id]).status;
        expect(rank(after), `${id}: ${before} -> ${after}`).toBeLessThanOrEqual(rank(before));
        expect(engines[id]!.assess(toBook(b, units / 100_000)).status).toBe(after);
      }),
      { seed: 60603, numRuns: 40 },
    );
  });
});
