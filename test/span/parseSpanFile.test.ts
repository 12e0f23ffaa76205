import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import { issueOf } from './issueOf.js';
import { parseSpanFile, safeParseSpanFile } from '../../src/span/parseSpanFile.js';
import { riskArrayValues } from '../../src/span/riskArrayValues.js';
import type { SpanFile } from '../../src/span/SpanFile.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const strs = (ds: readonly { toString(): string }[]) => ds.map((d) => d.toString());


/**
 * Real CME records of the positional expanded format, 20 June 2025, as quoted in the doctests of the
 * open-source parser jburgy/span (src/pa2/__init__.py, commit 0b7a7dfcbed4f694d7ebc5a38c296b6f76d7aeee,
 * https://github.com/jburgy/span). Each is parsed with the header and, where a record needs one, a
 * type-2 line of our own for its combined commodity (marked "context").
 */
const REAL = {
  header: '0 CME   20250620SE     202506201407U2YNCLR        C CUST  H HEDGE 1 CORE  M MAINT ',
  currency: 'T CLPCUSD$0000001063',
  exchange: '1 CBT  01',
  cc26: '2 CBT 26    0USD$PN   26        FUT   26        OOF   59        OOF   WT1       OOF   VT1       OOF   GT1       OOF',
  tiers06: '3 06    1001202507202507022025082025080320250920250904202510202511  100010001100',
  tierSpread06: 'C 06    1001030000100011401A021502B031601A',
  spotYM: '4 YM    10010120250600000010000000                            00001701001001001',
  arrayParamsZSC:
    'B CBTZSC       OOC202507   202507   999999992500000000600030000330000000000000000000001000020250620ZSC       BC00000000Y0000035-0005000000000000 00 00 010000000000P 00',
  priceConv06:
    'P CBT06        OOFSOYBEAN MEAL OP003000  000010000000000000000001USD$STD 00AMERSOYBEAN MEAL OPTIONS Long dated    YFEQTY DELIV                 0000001000000000  ',
  group: '5 CME       06    07    14    31    3CC   71    76    7CC   AUW   BCF   ',
  inter: '6 ALL00010980000NYMNNY-HH 0010000ANYMNNY-HP 0010000B                                    04NYMNNY-NG          S00100000001',
  first06: '81CBT06        06        FUT 202507            000000000000+00000+00567-00567-00567+00567+01133-01133-01133+00000000284100N',
  // As printed in the doctest: 120 characters, one 6-character group short of the layout (see below).
  second06: '82CBT06        06        OOFC202507   202507   000014500000+00000+00000+00000+00000+00000+00000+002500000139100++10000+C',
  series17: 'E 17    0000100002502509   010000A2512   020000B2603   010000A',
  scan07: 'S 07    20020120250720250702202508202812                                          2',
  dailyAdj: 'V CMEGA        202506  202506200000000000000+P0000000000000+P 100100Y100100Y100100GSCIER',
};
const ctx2 = (cc: string, products: [string, string][]) =>
  `2 CBT ${cc.padEnd(6)}0USD$PN  ` + products.map(([c, t]) => ` ${c.padEnd(10)}${t}   `).join('').trimEnd();

describe('parseSpanFile: positional records published by CME (2025)', () => {
  it('record 0 (header) and T (currency conversion)', () => {
    const f = parseSpanFile([REAL.header, REAL.currency].join('\n'));
    expect(f).toMatchObject({ format: 'pa2', clearingOrg: 'CME', businessDate: '20250620', isSettlement: true, fileFormat: 'U2' });
    expect(f.currencyConversions.map((c) => [c.from, c.to, c.factor.toString()])).toEqual([['CLP', 'USD', '0.001063']]);
    expect(f.scenarios).toHaveLength(16);
  });

  it('record 2: the combined commodity and its product families', () => {
    const f = parseSpanFile([REAL.header, REAL.exchange, REAL.cc26].join('\n'));
    const cc = f.combinedCommodities[0]!;
    expect(cc).toMatchObject({ code: '26', exchange: 'CBT', currency: 'USD', riskExponent: 0, limitOptionValue: false });
    expect(cc.products.map((p) => `${p.code} ${p.type}`)).toEqual(['26 FUT', '26 OOF', '59 OOF', 'WT1 OOF', 'VT1 OOF', 'GT1 OOF']);
  });

  it('records 3 and C: intra-commodity tiers, initial-to-maintenance ratios and a tier-to-tier butterfly', () => {
    const f = parseSpanFile([REAL.header, ctx2('06', [['06', 'FUT']]), REAL.tiers06, REAL.tierSpread06].join('\n'));
    const cc = f.combinedCommodities[0]!;
    expect(cc.intraTiers.map((t) => [t.tier, t.start, t.end])).toEqual([
      [1, '202507', '202507'],
      [2, '202508', '202508'],
      [3, '202509', '202509'],
      [4, '202510', '202511'],
    ]);
    // 9V9(3): member 1.000, hedger 1.000, speculator 1.100, as rate ids 3, 5, 7 derived from the maintenance ids.
    expect(cc.adjustments.filter((a) => a.r % 2 === 1).map((a) => a.value.toString())).toEqual(['1', '1', '1.1']);
    expect(f.rateDefs.map((d) => `${d.r} ${d.accountType} ${d.isMaintenance ? 'M' : 'I'}`)).toEqual(['2 MEMBER M', '3 MEMBER I', '4 HEDGE M', '5 HEDGE I', '6 SPEC M', '7 SPEC I']);
    const s = cc.intraSpreads[0]!;
    expect([s.priority, s.method, s.rates[0]!.value.toString()]).toEqual([1, 'F', '100']);
    expect(s.legs.map((l) => `${l.tier}${l.side}x${l.ratio.toString()}`)).toEqual(['14Ax1', '15Bx2', '16Ax1']);
  });

  it('record 4: delivery month rates, short option minimum, maintenance adjustment factors', () => {
    const f = parseSpanFile([REAL.header, ctx2('YM', [['YM', 'FUT']]), REAL.spotYM].join('\n'));
    const cc = f.combinedCommodities[0]!;
    expect(cc.spotRates.map((r) => [r.period, r.spreadRate.toString(), r.outrightRate.toString()])).toEqual([['202506', '1', '0']]);
    expect(cc.somTiers.map((t) => t.rates[0]!.value.toString())).toEqual(['170']);
    expect(cc.somMethod).toBe('sum');
    expect(cc.adjustments.filter((a) => a.baseR === 1).map((a) => a.value.toString())).toEqual(['1', '1', '1']);
  });

  it('record E: a series-to-series butterfly, record S: inter-commodity tiers and the WFPR method', () => {
    const f = parseSpanFile([REAL.header, ctx2('17', [['17', 'FUT']]), ctx2('07', [['07', 'FUT']]), REAL.series17, REAL.scan07].join('\n'));
    const [c17, c07] = [f.combinedCommodities.find((c) => c.code === '17')!, f.combinedCommodities.find((c) => c.code === '07')!];
    const s = c17.intraSpreads[0]!;
    expect([s.priority, s.rates[0]!.value.toString()]).toEqual([1, '250']);
    expect(s.legs.map((l) => `${l.period}${l.side}x${l.ratio.toString()}`)).toEqual(['202509Ax1', '202512Bx2', '202603Ax1']);
    expect(c07.interTiers.map((t) => [t.tier, t.start, t.end])).toEqual([
      [1, '202507', '202507'],
      [2, '202508', '202812'],
    ]);
    expect(c07.scanTiers).toEqual([]);
    expect(c07.wfprMethod).toBe('2');
  });

  it('record 6 with method 04 (scanning-based super spread) is listed as unsupported; 5 and V too', () => {
    const f = parseSpanFile([REAL.header, REAL.group, REAL.inter, REAL.dailyAdj].join('\n'));
    expect(f.interSpreads).toEqual([]);
    expect(f.notUsed.map((n) => [n.name, n.reason, n.firstLine])).toEqual([
      ['5', 'unsupported', 2],
      ['6/04 (scanning-based inter-commodity spread)', 'unsupported', 3],
      ['V', 'unsupported', 4],
    ]);
  });

  it('record 81 (values 1-9, settlement price) with record P (decimal locators, contract value factor)', () => {
    // Context: the type 2 line and the 82 companion (values 10-16 and composite delta) are ours.
    const p06fut = REAL.priceConv06.replace('06        OOF', '06        FUT');
    const second = '82CBT06        06        FUT 202507            000000000000+00000+00000+00000+00000+00000+00000+10000+';
    const f = parseSpanFile([REAL.header, ctx2('06', [['06', 'FUT']]), p06fut, REAL.first06, second].join('\n'));
    const fam = f.products[0]!;
    expect([fam.code, fam.type, fam.currency, fam.contractValueFactor.toString()]).toEqual(['06', 'FUT', 'USD', '100']);
    const c = fam.contracts[0]!;
    expect(c.period).toBe('202507');
    expect(strs(riskArrayValues(c.arrays[0]!).slice(0, 9))).toEqual(['0', '0', '-567', '-567', '567', '567', '-1133', '-1133', '1133']);
    expect(c.price?.toString()).toBe('284.1'); // 00000000284100 with 3 decimals (record P)
    expect(c.arrays[0]!.delta.toString()).toBe('1');
  });

  it('record 82 as printed in the doctest is one group short: a typed error at its line', () => {
    const i = issueOf(() => parseSpanFile([REAL.header, ctx2('06', [['06', 'OOF']]), REAL.second06].join('\n')));
    expect([i.code, i.path, i.line]).toEqual(['invalid_span_file', ['82', 'compositeDeltaSign'], 3]);
  });

  it('record 82 with the missing group restored: strike, option price (record P locators) and composite delta', () => {
    const repaired = REAL.second06.slice(0, 96) + '00000+' + REAL.second06.slice(96);
    const first = '81CBT06        06        OOFC202507   202507   000014500000+00000+00000+00000+00000+00000+00000+00000+00000+';
    const f = parseSpanFile([REAL.header, ctx2('06', [['06', 'OOF']]), REAL.priceConv06, first, repaired].join('\n'));
    const c = f.products[0]!.contracts[0]!;
    expect([c.right, c.strike?.toString(), c.period, c.underlyingPeriod, c.price?.toString(), c.arrays[0]!.delta.toString()]).toEqual(['C', '145', '202507', '202507', '139.1', '0']);
    expect(f.products[0]!.underlying).toEqual({ exchange: 'CBT', code: '06', type: 'FUT' });
  });

  it('record B gives the delta scaling factor and expiry of its series', () => {
    const first = '81CBTZSC       ZSC       OOCC202507   202507   000100000000+00000+00000+00000+00000+00000+00000+00000+00000+';
    const second = '82CBTZSC       ZSC       OOCC202507   202507   000100000000+00000+00000+00000+00000+00000+00000+05000+';
    const f = parseSpanFile([REAL.header, ctx2('ZSC', [['ZSC', 'OOC']]), REAL.arrayParamsZSC, first, second].join('\n'));
    const c = f.products[0]!.contracts[0]!;
    expect([c.deltaScale.toString(), c.expiry, c.arrays[0]!.delta.toString()]).toEqual(['1', '20250620', '0.5']);
  });
});

describe('parseSpanFile: miniature files', () => {
  it('the XML and positional miniatures hold the same parameters', () => {
    const x = parseSpanFile(fixture('mini-options.spn'));
    const p = parseSpanFile(fixture('mini-options.pa2'));
    const view = (f: SpanFile) =>
      f.products.map((fam) => ({
        key: `${fam.exchange} ${fam.code} ${fam.type} ${fam.optionStyle ?? ''} ${fam.contractValueFactor.toString()}`,
        contracts: fam.contracts.map((c) => [c.period, c.underlyingPeriod, c.right, c.strike?.toString(), c.price?.toString(), strs(riskArrayValues(c.arrays[0]!)).join(' '), c.arrays[0]!.delta.toString()]),
      }));
    expect(view(x)).toEqual(view(p));
    expect(x.format).toBe('spn');
    expect(x.notUsed.map((n) => n.name)).toEqual(['spanFile/pointInTime/clearingOrg/superSpreads']);
    expect(p.notUsed.map((n) => [n.name, n.firstLine])).toEqual([['V', 15]]);
    expect(x.currencies).toEqual([{ code: 'USD', decimals: 2 }]);
  });

  it('is deeply frozen', () => {
    const f = parseSpanFile(fixture('mini-options.spn'));
    expect(Object.isFrozen(f)).toBe(true);
    expect(Object.isFrozen(f.products[0]!.contracts[0]!.arrays[0]!.units)).toBe(true);
    expect(Object.isFrozen(f.combinedCommodities[0]!.intraSpreads[0]!.legs[0])).toBe(true);
    expect(() => {
      (f.products as unknown as unknown[]).push(1);
    }).toThrow();
  });

  it('numbers are exact decimals: risk array values are read from their digits, exponent notation included', () => {
    const xml = fixture('mini-options.spn').replace('<a>10</a>', '<a>1.00000000000001E1</a>').replace('<a>-10</a>', '<a>-0.1e-2</a>');
    const a = parseSpanFile(xml).products[1]!.contracts[0]!.arrays[0]!;
    expect(strs(riskArrayValues(a).slice(0, 3))).toEqual(['10.0000000000001', '-0.001', '-90']);
    expect([a.scale, a.units[0], a.units[2]]).toEqual([13, 100000000000001, -900000000000000]);
    // 16 significant digits cannot be held exactly: refused, never rounded.
    const i = issueOf(() => parseSpanFile(fixture('mini-options.spn').replace('<a>10</a>', '<a>1234567890.123456</a>')));
    expect([i.code, i.path.slice(-2)]).toEqual(['invalid_span_file', ['a', 0]]);
  });

  it('the products filter keeps only the named combined commodities (both formats)', () => {
    for (const name of ['corn-soybeans.spn', 'corn-soybeans.pa2']) {
      const f = parseSpanFile(fixture(name), { products: ['S'] });
      expect(f.combinedCommodities.map((c) => c.code)).toEqual(['S']);
      expect(f.products.map((p) => p.code)).toEqual(['S']);
      const all = parseSpanFile(fixture(name));
      expect(all.products.map((p) => p.code)).toEqual(['C', 'S']);
    }
  });

  it('an option series finds the period of its underlying future through undC', () => {
    const f = parseSpanFile(fixture('mini-options.spn'));
    const opt = f.products.find((p) => p.type === 'OOF')!;
    expect(opt.contracts[0]!.underlyingPeriod).toBe('202603');
    expect(opt.underlying).toEqual({ exchange: 'CME', code: 'MX', type: 'FUT' });
    expect(opt.optionStyle).toBe('premium');
  });
});

describe('parseSpanFile: bad files are typed errors with a path and a line', () => {
  const xml = fixture('mini-options.spn');
  it.each([
    ['a risk array value that is not a number', xml.replace('<a>-300</a>', '<a>-3O0</a>'), 'a'],
    ['a risk array with 15 values', xml.replace('<a>594</a>', ''), 'ra'],
    ['an option right that is not C or P', xml.replace('<o>C</o>', '<o>X</o>'), 'o'],
    ['a missing currency', xml.replace('<currency>USD</currency><cvf>100</cvf><valueMeth>FUT', '<cvf>100</cvf><valueMeth>FUT'), 'currency'],
    ['a bad period code', xml.replace('<pe>202606</pe>', '<pe>2026-06</pe>'), 'pe'],
    ['an unknown spread method', xml.replace('<chargeMeth>F</chargeMeth>', '<chargeMeth>Q</chargeMeth>'), 'chargeMeth'],
    ['a NaN', xml.replace('<val>150</val>', '<val>NaN</val>'), 'val'],
    // Round 31, kdef: an element inside a risk array value (a value cut short: `<a>-<a>-200</a>`) threw a
    // TypeError from the reader ("reading 'units'") instead of the file error.
    ['an element inside a risk array value', xml.replace('<a>-300</a>', '<a>-<a>-300</a>'), 'ra'],
    ['any element inside a risk array value', xml.replace('<a>-300</a>', '<a><b/>-300</a>'), 'ra'],
  ])('XML: %s', (_name, text, element) => {
    const i = issueOf(() => parseSpanFile(text));
    expect(i.code).toBe('invalid_span_file');
    expect(i.argument).toBe('text');
    expect(i.path.filter((p) => typeof p === 'string')).toContain(element);
    expect(i.line).toBeGreaterThan(1);
  });

  it('XML: the line number is the line of the offending element', () => {
    const text = xml.replace('<a>-300</a>', '<a>-3O0</a>');
    const line = text.split('\n').findIndex((l) => l.includes('-3O0')) + 1;
    expect(issueOf(() => parseSpanFile(text)).line).toBe(line);
  });

  const pa2 = fixture('mini-options.pa2').split('\r\n');
  it.each([
    ['a risk array value with a letter', 10, (r: string) => r.slice(0, 66) + '0020O' + r.slice(71), ['81', 'arrayValue', 3]],
    ['a bad sign', 10, (r: string) => r.slice(0, 59) + '*' + r.slice(60), ['81', 'arrayValueSign', 1]],
    ['a bad business date', 0, (r: string) => r.slice(0, 8) + '2026JA15' + r.slice(16), ['0', 'businessDate']],
    ['a truncated 81 record', 10, (r: string) => r.slice(0, 80), ['81']],
    ['a bad spread side', 5, (r: string) => r.slice(0, 33) + 'C' + r.slice(34), ['E', 'leg', 0, 'side']],
  ])('positional: %s', (_name, row, edit, path) => {
    const lines = [...pa2];
    lines[row as number] = (edit as (r: string) => string)(lines[row as number]!);
    const i = issueOf(() => parseSpanFile(lines.join('\r\n')));
    expect([i.code, i.path, i.line]).toEqual(['invalid_span_file', path, (row as number) + 1]);
  });

  it('positional: a contract with an 81 record but no 82', () => {
    const lines = pa2.filter((_, k) => k !== 13);
    const i = issueOf(() => parseSpanFile(lines.join('\n')));
    expect([i.code, i.path, i.line]).toEqual(['invalid_span_file', ['82'], 13]);
  });

  it('neither format, or not a string', () => {
    expect(issueOf(() => parseSpanFile('hello'))).toMatchObject({ code: 'invalid_span_file', line: 1 });
    expect(issueOf(() => parseSpanFile(42 as unknown as string))).toMatchObject({ code: 'invalid_type', argument: 'text' });
    expect(issueOf(() => parseSpanFile(xml, { products: 'ES' } as unknown as { products: string[] }))).toMatchObject({ code: 'invalid_type', argument: 'options' });
    expect(issueOf(() => parseSpanFile(xml, { extra: 1 } as unknown as { products: string[] }))).toMatchObject({ code: 'unrecognized_key' });
  });

  it('safeParseSpanFile returns instead of throwing', () => {
    const r = safeParseSpanFile('<spanFile>');
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.code).toBe('invalid_span_file');
    expect(safeParseSpanFile(xml).success).toBe(true);
  });

  it('XML: unknown elements are listed, not dropped silently, and do not fail the file', () => {
    const text = xml.replace('<finalizeMeth>NORMAL</finalizeMeth>', '<finalizeMeth>NORMAL</finalizeMeth><newThing><x>1</x></newThing>');
    const f = parseSpanFile(text);
    expect(f.notUsed.find((n) => n.name.endsWith('newThing'))).toMatchObject({ reason: 'unknown', count: 1 });
    expect(D.isDecimal(riskArrayValues(f.products[0]!.contracts[0]!.arrays[0]!)[2])).toBe(true);
  });

  // Round 32, kdef2: a skipped element named like its parent (`<exchange><exchange/>`) closed the parent
  // instead: the parent's later children were filed under the grandparent (the exchange's product
  // families dropped as unknown clearingOrg elements), and a doubled root (`<spanFile><spanFile>`) left
  // the reader's stack empty, a TypeError ("reading 'role'") instead of the file error. Property: an
  // unknown element is listed and changes nothing else, whatever its name.
  it.each([
    ['exchange', '<exchange>', '<exchange><exchange/>'],
    ['exchange, with content', '<exchange>', '<exchange><exchange><x>1</x></exchange>'],
    ['clearingOrg', '<clearingOrg>', '<clearingOrg><clearingOrg/>'],
    ['definitions', '<definitions>', '<definitions><definitions/>'],
    ['pointInTime', '<pointInTime>', '<pointInTime><pointInTime/>'],
  ])('XML: an unknown element inside a same-name <%s> is listed and changes nothing else', (_name, open, doubled) => {
    const clean = parseSpanFile(xml);
    const f = parseSpanFile(xml.replace(open, doubled));
    expect(f.notUsed.filter((n) => !clean.notUsed.some((c) => c.name === n.name)).map((n) => n.name.split('/').slice(-2).join('/'))).toEqual([`${open.slice(1, -1)}/${open.slice(1, -1)}`]);
    expect(JSON.stringify({ ...f, notUsed: [] })).toBe(JSON.stringify({ ...clean, notUsed: [] }));
  });

  it('XML: a doubled root start tag is a file error, not a TypeError', () => {
    const i = issueOf(() => parseSpanFile(xml.replace('<spanFile>', '<spanFile>\n<spanFile>')));
    expect([i.code, i.argument, i.message]).toEqual(['invalid_span_file', 'text', expect.stringContaining('<spanFile> is not closed')]);
  });
});
