import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessAccount } from '../../src/health/assessAccount.js';
import { marginFromRiskArrays } from '../../src/margin/marginFromRiskArrays.js';
import { D } from '../../src/numeric/decimal.js';
import { suppliedRiskArrays } from '../../src/scenarios/suppliedRiskArrays.js';
import { parseSpanFile } from '../../src/span/parseSpanFile.js';
import type { SpanPositionInput } from '../../src/span/SpanPosition.js';
import { spanMarginInputs } from '../../src/span/spanMarginInputs.js';
import { spanRequirement } from '../../src/span/spanRequirement.js';
import { type MiniProduct, miniSpn } from './miniSpn.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('spanMarginInputs: a SPAN account in the library’s own tools', () => {
  const positions: SpanPositionInput[] = [
    { exchange: 'CBT', productCode: 'C', productType: 'FUT', period: '202603', quantity: '2' },
    { exchange: 'CBT', productCode: 'S', productType: 'FUT', period: '202603', quantity: '-1' },
  ];

  it('corn/soybeans: marginFromRiskArrays on the file’s arrays gives CME’s 2,700 (futures only: scan risk per delta = WFPR)', () => {
    const file = parseSpanFile(fixture('corn-soybeans.spn'));
    const inputs = spanMarginInputs(file, positions);
    const arrays = suppliedRiskArrays(inputs.market, inputs.scenarioSet, inputs.riskArrays);
    const m = marginFromRiskArrays(inputs.portfolio, inputs.market, arrays, inputs.parameters);
    expect(m.units.map((u) => [u.unit, u.scanRisk?.amount, u.scanRisk?.scenario?.id])).toEqual([
      ['C', '3500', 'span-13'],
      ['S', '2500', 'span-11'],
    ]);
    expect(m.interUnitCredits.map((c) => c.amount)).toEqual(['3300']);
    expect(m.maintenanceMargin).toBe(spanRequirement(file, positions).maintenance);
    expect(inputs.symbols).toEqual(['CBT:C:FUT:202603', 'CBT:S:FUT:202603']);
  });

  it('the health tools run on the file’s arrays through the evaluation context', () => {
    const file = parseSpanFile(fixture('corn-soybeans.pa2'));
    const inputs = spanMarginInputs(file, positions, { accountId: 'acct-1' });
    const arrays = suppliedRiskArrays(inputs.market, inputs.scenarioSet, inputs.riskArrays);
    const market = { ...inputs.market, assets: { USD: { price: '1' } } };
    const portfolio = { ...inputs.portfolio, collateral: [{ asset: 'USD', balance: '2000' }] };
    const a = assessAccount(portfolio, market, inputs.parameters, { margin: (p) => marginFromRiskArrays(p, inputs.market, arrays, inputs.parameters) });
    expect([a.accountId, a.maintenanceMargin, a.status]).toEqual(['acct-1', '2700', a.status]);
    expect(a.status).not.toBe('healthy'); // 2,000 of collateral against 2,700
  });

  it('options map to option instruments with the file’s prices, deltas and the IM ratio', () => {
    const file = parseSpanFile(fixture('mini-options.pa2'));
    const pos: SpanPositionInput[] = [{ exchange: 'CME', productCode: 'MX', productType: 'OOF', period: '202603', right: 'C', strike: '100', quantity: '-3' }];
    const inputs = spanMarginInputs(file, pos);
    expect(inputs.market.instruments).toEqual([
      { symbol: 'CME:MX:OOF:202603:C:100', kind: 'option', underlying: 'MX', quoteCurrency: 'USD', settlementCurrency: 'USD', settlement: 'linear', contractSize: '100', expiry: '2026-03-31T23:59:59Z', right: 'call', strike: '100' },
    ]);
    expect(inputs.market.marks).toEqual({ 'CME:MX:OOF:202603:C:100': { price: '5' } });
    expect(inputs.riskArrays.deltas).toEqual({ 'CME:MX:OOF:202603:C:100': 0.4 });
    expect(Array.from(inputs.riskArrays.instruments['CME:MX:OOF:202603:C:100']!).slice(0, 3)).toEqual([-10, 10, 90]);
    expect(inputs.parameters.initialMargin).toEqual({ multiplier: '1.1' });
  });
});

// Property: for any miniature file and portfolio, the scan risk of each risk unit through the mapper,
// suppliedRiskArrays and marginFromRiskArrays equals spanRequirement's scan risk of that combined commodity.
const cents = fc.integer({ min: -500_000, max: 500_000 }).map((c) => (c / 100).toFixed(2));
const arrayArb = fc.array(cents, { minLength: 16, maxLength: 16 });
const contractArb = fc.record({ ra: arrayArb, option: fc.boolean(), right: fc.constantFrom('C' as const, 'P' as const), quantity: fc.integer({ min: -25, max: 25 }), delta: fc.integer({ min: -100, max: 100 }).map((d) => (d / 100).toString()) });
const ccArb = fc.array(contractArb, { minLength: 1, maxLength: 4 });

describe('property: mapper + suppliedRiskArrays scan risk = spanRequirement scan risk', () => {
  it('holds for random files and portfolios', () => {
    fc.assert(
      fc.property(fc.array(ccArb, { minLength: 1, maxLength: 3 }), (ccs) => {
        const products: MiniProduct[] = [];
        const positions: SpanPositionInput[] = [];
        ccs.forEach((contracts, k) => {
          const code = `P${k}`;
          const fut: MiniProduct = { exch: 'X', id: `${k}0`, code, type: 'FUT', contracts: [] };
          const opt: MiniProduct = { exch: 'X', id: `${k}1`, code, type: 'OOF', undId: `${k}0`, contracts: [] };
          contracts.forEach((c, j) => {
            const pe = `2026${String(j + 1).padStart(2, '0')}`;
            fut.contracts.push({ id: `f${j}`, pe, p: '100', ra: c.option ? new Array(16).fill(0) : c.ra, d: 1 });
            if (c.option) opt.contracts.push({ id: `o${j}`, pe, und: `f${j}`, right: c.right, k: String(90 + j), p: '2.5', ra: c.ra, d: c.delta });
            if (c.quantity !== 0) {
              positions.push(
                c.option
                  ? { exchange: 'X', productCode: code, productType: 'OOF', period: pe, right: c.right, strike: String(90 + j), quantity: String(c.quantity) }
                  : { exchange: 'X', productCode: code, productType: 'FUT', period: pe, quantity: String(c.quantity) },
              );
            }
          });
          products.push(fut);
          if (opt.contracts.length) products.push(opt);
        });
        if (positions.length === 0) return;
        const file = parseSpanFile(
          miniSpn({
            products,
            ccs: ccs.map((_, k) => ({ cc: `P${k}`, links: products.filter((p) => p.code === `P${k}`).map((p) => [p.exch, p.id, p.code, p.type] as [string, string, string, string]) })),
          }),
        );
        const span = spanRequirement(file, positions, { optionValue: 'separate' });
        const inputs = spanMarginInputs(file, positions);
        const arrays = suppliedRiskArrays(inputs.market, inputs.scenarioSet, inputs.riskArrays);
        const m = marginFromRiskArrays(inputs.portfolio, inputs.market, arrays, inputs.parameters);
        const ours = new Map(m.units.map((u) => [u.unit, new D(u.scanRisk!.amount)]));
        for (const c of span.byCombinedCommodity) expect(ours.get(c.combinedCommodity)!.eq(c.scanRisk), c.combinedCommodity).toBe(true);
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});
