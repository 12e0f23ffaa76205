import { describe, expect, it } from 'vitest';
import { assessAccount, createMarginEngine, MarginInputError, parseMarginParameters, parseMarket, PRESETS, simulate } from '../../src/index.js';
import { accountFigures } from '../../src/kernel/index.js';
import { sampleMarket } from '../helpers/sample.js';

// Issue 9, item 8: a price timestamped after asOf, and an implied vol typed as a percent (68 for 68%),
// were accepted without a word. Both are market-data flags now (`future_price`, `implausible_vol`),
// with documented bounds that the parameters may move, and both are charged like a stale price
// (`stalenessCharge` x the notional resting on the price; 0 by default, so flag only).

const book = (positions: { symbol: string; quantity: string }[]) => ({ accountId: 'md', settlementCurrency: 'USDC', positions, collateral: [{ asset: 'USDC', balance: '500000' }] });
const params = (marketData?: Record<string, unknown>) => ({ ...structuredClone(PRESETS['deribit-standard']), health: { id: 'md', version: '1', ...(marketData ? { marketData } : {}) } });
const flagsOf = (a: { flags: { code: string; path?: unknown; values: unknown }[] }) => a.flags.filter((f) => f.code === 'future_price' || f.code === 'implausible_vol');

describe('market-data flags for future timestamps and implausible vols (issue 9, item 8)', () => {
  it('repro: a mark 5 s after asOf is flagged future_price (default tolerance 0 ms)', () => {
    const m = sampleMarket();
    m.marks['BTC-PERP'].timestamp = '2026-11-29T08:00:05Z'; // asOf 08:00:00
    const a = assessAccount(book([{ symbol: 'BTC-PERP', quantity: '2' }]), m, params());
    expect(flagsOf(a)).toEqual([
      { code: 'future_price', message: expect.any(String), path: ['marks', 'BTC-PERP'], values: { aheadMs: 5000, maxFutureSkewMs: 0, timestamp: '2026-11-29T08:00:05.000Z' } },
    ]);
    expect(a.charges.staleness).toBe('0');
  });

  it('the tolerance is a parameter: 5,000 ms passes, 4,999 ms flags; timestamps at or before asOf never flag as future', () => {
    const m = sampleMarket();
    m.marks['BTC-PERP'].timestamp = '2026-11-29T08:00:05Z';
    m.underlyings.BTC.timestamp = '2026-11-29T08:00:00Z';
    const b = book([{ symbol: 'BTC-PERP', quantity: '2' }]);
    expect(flagsOf(assessAccount(b, m, params({ maxFutureSkewMs: 5000 })))).toEqual([]);
    expect(flagsOf(assessAccount(b, m, params({ maxFutureSkewMs: 4999 }))).map((f) => f.code)).toEqual(['future_price']);
  });

  it('a flagged future price is charged like a stale one; hand calculation', () => {
    // BTC-PERP +2 contracts of 1 BTC at its mark 100,050: notional 200,100 USDC (a future's notional is
    // taken at its mark). stalenessCharge 0.01 -> 2,001 added to IM and MM. deribit-standard perp
    // MM = 200,100 x (1% + 2 x 0.005%) = 2,021.01; IM = 200,100 x (2% + 2 x 0.005%) = 4,022.01.
    const m = sampleMarket();
    m.marks['BTC-PERP'].timestamp = '2026-11-29T08:00:05Z';
    const a = assessAccount(book([{ symbol: 'BTC-PERP', quantity: '2' }]), m, params({ stalenessCharge: '0.01' }));
    expect(a.charges.staleness).toBe('2001');
    expect(a.margin.maintenanceMargin).toBe('2021.01');
    expect(a.maintenanceMargin).toBe('4022.01');
    expect(a.initialMargin).toBe('6023.01');
  });

  it('repro: an iv of 68 (a percent typed as a decimal) is flagged implausible_vol; 2 is not (default maxVol 5 = 500%)', () => {
    const b = book([{ symbol: 'BTC-25DEC26-90000-P', quantity: '-1' }]);
    for (const [iv, flagged] of [['2', false], ['5', false], ['5.01', true], ['20', true], ['68', true]] as const) {
      const m = sampleMarket();
      m.marks['BTC-25DEC26-90000-P'] = { iv };
      const f = flagsOf(assessAccount(b, m, params()));
      expect(f.length, iv).toBe(flagged ? 1 : 0);
      if (flagged) expect(f[0]).toMatchObject({ code: 'implausible_vol', path: ['marks', 'BTC-25DEC26-90000-P'], values: { iv, maxVol: '5', source: 'iv' } });
    }
  });

  it('the bound is a parameter, it also catches a vol implied from a price, and a flagged vol is charged', () => {
    const b = book([{ symbol: 'BTC-25DEC26-90000-P', quantity: '-1' }]);
    const m = sampleMarket();
    expect(flagsOf(assessAccount(b, m, params({ maxVol: '0.59' }))).map((f) => f.values)).toEqual([{ iv: '0.6', maxVol: '0.59', source: 'iv' }]);
    expect(flagsOf(assessAccount(b, m, params({ maxVol: '0.6' })))).toEqual([]);
    // Priced at 2,000 USDC, the 90,000 put (26 days to expiry, forward 100,600, intrinsic 0) implies a vol far above 0.1.
    m.marks['BTC-25DEC26-90000-P'] = { price: '2000' };
    expect(flagsOf(assessAccount(b, m, params({ maxVol: '0.1' }))).map((f) => [f.code, (f.values as { source: string }).source])).toEqual([['implausible_vol', 'price']]);
    // Hand calculation: notional of -1 put on 1 BTC at index 100,000 = 100,000; charge 0.5% = 500.
    m.marks['BTC-25DEC26-90000-P'] = { iv: '68' };
    expect(assessAccount(b, m, params({ stalenessCharge: '0.005' })).charges.staleness).toBe('500');
  });

  it('the same flags through the engine and the pre-trade check', () => {
    const m = sampleMarket();
    m.marks['BTC-25DEC26-90000-P'] = { iv: '68', timestamp: '2026-11-29T09:00:00Z' };
    const b = book([{ symbol: 'BTC-25DEC26-90000-P', quantity: '-1' }]);
    const one = assessAccount(b, m, params());
    expect(flagsOf(one).map((f) => f.code)).toEqual(['future_price', 'implausible_vol']);
    expect(JSON.stringify(createMarginEngine(m, params()).assess(b))).toBe(JSON.stringify(one));
    expect(flagsOf(simulate(b, [{ symbol: 'BTC-PERP', quantity: '1' }], m, params()).after).map((f) => f.code)).toEqual(['future_price', 'implausible_vol']);
  });

  it('a vol above LIMITS.maxVol (100 = 10,000%) is refused at the boundary, not flagged', () => {
    const m = sampleMarket();
    m.marks['BTC-25DEC26-90000-P'] = { iv: '100.01' };
    let e: unknown;
    try {
      parseMarket(m);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(MarginInputError);
    expect((e as MarginInputError).issues.map((i) => [i.code, i.argument, i.path])).toEqual([['invalid_value', 'market', ['marks', 'BTC-25DEC26-90000-P', 'iv']]]);
    m.marks['BTC-25DEC26-90000-P'] = { iv: '100' };
    expect(() => parseMarket(m)).not.toThrow();
  });
});

describe('parameter sets differing only in their marketData block, on one market in alternation', () => {
  // The market-data rule keeps per parsed marketData block the vol bound as a float and the charge on
  // nothing exposed: each block must get its own. One parsed market, the -1 BTC-25DEC26-90000-P put
  // quoted at iv 3 (300%), four parsed parameter sets evaluated in turn, three rounds.
  // Hand calculation: the put's notional is 1 contract x 1 BTC x index 100,000 = 100,000 USDC.
  //   maxVol 2,   stalenessCharge 0.005: 3 > 2 flagged,   charge 100,000 x 0.005 = 500
  //   maxVol 4,   stalenessCharge 0.01:  3 > 4 no,        charge 0 (nothing exposed)
  //   maxVol 2.5, stalenessCharge 0.01:  3 > 2.5 flagged, charge 100,000 x 0.01  = 1000
  //   maxVol 3,   stalenessCharge 0.02:  3 > 3 no,        charge 0
  const cases = [
    { maxVol: '2', stalenessCharge: '0.005', flagged: true, charge: '500' },
    { maxVol: '4', stalenessCharge: '0.01', flagged: false, charge: '0' },
    { maxVol: '2.5', stalenessCharge: '0.01', flagged: true, charge: '1000' },
    { maxVol: '3', stalenessCharge: '0.02', flagged: false, charge: '0' },
  ];
  it('each block its own implausible_vol flag and staleness charge, through assessAccount and the one-shot figures', () => {
    const raw = sampleMarket();
    raw.marks['BTC-25DEC26-90000-P'] = { iv: '3' };
    const m = parseMarket(raw);
    const b = book([{ symbol: 'BTC-25DEC26-90000-P', quantity: '-1' }]);
    const parsed = cases.map(({ maxVol, stalenessCharge }) => parseMarginParameters(params({ maxVol, stalenessCharge })));
    for (let round = 0; round < 3; round++) {
      cases.forEach((c, k) => {
        const a = assessAccount(b, m, parsed[k]!);
        expect(flagsOf(a).map((f) => f.values), `${c.maxVol} round ${round}`).toEqual(c.flagged ? [{ iv: '3', maxVol: c.maxVol, source: 'iv' }] : []);
        expect(a.charges.staleness, `${c.maxVol} round ${round}`).toBe(c.charge);
        const f = accountFigures(b, m, parsed[k]!);
        expect(f.charges.staleness).toBe(c.charge);
        expect(f.flagCodes.includes('implausible_vol')).toBe(c.flagged);
      });
    }
  });
});
