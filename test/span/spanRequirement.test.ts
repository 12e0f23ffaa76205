import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueOf } from './issueOf.js';
import { parseSpanFile } from '../../src/span/parseSpanFile.js';
import { spanRequirement } from '../../src/span/spanRequirement.js';
import { linearArray, miniSpn } from './miniSpn.js';
import type { SpanPositionInput } from '../../src/span/SpanPosition.js';
import { untyped } from '../helpers/untyped.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');


const MX: SpanPositionInput[] = [
  { exchange: 'CME', productCode: 'MX', productType: 'FUT', period: '202603', quantity: '2' },
  { exchange: 'CME', productCode: 'MX', productType: 'FUT', period: '202606', quantity: '-1' },
  { exchange: 'CME', productCode: 'MX', productType: 'OOF', period: '202603', right: 'C', strike: '100', quantity: '-3' },
];

describe('spanRequirement: the miniature futures-and-options file, worked by hand', () => {
  // Hand calculation (test/golden/span-mini-options-pa2/SOURCE.md writes it out in full):
  // losses = 2*F1 - F2 - 3*C1 per scenario; the largest is scenario 15: -1188 + 891 + 1440 = 1143.
  // Intra: month deltas 202603: 2 - 3*0.4 = 0.8, 202606: -1; one spread 0.8 at 150 = 120.
  // Spot 202603: 0.8 consumed * 20 + 0 remaining * 50 = 16. SOM: 3 short calls * 40 = 120.
  // Risk = max(1143 + 120 + 16, 120) = 1279. NOV = -3 * 5.00 * 100 = -1500.
  // SPEC: MM factor 1, IM factor 1.1 -> risk IM 1406.9; deducting NOV: MM 2779, IM 2906.9.
  for (const name of ['mini-options.pa2', 'mini-options.spn']) {
    it(name, () => {
      const r = spanRequirement(parseSpanFile(fixture(name)), MX);
      expect(r).toMatchObject({ currency: 'USD', accountType: 'SPEC', maintenance: '2779', initial: '2906.9', riskMaintenance: '1279', riskInitial: '1406.9', netOptionValue: '-1500', requirement: '2906.9' });
      const c = r.byCombinedCommodity[0]!;
      expect(c).toMatchObject({ scanRisk: '1143', intraCharge: '120', spotCharge: '16', interCredit: '0', risk: '1279', initialFactor: '1.1' });
      expect(c.scanTiers[0]).toMatchObject({ activeScenario: 15, pairedScenario: 15, timeRisk: '0', priceRisk: '1143', netDelta: '-0.2' });
      expect(c.scanTiers[0]!.losses).toEqual(['-30', '30', '170', '230', '-200', '-140', '400', '460', '-340', '-280', '660', '720', '-450', '-390', '1143', '-573']);
      expect(c.intraSpreads[0]!.legs.map((l) => [l.period, l.deltaBefore, l.deltaConsumed])).toEqual([
        ['202603', '0.8', '0.8'],
        ['202606', '-1', '0.8'],
      ]);
      expect(c.spotMonths).toEqual([{ period: '202603', consumedDelta: '0.8', remainingDelta: '0', spreadRate: '20', outrightRate: '50', charge: '16' }]);
      expect(c.shortOptionMinimum).toMatchObject({ shortCalls: '3', shortPuts: '0', amount: '120' });
    });
  }

  it("optionValue 'separate' reports risk only", () => {
    const r = spanRequirement(parseSpanFile(fixture('mini-options.pa2')), MX, { optionValue: 'separate', requirement: 'maintenance' });
    expect([r.maintenance, r.initial, r.requirement, r.netOptionValue]).toEqual(['1279', '1406.9', '1279', '-1500']);
  });

  it('account types of the positional file: member and hedger have ratio 1.000, speculators 1.100 (record 3)', () => {
    const f = parseSpanFile(fixture('mini-options.pa2'));
    expect(spanRequirement(f, MX, { accountType: 'MEMBER', optionValue: 'separate' }).initial).toBe('1279');
    expect(spanRequirement(f, MX, { accountType: 'hedge', optionValue: 'separate' })).toMatchObject({ accountType: 'HEDGE', initial: '1279' });
    expect(issueOf(() => spanRequirement(f, MX, { accountType: 'RETAIL' }))).toMatchObject({ code: 'invalid_value', path: ['accountType'], argument: 'options' });
  });

  it('whole spreads only: the 0.8 spread does not form; the delivery month charges 0.8 outright delta at 50', () => {
    const r = spanRequirement(parseSpanFile(fixture('mini-options.pa2')), MX, { wholeSpreads: true, optionValue: 'separate' });
    const c = r.byCombinedCommodity[0]!;
    // 1143 + 0 + 0.8 * 50 = 1183 > SOM 120
    expect([c.intraCharge, c.spotCharge, c.risk]).toEqual(['0', '40', '1183']);
  });

  it('same bytes whatever the order of positions, and split positions net', () => {
    const f = parseSpanFile(fixture('mini-options.spn'));
    const a = JSON.stringify(spanRequirement(f, MX));
    expect(JSON.stringify(spanRequirement(f, [...MX].reverse()))).toBe(a);
    const split = [MX[1]!, { ...MX[0]!, quantity: '1' }, MX[2]!, { ...MX[0]!, quantity: '1' }];
    expect(JSON.stringify(spanRequirement(f, split))).toBe(a);
  });

  it('a position the file does not know is a typed error naming it', () => {
    const f = parseSpanFile(fixture('mini-options.spn'));
    const bad: SpanPositionInput[] = [...MX, { exchange: 'CME', productCode: 'MX', productType: 'OOF', period: '202603', right: 'P', strike: '100', quantity: '1' }];
    const i = issueOf(() => spanRequirement(f, bad));
    expect([i.code, i.path, i.argument]).toEqual(['unknown_symbol', [3], 'positions']);
    expect(i.message).toContain('MX OOF 202603 P 100');
    expect(issueOf(() => spanRequirement(f, [{ ...MX[0]!, productCode: 'ZZ' }]))).toMatchObject({ code: 'unknown_symbol', path: [0] });
    expect(issueOf(() => spanRequirement(f, [{ ...MX[2]!, strike: undefined }]))).toMatchObject({ code: 'option_missing_strike', path: [0, 'strike'] });
    expect(issueOf(() => spanRequirement(f, [{ ...MX[0]!, quantity: 'NaN' }]))).toMatchObject({ code: 'invalid_decimal', path: [0, 'quantity'] });
    expect(issueOf(() => spanRequirement(f, untyped([{ ...MX[0]!, extra: 1 }])))).toMatchObject({ code: 'unrecognized_key' });
    expect(issueOf(() => spanRequirement({} as never, MX))).toMatchObject({ code: 'invalid_type', argument: 'spanFile' });
  });

  it('a month period matches a day-coded contract when it is the only one of that month', () => {
    const text = miniSpn({
      products: [{ exch: 'X', id: '1', code: 'F', type: 'FUT', contracts: [{ id: '1', pe: '20260320', p: '1', ra: linearArray(300), d: 1 }] }],
      ccs: [{ cc: 'F', links: [['X', '1', 'F', 'FUT']] }],
    });
    const r = spanRequirement(parseSpanFile(text), [{ exchange: 'X', productCode: 'F', productType: 'FUT', period: '202603', quantity: '1' }]);
    expect(r.maintenance).toBe('300');
  });
});

// The two futures commodities of CME's flat-rate illustration, plus a third (wheat, outright 2,000).
function grains(inter: string) {
  const fut = (code: string, id: string, outright: number) => ({ exch: 'CBT', id, code, type: 'FUT' as const, cvf: '50', contracts: [{ id: id + '1', pe: '202603', p: '4', ra: linearArray(outright), d: 1 }] });
  return parseSpanFile(
    miniSpn({
      products: [fut('C', '1', 1750), fut('S', '2', 2500), fut('W', '3', 2000)],
      ccs: [
        { cc: 'C', links: [['CBT', '1', 'C', 'FUT']] },
        { cc: 'S', links: [['CBT', '2', 'S', 'FUT']] },
        { cc: 'W', links: [['CBT', '3', 'W', 'FUT']] },
      ],
      inter,
    }),
  );
}
const leg = (cc: string, side: string, i: number) => `<tLeg><cc>${cc}</cc><tn>0</tn><rs>${side}</rs><i>${i}</i></tLeg>`;
const wSpread = (priority: number, rate: string, legs: string) => `<dSpread><spread>${priority}</spread><chargeMeth>W</chargeMeth><rate><r>1</r><val>${rate}</val></rate>${legs}</dSpread>`;
const GRAINS = [
  { exchange: 'CBT', productCode: 'C', productType: 'FUT', period: '202603', quantity: '2' },
  { exchange: 'CBT', productCode: 'S', productType: 'FUT', period: '202603', quantity: '-1' },
  { exchange: 'CBT', productCode: 'W', productType: 'FUT', period: '202603', quantity: '-1' },
];

describe('spanRequirement: inter-commodity spreads by priority on the delta left', () => {
  it('corn/soybeans first: it takes all the corn delta, corn/wheat forms nothing', () => {
    const f = grains(wSpread(1, '0.55', leg('C', 'A', 2) + leg('S', 'B', 1)) + wSpread(2, '0.5', leg('C', 'A', 1) + leg('W', 'B', 1)));
    // 3,500 + 2,500 + 2,000 - 3,300
    const r = spanRequirement(f, GRAINS);
    expect(r.maintenance).toBe('4700');
    expect(r.interSpreads.map((s) => [s.priority, s.spreads, s.amount])).toEqual([[1, '1', '3300']]);
  });

  it('corn/wheat first: corn/soybeans forms half a spread on the corn delta left', () => {
    const f = grains(wSpread(2, '0.55', leg('C', 'A', 2) + leg('S', 'B', 1)) + wSpread(1, '0.5', leg('C', 'A', 1) + leg('W', 'B', 1)));
    // C/W: 1 spread, credits 1 * 1,750 * 0.5 = 875 and 1 * 2,000 * 0.5 = 1,000; corn delta left 1.
    // C/S: min(1 / 2, 1 / 1) = 0.5 spreads: 0.5 * 2 * 1,750 * 0.55 = 962.5 and 0.5 * 1 * 2,500 * 0.55 = 687.5.
    // 8,000 - (875 + 1,000 + 962.5 + 687.5) = 4,475
    const r = spanRequirement(f, GRAINS);
    expect(r.maintenance).toBe('4475');
    expect(r.interSpreads.map((s) => [s.priority, s.spreads, s.legs.map((l) => [l.weightedPriceRisk, l.deltaConsumed, l.amount])])).toEqual([
      [1, '1', [['1750', '1', '875'], ['2000', '1', '1000']]],
      [2, '0.5', [['1750', '1', '962.5'], ['2500', '0.5', '687.5']]],
    ]);
  });

  it('a flat credit is shared equally by the legs', () => {
    const f = grains(`<dSpread><spread>1</spread><chargeMeth>F</chargeMeth><rate><r>1</r><val>600</val></rate>${leg('C', 'A', 2) + leg('S', 'B', 1)}</dSpread>`);
    const r = spanRequirement(f, GRAINS.slice(0, 2));
    // 6,000 - 1 spread * 600
    expect(r.maintenance).toBe('5400');
    expect(r.byCombinedCommodity.map((c) => c.interCredit)).toEqual(['300', '300']);
  });

  it('no spread forms when the legs are on the same side', () => {
    const f = grains(wSpread(1, '0.55', leg('C', 'A', 2) + leg('S', 'B', 1)));
    const r = spanRequirement(f, [GRAINS[0]!, { ...GRAINS[1]!, quantity: '1' }]);
    expect([r.maintenance, r.interSpreads.length]).toEqual(['6000', 0]);
  });
});

describe('spanRequirement: methods and rules beyond the flat rate', () => {
  const F1 = linearArray(600);
  const F2 = linearArray(900);
  const two = (body: string, scanTiers = '') =>
    parseSpanFile(
      miniSpn({
        products: [{ exch: 'X', id: '1', code: 'M', type: 'FUT', contracts: [{ id: 'a', pe: '202603', p: '1', ra: F1, d: 1 }, { id: 'b', pe: '202606', p: '1', ra: F2, d: 1 }] }],
        ccs: [{ cc: 'M', links: [['X', '1', 'M', 'FUT']], body: scanTiers + body }],
      }),
    );
  const CAL = [
    { exchange: 'X', productCode: 'M', productType: 'FUT', period: '202603', quantity: '1' },
    { exchange: 'X', productCode: 'M', productType: 'FUT', period: '202606', quantity: '-1' },
  ];
  const pleg = (pe: string, side: string) => `<pLeg><cc>M</cc><pe>${pe}</pe><rs>${side}</rs><i>1</i></pLeg>`;

  it('tiered scanning and a weighted-price-risk intra spread', () => {
    const tiers = '<scanTiers><tier><tn>1</tn><sPe>202603</sPe><ePe>202603</ePe></tier><tier><tn>2</tn><sPe>202606</sPe><ePe>202606</ePe></tier></scanTiers>';
    const f = two(`<dSpread><spread>1</spread><chargeMeth>W</chargeMeth><rate><r>1</r><val>0.5</val></rate>${pleg('202603', 'A')}${pleg('202606', 'B')}</dSpread>`, tiers);
    const r = spanRequirement(f, CAL);
    const c = r.byCombinedCommodity[0]!;
    // Tier 1: +1 at 600 -> 600 (scenario 13); tier 2: -1 at 900 -> 900 (scenario 11).
    // W: 1 * 1 * 600 * 0.5 + 1 * 1 * 900 * 0.5 = 750. Total 600 + 900 + 750 = 2,250.
    expect(c.scanTiers.map((t) => [t.tier, t.scanRisk, t.activeScenario, t.priceRisk])).toEqual([
      [1, '600', 13, '600'],
      [2, '900', 11, '900'],
    ]);
    expect([c.intraCharge, r.maintenance]).toEqual(['750', '2250']);
  });

  it('per month per spread: (per spread + per month * months apart) per spread', () => {
    const f = two(`<dSpread><spread>1</spread><chargeMeth>P</chargeMeth><pmpsRate><r>1</r><val>0</val><pmRate>10</pmRate><psRate>100</psRate></pmpsRate>${pleg('202603', 'A')}${pleg('202606', 'B')}</dSpread>`);
    const r = spanRequirement(f, CAL.map((p) => ({ ...p, quantity: p.quantity === '1' ? '2' : '-2' })));
    // scan: 2 * (F1 - F2) peaks at scenario 11: 2 * (-600 + 900) = 600; 2 spreads * (100 + 10 * 3) = 260.
    expect([r.byCombinedCommodity[0]!.scanRisk, r.byCombinedCommodity[0]!.intraCharge, r.maintenance]).toEqual(['600', '260', '860']);
  });

  it('currency conversion with the file factor, and an unconvertible currency is a typed error', () => {
    const text = miniSpn({
      products: [{ exch: 'X', id: '1', code: 'E', type: 'FUT', currency: 'EUR', contracts: [{ id: 'a', pe: '202603', p: '1', ra: linearArray(1000), d: 1 }] }],
      ccs: [{ cc: 'E', currency: 'EUR', links: [['X', '1', 'E', 'FUT']] }],
      clearingOrgExtra: '<curConv><fromCur>EUR</fromCur><toCur>USD</toCur><factor>1.0843</factor></curConv>',
      currencies: [['USD', 2], ['EUR', 2]],
    });
    const f = parseSpanFile(text);
    const pos = [{ exchange: 'X', productCode: 'E', productType: 'FUT', period: '202603', quantity: '3' }];
    expect(spanRequirement(f, pos).maintenance).toBe('3000');
    // 3,000 EUR * 1.0843 = 3,252.90 USD
    expect(spanRequirement(f, pos, { currency: 'USD' })).toMatchObject({ currency: 'USD', maintenance: '3252.9' });
    expect(issueOf(() => spanRequirement(f, pos, { currency: 'JPY' }))).toMatchObject({ code: 'invalid_value', path: ['currency'], argument: 'options' });
  });

  // Round 32, kdef2: with no position held (none, or all zero) and a file of several currencies or none,
  // the refusal said "positions span several currencies (): ...", naming no currency and blaming positions.
  it('no position held: the refusal to guess the currency names the file, not the positions', () => {
    const text = miniSpn({
      products: [
        { exch: 'X', id: '1', code: 'E', type: 'FUT', currency: 'EUR', contracts: [{ id: 'a', pe: '202603', p: '1', ra: linearArray(1000), d: 1 }] },
        { exch: 'X', id: '2', code: 'U', type: 'FUT', currency: 'USD', contracts: [{ id: 'b', pe: '202603', p: '1', ra: linearArray(1000), d: 1 }] },
      ],
      ccs: [{ cc: 'E', currency: 'EUR', links: [['X', '1', 'E', 'FUT']] }, { cc: 'U', currency: 'USD', links: [['X', '2', 'U', 'FUT']] }],
      currencies: [['USD', 2], ['EUR', 2]],
    });
    const f = parseSpanFile(text);
    const flat = [{ exchange: 'X', productCode: 'E', productType: 'FUT', period: '202603', quantity: '0' }];
    for (const pos of [[], flat]) {
      const i = issueOf(() => spanRequirement(f, pos));
      expect([i.code, i.path, i.argument]).toEqual(['invalid_value', ['currency'], 'options']);
      expect(i.message).toBe("no position held; the file's currencies: EUR, USD: name the account currency");
      // Named, the currency gives a zero requirement.
      expect(spanRequirement(f, pos, { currency: 'USD' })).toMatchObject({ currency: 'USD', requirement: '0' });
    }
  });

  it("limit option value: a flagged commodity's long option value offsets at most its own risk", () => {
    const build = (capAnov: boolean) =>
      parseSpanFile(
        miniSpn({
          products: [
            { exch: 'X', id: '1', code: 'M', type: 'FUT', contracts: [{ id: 'f', pe: '202603', p: '100', ra: F1, d: 1 }] },
            { exch: 'X', id: '2', code: 'M', type: 'OOF', cvf: '100', undId: '1', contracts: [{ id: 'c', pe: '202603', und: 'f', right: 'C', k: '100', p: '5', ra: [10, -10, -90, -110, 100, 80, -200, -220, 180, 160, -320, -340, 250, 230, -480, 290], d: '0.4' }] },
            { exch: 'Y', id: '3', code: 'N', type: 'FUT', contracts: [{ id: 'n', pe: '202603', p: '1', ra: F1, d: 1 }] },
          ],
          ccs: [
            { cc: 'M', capAnov, links: [['X', '1', 'M', 'FUT'], ['X', '2', 'M', 'OOF']] },
            { cc: 'N', links: [['Y', '3', 'N', 'FUT']] },
          ],
        }),
      );
    const pos: SpanPositionInput[] = [
      { exchange: 'X', productCode: 'M', productType: 'OOF', period: '202603', right: 'C', strike: '100', quantity: '1' },
      { exchange: 'Y', productCode: 'N', productType: 'FUT', period: '202603', quantity: '1' },
    ];
    // Long call risk 290 (scenario 16, the largest value of its array), NOV +1 * 5 * 100 = 500; N risk 600.
    // Flagged: available NOV = min(500, 290) = 290 -> 890 - 290 = 600. Not flagged: 890 - 500 = 390.
    expect(spanRequirement(build(true), pos).maintenance).toBe('600');
    expect(spanRequirement(build(false), pos).maintenance).toBe('390');
    expect(spanRequirement(build(false), pos).netOptionValue).toBe('500');
  });

  it("assembly order: CME's max(scan + intra + spot - inter, SOM) against KDPW's max(scan + intra + spot, SOM) - inter", () => {
    const small = [0, 0, -5, -5, 5, 5, -10, -10, 10, 10, -15, -15, 15, 15, -20, 20];
    const f = parseSpanFile(
      miniSpn({
        products: [
          { exch: 'X', id: '1', code: 'A', type: 'FUT', contracts: [{ id: 'f', pe: '202603', p: '100', ra: F1, d: 1 }] },
          { exch: 'X', id: '2', code: 'A', type: 'OOF', undId: '1', contracts: [{ id: 'c', pe: '202603', und: 'f', right: 'C', k: '150', p: '0.1', ra: small, d: '0.025' }] },
          { exch: 'X', id: '3', code: 'B', type: 'FUT', contracts: [{ id: 'g', pe: '202603', p: '100', ra: F1, d: 1 }] },
        ],
        ccs: [
          { cc: 'A', links: [['X', '1', 'A', 'FUT'], ['X', '2', 'A', 'OOF']], body: '<somTiers><tier><tn>0</tn><rate><r>1</r><val>100</val></rate></tier></somTiers>' },
          { cc: 'B', links: [['X', '3', 'B', 'FUT']] },
        ],
        inter: wSpread(1, '0.5', `<tLeg><cc>A</cc><tn>0</tn><rs>A</rs><i>1</i></tLeg><tLeg><cc>B</cc><tn>0</tn><rs>B</rs><i>1</i></tLeg>`),
      }),
    );
    const pos: SpanPositionInput[] = [
      { exchange: 'X', productCode: 'A', productType: 'FUT', period: '202603', quantity: '1' },
      { exchange: 'X', productCode: 'A', productType: 'OOF', period: '202603', right: 'C', strike: '150', quantity: '-10' },
      { exchange: 'X', productCode: 'B', productType: 'FUT', period: '202603', quantity: '-1' },
    ];
    // A: losses F1 - 10 * small: scenario 13: 600 - 150 = 450 (= scenario 14), price risk 450, delta 1 - 0.25 = 0.75, WFPR 600.
    // B: 600 (scenario 11), WFPR 600. Spread A/B 1:1: 0.75 spreads, credits 0.75 * 600 * 0.5 = 225 each. SOM A: 10 * 100 = 1,000.
    // CME: A max(450 - 225, 1000) = 1000, B 600 - 225 = 375: 1,375. KDPW: A max(450, 1000) - 225 = 775, B 375: 1,150.
    expect(spanRequirement(f, pos, { optionValue: 'separate' }).maintenance).toBe('1375');
    expect(spanRequirement(f, pos, { optionValue: 'separate', assembly: 'kdpw' }).maintenance).toBe('1150');
  });
});
