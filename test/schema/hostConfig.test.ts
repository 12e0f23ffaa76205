import Decimal from 'decimal.js';
import * as z from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { netExposure, safeParsePortfolio } from '../../src/index.js';
import { sampleBook, sampleMarket } from '../helpers/sample.js';

// Property: a host's global Decimal.set(...) and z.config(...) change neither our numbers nor our
// messages, because we use a private Decimal clone and set `error:` on every schema.
describe('host global configuration does not leak in', () => {
  const before = JSON.stringify(netExposure(sampleBook(), sampleMarket()));
  const badBefore = JSON.stringify(safeParsePortfolio({ accountId: 5, positions: [{ symbol: 'X', quantity: '1e3' }], collateral: [], bogus: 1 }));
  afterAll(() => {
    Decimal.set({ precision: 20, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -7, toExpPos: 21 });
    z.config(z.locales.en());
  });

  it('same bytes after Decimal.set and z.config', () => {
    Decimal.set({ precision: 5, rounding: Decimal.ROUND_DOWN, toExpNeg: -2, toExpPos: 3 });
    z.config({ customError: () => 'HOST MESSAGE' });
    z.config(z.locales.fr());
    expect(JSON.stringify(netExposure(sampleBook(), sampleMarket()))).toBe(before);
    const badAfter = JSON.stringify(safeParsePortfolio({ accountId: 5, positions: [{ symbol: 'X', quantity: '1e3' }], collateral: [], bogus: 1 }));
    expect(badAfter).toBe(badBefore);
    expect(badAfter).not.toContain('HOST MESSAGE');
  });
});
