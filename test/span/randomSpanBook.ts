import fc from 'fast-check';
import type { SpanPositionInput } from '../../src/span/SpanPosition.js';
import { type MiniProduct, miniSpn } from './miniSpn.js';

const cents = fc.integer({ min: -500_000, max: 500_000 }).map((c) => (c / 100).toFixed(2));
const arrayArb = fc.array(cents, { minLength: 16, maxLength: 16 });
const contractArb = fc.record({ ra: arrayArb, option: fc.boolean(), right: fc.constantFrom('C' as const, 'P' as const), quantity: fc.integer({ min: -25, max: 25 }), delta: fc.integer({ min: -100, max: 100 }).map((d) => (d / 100).toString()) });
const ccArb = fc.array(contractArb, { minLength: 1, maxLength: 4 });

/** A miniature file's text and the positions held in it. */
export interface SpanBook {
  text: string;
  positions: SpanPositionInput[];
}

/**
 * Random miniature SPAN files (XML, built by miniSpn) of 1 to 3 combined commodities, each with 1 to
 * 4 months of a future (price 100) and, per month, maybe an option on it (strike 90 + month index,
 * settlement price intrinsic value + 2.5, so a vol reproduces it), random 16-value arrays in cents and
 * composite deltas, and a book of non-zero positions in them (at least one).
 */
export const spanBookArb: fc.Arbitrary<SpanBook> = fc
  .array(ccArb, { minLength: 1, maxLength: 3 })
  .map((ccs): SpanBook => {
    const products: MiniProduct[] = [];
    const positions: SpanPositionInput[] = [];
    ccs.forEach((contracts, k) => {
      const code = `P${k}`;
      const fut: MiniProduct = { exch: 'X', id: `${k}0`, code, type: 'FUT', contracts: [] };
      const opt: MiniProduct = { exch: 'X', id: `${k}1`, code, type: 'OOF', undId: `${k}0`, contracts: [] };
      contracts.forEach((c, j) => {
        const pe = `2026${String(j + 1).padStart(2, '0')}`;
        const strike = 90 + j;
        fut.contracts.push({ id: `f${j}`, pe, p: '100', ra: c.option ? new Array(16).fill(0) : c.ra, d: 1 });
        if (c.option) opt.contracts.push({ id: `o${j}`, pe, und: `f${j}`, right: c.right, k: String(strike), p: String((c.right === 'C' ? Math.max(0, 100 - strike) : 0) + 2.5), ra: c.ra, d: c.delta });
        if (c.quantity !== 0) {
          positions.push(
            c.option
              ? { exchange: 'X', productCode: code, productType: 'OOF', period: pe, right: c.right, strike: String(strike), quantity: String(c.quantity) }
              : { exchange: 'X', productCode: code, productType: 'FUT', period: pe, quantity: String(c.quantity) },
          );
        }
      });
      products.push(fut);
      if (opt.contracts.length) products.push(opt);
    });
    const text = miniSpn({
      products,
      ccs: ccs.map((_, k) => ({ cc: `P${k}`, links: products.filter((p) => p.code === `P${k}`).map((p) => [p.exch, p.id, p.code, p.type] as [string, string, string, string]) })),
    });
    return { text, positions };
  })
  .filter((b) => b.positions.length > 0);
