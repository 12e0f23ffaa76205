import { describe, expect, it } from 'vitest';
import { compareMarginModes } from '../../src/health/index.js';
import { account, btcMarket } from '../collateral/fixtures.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';
import { PORTFOLIO, STANDARD } from './params.js';

describe('compareMarginModes', () => {
  it('a hedged futures pair: isolated charges both legs, cross nets them under per-position rules, both by hand', () => {
    // BTC-PERP +1 and -1 at 100,000 in two lines (isolated allocations ignored). Standard IM 10%, MM 5% per position:
    // isolated: each leg alone: IM 10,000 + 10,000 = 20,000; MM 5,000 + 5,000 = 10,000.
    // cross: the engine nets the symbol to 0 -> IM 0, MM 0.
    const book = account(
      [
        { symbol: 'BTC-PERP', quantity: '1', entryPrice: '100000' },
        { symbol: 'BTC-PERP', quantity: '-1', entryPrice: '100000', isolatedMargin: '5000' },
      ],
      [{ asset: 'USDC', balance: '50000' }],
    );
    const r = compareMarginModes(book, btcMarket('100000'), { standard: STANDARD });
    expect(r.modes).toEqual([
      { mode: 'isolated', paramsId: 'test-standard', initialMargin: '20000', maintenanceMargin: '10000', excess: '30000' },
      { mode: 'cross', paramsId: 'test-standard', initialMargin: '0', maintenanceMargin: '0', excess: '50000' },
    ]);
  });

  it('the sample options book: portfolio margin needs less than cross, which needs no more than isolated', () => {
    const r = compareMarginModes(sampleBook(), sampleMarket(), { standard: STANDARD, portfolio: PORTFOLIO });
    const im = Object.fromEntries(r.modes.map((m) => [m.mode, Number(m.initialMargin)]));
    expect(im.portfolio!).toBeLessThan(im.cross!);
    expect(im.cross!).toBeLessThanOrEqual(im.isolated!);
  });
});
