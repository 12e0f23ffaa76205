import { describe, expect, it } from 'vitest';
import { createMarginEngine } from '../../src/engine/index.js';
import { PRESETS } from '../../src/index.js';
import { sampleMarket } from '../helpers/sample.js';

// The kernel's table looks symbols and asset names up in prototype-less dictionaries. Names that
// Object.prototype carries (constructor, toString, hasOwnProperty, valueOf) must be found as the
// table's own entries, and unknown ones must stay unknown. Property: renaming instruments and an
// asset changes no figure (every figure equals the original market's, and assess's).

const RENAME: Record<string, string> = { 'BTC-PERP': 'constructor', 'ETH-PERP': 'hasOwnProperty', 'BTC-25DEC26-90000-C': 'toString', 'BTC-25DEC26-100000-P': '__defineGetter__' };
const ASSET: [string, string] = ['USDT', 'valueOf'];

function renamed(): any {
  const m = sampleMarket();
  for (const i of m.instruments) if (RENAME[i.symbol]) i.symbol = RENAME[i.symbol];
  for (const [from, to] of Object.entries(RENAME)) {
    m.marks[to] = m.marks[from];
    delete m.marks[from];
  }
  m.assets[ASSET[1]] = m.assets[ASSET[0]];
  delete m.assets[ASSET[0]];
  return m;
}

const book = (names: (s: string) => string, asset: string) => ({
  accountId: 'p',
  settlementCurrency: 'USDC',
  positions: [
    { symbol: names('BTC-PERP'), quantity: '-2', entryPrice: '99000' },
    { symbol: names('ETH-PERP'), quantity: '10' },
    { symbol: names('BTC-25DEC26-90000-C'), quantity: '-3' },
    { symbol: names('BTC-25DEC26-100000-P'), quantity: '4' },
    { symbol: 'BTC-26MAR27', quantity: '1' },
  ],
  collateral: [
    { asset: 'USDC', balance: '150000' },
    { asset, balance: '20000.5' },
  ],
});

describe('symbols and asset names that Object.prototype carries', () => {
  it('are the table\'s own entries: the figures equal the original names\' and assess\'s, from the kernel', () => {
    for (const preset of ['deribit-pm', 'span-cme-16'] as const) {
      const plain = createMarginEngine(sampleMarket(), PRESETS[preset]);
      const odd = createMarginEngine(renamed(), PRESETS[preset]);
      const a = plain.figures(book((s) => s, ASSET[0]));
      const raw = book((s) => RENAME[s] ?? s, ASSET[1]);
      const b = odd.figures(raw);
      const kept = odd.figures(odd.compile(raw));
      const { accountId: _x, ...fa } = a;
      const { accountId: _y, ...fb } = b;
      expect(fb).toEqual(fa);
      expect(kept).toEqual(b);
      expect(b.exact).toBe('kernel');
      const s = odd.assess(raw);
      expect([b.initialMargin, b.maintenanceMargin, b.equity, b.status]).toEqual([s.initialMargin, s.maintenanceMargin, s.equity, s.status]);
    }
  });

  it('stay unknown where the table does not hold them: the same error as assess', () => {
    const engine = createMarginEngine(sampleMarket(), PRESETS['deribit-pm']);
    for (const symbol of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const raw = { accountId: 'u', settlementCurrency: 'USDC', positions: [{ symbol, quantity: '1' }], collateral: [{ asset: 'USDC', balance: '1' }] };
      let assessError: unknown;
      try {
        engine.assess(raw);
      } catch (e) {
        assessError = e;
      }
      expect(assessError).toBeDefined();
      expect(() => engine.figures(raw)).toThrow((assessError as Error).message);
      expect(() => engine.compile(raw)).toThrow((assessError as Error).message);
    }
  });
});
