import { D, type Decimal } from '../numeric/decimal.js';
import { fileError, fixedDecimal, signField } from './fileText.js';
import type {
  SpanAdjustment,
  SpanCombinedCommodity,
  SpanContract,
  SpanCurrencyConversion,
  SpanFile,
  SpanNotUsed,
  SpanProductFamily,
  SpanProductKey,
  SpanRateDef,
  SpanSpotRate,
  SpanSpread,
  SpanSpreadLeg,
  SpanTier,
} from './SpanFile.js';
import { standardScenarios } from './standardScenarios.js';

/**
 * Reads CME's positional "expanded unpacked" risk-parameter format (`.pa2`, file format code `U2`)
 * into a {@link SpanFile}. Internal: call `parseSpanFile`.
 *
 * Layouts: CME Group, "Risk Parameter File Layouts for the Positional Formats"
 * (https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46301203/Risk+Parameter+File+Layouts+for+the+Positional+Formats),
 * expanded-format pages of record types 0, 1, 2, 3, 4, 5, 6, 8 (81/82), B, C, E, P, S and T. Columns
 * below are 0-based `[from, to)` slices of the record (the layouts number them from 1). Where a page
 * was not available, the columns were checked against real 2025 CME records quoted as test data by
 * the open-source parser jburgy/span (src/pa2/__init__.py) and the field lengths of
 * rpolton/span-for-margin (CME.ExpandedFormat.fs); the tests quote those records.
 *
 * Records are read line by line (no split of the whole text). Numbers are exact: a risk array value
 * is five digits and a sign, scaled by the product's risk array decimal locator (record 2) and the
 * combined commodity's risk exponent. Record types this reader does not use are counted in
 * `notUsed`; 83/84 (high-precision arrays) are listed there as unsupported: a contract must come
 * with its 81/82 records.
 */
export function parsePa2(text: string, products?: ReadonlySet<string>): SpanFile {
  return new Pa2Reader(text, products).read();
}

interface RawContract {
  key: string;
  exchange: string;
  code: string;
  type: string;
  underlying: string;
  right: string;
  futPeriod: string;
  optPeriod: string;
  strike: string;
  raw: number[]; // 16 signed integers
  have81: boolean;
  have82: boolean;
  delta?: Decimal;
  price81?: string;
  price82?: { digits: string; negative: boolean };
  line: number;
}

interface CcBuild {
  cc: Omit<SpanCombinedCommodity, 'products' | 'scanTiers' | 'intraTiers' | 'interTiers' | 'somTiers' | 'intraSpreads' | 'spotRates' | 'adjustments'>;
  products: (SpanProductKey & { locator: number })[];
  scanTiers: SpanTier[];
  intraTiers: SpanTier[];
  interTiers: SpanTier[];
  somRates: Decimal[]; // per scan tier (record S) when given
  somRate?: Decimal; // record 4
  intraSpreads: SpanSpread[];
  spotRates: SpanSpotRate[];
  imRatios?: [Decimal, Decimal, Decimal]; // member, hedger, speculator (record 3)
  mmFactors?: [Decimal, Decimal, Decimal]; // record 4
  optionStyle: 'premium' | 'futures';
}

const ACCOUNT_TYPES = ['MEMBER', 'HEDGE', 'SPEC'] as const;
const ONE = new D(1);

class Pa2Reader {
  private readonly notUsed = new Map<string, SpanNotUsed>();
  private readonly head = { clearingOrg: '', businessDate: '', isSettlement: false, fileFormat: '' };
  private readonly conversions: SpanCurrencyConversion[] = [];
  private readonly ccs = new Map<string, CcBuild>();
  private readonly ccOfProduct = new Map<string, string>(); // exch|type|code -> cc
  private readonly contracts = new Map<string, RawContract>();
  private readonly pRecords = new Map<string, { settleDl: number; strikeDl: number; cvf: Decimal; currency: string; name: string }>();
  private readonly deltaScales = new Map<string, { scale: Decimal; expiry: string }>();
  private readonly inter: SpanSpread[] = [];
  private headerSeen = false;

  constructor(
    private readonly text: string,
    private readonly filter: ReadonlySet<string> | undefined,
  ) {}

  read(): SpanFile {
    const t = this.text;
    let start = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    let line = 0;
    while (start < t.length) {
      let end = t.indexOf('\n', start);
      if (end < 0) end = t.length;
      line++;
      let rec = t.slice(start, end);
      if (rec.endsWith('\r')) rec = rec.slice(0, -1);
      start = end + 1;
      if (rec.trim().length === 0) continue;
      this.record(rec, line);
    }
    if (!this.headerSeen) throw fileError('no exchange complex header (record type 0)', ['0'], 1);
    return this.finish();
  }

  private note(type: string, reason: 'unknown' | 'unsupported', line: number): void {
    const cur = this.notUsed.get(type);
    if (cur) cur.count++;
    else this.notUsed.set(type, { kind: 'record', name: type, reason, count: 1, firstLine: line });
  }

  private record(r: string, line: number): void {
    const two = r.slice(0, 2);
    const type = /^\d\d$/.test(two) ? two : two[1] === ' ' || two.length === 1 ? two[0]! : two;
    switch (type) {
      case '0':
        return this.header(r, line);
      case 'T':
        this.conversions.push(Object.freeze({ from: r.slice(2, 5).trim(), to: r.slice(6, 9).trim(), factor: fixedDecimal(r.slice(10, 20), 6, false, ['T', 'factor'], line) }));
        return;
      case '1':
        return; // exchange header: the acronym is repeated on every record that needs it
      case '2':
        return this.ccDefinition(r, line);
      case '3':
        return this.intraTiers(r, line);
      case '4':
        return this.spotAndSom(r, line);
      case '6':
        return this.interSpread(r, line);
      case '81':
      case '82':
        return this.riskArray(r, line, type);
      case 'B':
        return this.arrayParameters(r, line);
      case 'C':
        return this.tierSpread(r, line);
      case 'E':
        return this.seriesSpread(r, line);
      case 'P':
        return this.priceConversion(r, line);
      case 'S':
        return this.scanTiers(r, line);
      // Known record types outside the calculation here: 5 (combined commodity groups, for report
      // rollups), 83/84 (high-precision arrays), 9/33/66 (liquidation risk), R (product redefinition),
      // V (daily adjustment rates), X/Y/Z (combination margining).
      case '5':
      case '83':
      case '84':
      case '9':
      case '33':
      case '66':
      case 'R':
      case 'V':
      case 'X':
      case 'Y':
      case 'Z':
        return this.note(type, 'unsupported', line);
      default:
        return this.note(type, 'unknown', line);
    }
  }

  private header(r: string, line: number): void {
    if (this.headerSeen) return this.note('0', 'unsupported', line);
    this.headerSeen = true;
    this.head.clearingOrg = r.slice(2, 8).trim();
    this.head.businessDate = r.slice(8, 16);
    if (!/^\d{8}$/.test(this.head.businessDate)) throw fileError(`business date must be CCYYMMDD, got ${JSON.stringify(this.head.businessDate)}`, ['0', 'businessDate'], line);
    this.head.isSettlement = r.slice(16, 17) === 'S';
    this.head.fileFormat = r.slice(35, 37).trim();
  }

  private cc(code: string, line: number, type: string): CcBuild {
    const c = this.ccs.get(code);
    if (!c) throw fileError(`combined commodity ${code} has no type 2 record before this one`, [type, 'combinedCommodity'], line);
    return c;
  }

  private ccDefinition(r: string, line: number): void {
    const code = r.slice(6, 12).trim();
    const exch = r.slice(2, 5).trim();
    let c = this.ccs.get(code);
    if (!c) {
      const exp = r.slice(12, 13).trim();
      if (exp !== '' && !/^\d$/.test(exp)) throw fileError(`risk exponent must be a digit, got ${JSON.stringify(exp)}`, ['2', 'riskExponent'], line);
      const currency = r.slice(13, 16).trim();
      if (currency.length === 0) throw fileError('performance bond currency is blank', ['2', 'currency'], line);
      c = {
        cc: { code, exchange: exch, currency, riskExponent: exp === '' ? 0 : Number(exp), limitOptionValue: r.slice(18, 19) === 'Y', wfprMethod: 'NORMAL', somMethod: 'sum', line },
        products: [],
        scanTiers: [],
        intraTiers: [],
        interTiers: [],
        somRates: [],
        intraSpreads: [],
        spotRates: [],
        optionStyle: r.slice(17, 18) === 'F' ? 'futures' : 'premium',
      };
      this.ccs.set(code, c);
    }
    for (let k = 0; k < 6; k++) {
      const base = 22 + 16 * k;
      const pcode = r.slice(base, base + 10).trim();
      if (pcode === '') continue;
      const ptype = r.slice(base + 10, base + 13).trim();
      const loc = r.slice(base + 13, base + 14).trim();
      if (loc !== '' && !/^\d$/.test(loc)) throw fileError(`risk array decimal locator must be a digit, got ${JSON.stringify(loc)}`, ['2', 'product', k, 'decimalLocator'], line);
      const locator = (loc === '' ? 0 : Number(loc)) * (r.slice(base + 14, base + 15) === '-' ? -1 : 1);
      c.products.push({ exchange: exch, code: pcode, type: ptype, locator });
      this.ccOfProduct.set(`${exch}|${ptype}|${pcode}`, code);
    }
  }

  /** An account-class factor (records 3 and 4): read only when the record gives the group; a blank field in it is the neutral 1. */
  private ratio(field: string, decimals: number, path: (string | number)[], line: number): Decimal {
    return fixedDecimal(field, decimals, false, path, line, new D(1));
  }

  private intraTiers(r: string, line: number): void {
    const c = this.cc(r.slice(2, 8).trim(), line, '3');
    for (let k = 0; k < 4; k++) {
      const base = 10 + 14 * k;
      const tn = r.slice(base, base + 2).trim();
      if (tn === '') continue;
      c.intraTiers.push(this.tier(tn, r.slice(base + 2, base + 8), r.slice(base + 8, base + 14), ['3', 'tier', k], line));
    }
    if (!c.imRatios && r.slice(68, 80).trim() !== '') {
      c.imRatios = [0, 1, 2].map((k) => this.ratio(r.slice(68 + 4 * k, 72 + 4 * k), 3, ['3', 'initialToMaintenance', ACCOUNT_TYPES[k]!], line)) as [Decimal, Decimal, Decimal];
    }
  }

  private tier(tn: string, start: string, end: string, path: (string | number)[], line: number): SpanTier {
    if (!/^\d+$/.test(tn)) throw fileError(`tier number must be digits, got ${JSON.stringify(tn)}`, path, line);
    const t: SpanTier = { tier: Number(tn), rates: Object.freeze([]) };
    if (start.trim() !== '') {
      if (!/^\d{6}$/.test(start)) throw fileError(`tier start month must be CCYYMM, got ${JSON.stringify(start)}`, path, line);
      t.start = start;
    }
    if (end.trim() !== '') {
      if (!/^\d{6}$/.test(end)) throw fileError(`tier end month must be CCYYMM, got ${JSON.stringify(end)}`, path, line);
      t.end = end;
    }
    return t;
  }

  private spotAndSom(r: string, line: number): void {
    const c = this.cc(r.slice(2, 8).trim(), line, '4');
    if (r.slice(8, 10) === '10') {
      for (let k = 0; k < 2; k++) {
        const base = 12 + 22 * k;
        const month = r.slice(base + 2, base + 8);
        if (month.trim() === '') continue;
        if (!/^\d{6}$/.test(month)) throw fileError(`delivery month must be CCYYMM, got ${JSON.stringify(month)}`, ['4', 'deliveryMonth', k], line);
        c.spotRates.push(
          Object.freeze({
            r: 1,
            period: month + r.slice(56 + 2 * k, 58 + 2 * k).trim(),
            spreadRate: fixedDecimal(r.slice(base + 8, base + 15), 0, false, ['4', 'deliveryMonth', k, 'spreadRate'], line, new D(0)),
            outrightRate: fixedDecimal(r.slice(base + 15, base + 22), 0, false, ['4', 'deliveryMonth', k, 'outrightRate'], line, new D(0)),
          }),
        );
      }
    }
    const som = r.slice(62, 69);
    if (som.trim() !== '') c.somRate = fixedDecimal(som, 0, false, ['4', 'shortOptionMinimumRate'], line);
    if (!c.mmFactors && r.slice(69, 78).trim() !== '') {
      c.mmFactors = [0, 1, 2].map((k) => this.ratio(r.slice(69 + 3 * k, 72 + 3 * k), 2, ['4', 'maintenanceAdjustment', ACCOUNT_TYPES[k]!], line)) as [Decimal, Decimal, Decimal];
    }
    const m = r.slice(78, 79);
    if (m === '2') c.cc.somMethod = 'max';
  }

  private interSpread(r: string, line: number): void {
    const method = r.slice(88, 90).trim();
    if (method === '04') return this.note('6/04 (scanning-based inter-commodity spread)', 'unsupported', line);
    const legs: SpanSpreadLeg[] = [];
    for (let k = 0; k < 4; k++) {
      const base = 16 + 18 * k;
      const cc = r.slice(base + 4, base + 10).trim();
      if (cc === '') continue;
      const side = r.slice(base + 17, base + 18);
      if (side !== 'A' && side !== 'B') throw fileError(`spread side must be A or B, got ${JSON.stringify(side)}`, ['6', 'leg', k, 'side'], line);
      const leg: SpanSpreadLeg = { cc, exchange: r.slice(base, base + 3).trim(), side, ratio: fixedDecimal(r.slice(base + 10, base + 17), 4, false, ['6', 'leg', k, 'ratio'], line), required: true };
      if (!leg.ratio.gt(0)) throw fileError('a delta per spread ratio must be > 0', ['6', 'leg', k, 'ratio'], line);
      const tn = r.slice(101 + 2 * k, 103 + 2 * k).trim();
      leg.tier = tn === '' ? 0 : Number(tn);
      if (!Number.isInteger(leg.tier)) throw fileError(`tier number must be digits, got ${JSON.stringify(tn)}`, ['6', 'leg', k, 'tier'], line);
      legs.push(Object.freeze(leg));
    }
    // The credit rate is a percentage with four implied decimals (0980000 = 98%); stored as a fraction.
    const rate = fixedDecimal(r.slice(9, 16), 4, false, ['6', 'creditRate'], line).div(100);
    const priority = r.slice(5, 9);
    if (!/^\d{4}$/.test(priority)) throw fileError(`spread priority must be 4 digits, got ${JSON.stringify(priority)}`, ['6', 'priority'], line);
    this.inter.push(
      Object.freeze({
        priority: Number(priority),
        method: 'W' as const,
        rates: Object.freeze([Object.freeze({ r: 1, value: rate })]),
        perMonthRates: Object.freeze([]),
        legs: Object.freeze(legs),
        line,
      }),
    );
  }

  private riskArray(r: string, line: number, type: '81' | '82'): void {
    const exchange = r.slice(2, 5).trim();
    const code = r.slice(5, 15).trim();
    const ptype = r.slice(25, 28).trim();
    if (this.filter) {
      const cc = this.ccOfProduct.get(`${exchange}|${ptype}|${code}`);
      if (cc !== undefined && !this.filter.has(cc)) return;
    }
    const futPeriod = r.slice(29, 35) + r.slice(35, 37).trim();
    const optPeriod = r.slice(38, 44).trim() + r.slice(44, 46).trim();
    const right = r.slice(28, 29).trim();
    const strike = r.slice(47, 54);
    if (!/^\d{6}/.test(futPeriod) && futPeriod.trim() !== '') throw fileError(`futures contract month must be CCYYMM, got ${JSON.stringify(r.slice(29, 35))}`, [type, 'futuresMonth'], line);
    const key = `${exchange}|${ptype}|${code}|${futPeriod}|${optPeriod}|${right}|${strike}`;
    let c = this.contracts.get(key);
    if (!c) {
      c = { key, exchange, code, type: ptype, underlying: r.slice(15, 25).trim(), right, futPeriod, optPeriod, strike, raw: new Array<number>(16).fill(0), have81: false, have82: false, line };
      this.contracts.set(key, c);
    }
    const count = type === '81' ? 9 : 7;
    const first = type === '81' ? 0 : 9;
    if (r.length < 54 + 6 * count) throw fileError(`record ${type} is ${r.length} characters, too short for its ${count} risk array values`, [type], line);
    for (let k = 0; k < count; k++) {
      // Five digits and a sign, read by character code (millions of values in a real file).
      const b = 54 + 6 * k;
      let v = 0;
      for (let j = 0; j < 5; j++) {
        const ch = r.charCodeAt(b + j) - 48;
        if (ch < 0 || ch > 9) throw fileError(`risk array value ${first + k + 1} must be 5 digits, got ${JSON.stringify(r.slice(b, b + 5))}`, [type, 'arrayValue', first + k + 1], line);
        v = v * 10 + ch;
      }
      const sign = r.charCodeAt(b + 5);
      if (sign !== 43 && sign !== 45 && sign !== 32) signField(r.slice(b + 5, b + 6), [type, 'arrayValueSign', first + k + 1], line);
      c.raw[first + k] = sign === 45 && v !== 0 ? -v : v;
    }
    if (type === '81') {
      c.have81 = true;
      const hp = r.slice(108, 122);
      if (hp.trim() !== '') c.price81 = hp;
    } else {
      c.have82 = true;
      if (r.length < 102) throw fileError('record 82 ends before the composite delta', ['82', 'compositeDelta'], line);
      const d = r.slice(96, 101);
      if (!/^\d{5}$/.test(d.trim().padStart(5, '0'))) throw fileError(`composite delta must be digits, got ${JSON.stringify(d)}`, ['82', 'compositeDelta'], line);
      c.delta = fixedDecimal(d, 4, signField(r.slice(101, 102), ['82', 'compositeDeltaSign'], line), ['82', 'compositeDelta'], line, new D(0));
      const sp = r.slice(110, 117);
      if (sp.trim() !== '') c.price82 = { digits: sp, negative: signField(r.slice(117, 118), ['82', 'settlementPriceSign'], line) };
    }
  }

  private arrayParameters(r: string, line: number): void {
    const key = `${r.slice(2, 5).trim()}|${r.slice(15, 18).trim()}|${r.slice(5, 15).trim()}|${r.slice(18, 24)}${r.slice(24, 26).trim()}|${r.slice(27, 33).trim()}${r.slice(33, 35).trim()}`;
    const dsf = r.slice(85, 91);
    this.deltaScales.set(key, { scale: fixedDecimal(dsf, 4, false, ['B', 'deltaScalingFactor'], line, new D(1)), expiry: /^\d{8}$/.test(r.slice(91, 99)) ? r.slice(91, 99) : '' });
  }

  private tierSpread(r: string, line: number): void {
    const c = this.cc(r.slice(2, 8).trim(), line, 'C');
    const n = Number(r.slice(12, 14));
    if (!Number.isInteger(n) || n < 1 || n > 8) throw fileError(`number of legs must be 1 to 8, got ${JSON.stringify(r.slice(12, 14))}`, ['C', 'numberOfLegs'], line);
    const legs: SpanSpreadLeg[] = [];
    for (let k = 0; k < n; k++) {
      const base = 21 + 7 * k;
      const side = r.slice(base + 6, base + 7);
      if (side !== 'A' && side !== 'B') throw fileError(`spread side must be A or B, got ${JSON.stringify(side)}`, ['C', 'leg', k, 'side'], line);
      const tn = r.slice(base + 2, base + 4);
      if (!/^\d\d$/.test(tn)) throw fileError(`tier number must be 2 digits, got ${JSON.stringify(tn)}`, ['C', 'leg', k, 'tier'], line);
      legs.push(Object.freeze({ cc: c.cc.code, tier: Number(tn), side, ratio: fixedDecimal(r.slice(base + 4, base + 6), 0, false, ['C', 'leg', k, 'ratio'], line), required: true }));
    }
    c.intraSpreads.push(this.intra(Number(r.slice(10, 12)), r.slice(14, 21), legs, ['C'], line));
  }

  private intra(priority: number, rate: string, legs: SpanSpreadLeg[], path: (string | number)[], line: number): SpanSpread {
    if (!Number.isInteger(priority)) throw fileError('spread priority must be digits', [...path, 'priority'], line);
    return Object.freeze({
      priority,
      method: 'F' as const,
      rates: Object.freeze([Object.freeze({ r: 1, value: fixedDecimal(rate, 0, false, [...path, 'chargeRate'], line) })]),
      perMonthRates: Object.freeze([]),
      legs: Object.freeze(legs),
      line,
    });
  }

  private seriesSpread(r: string, line: number): void {
    const c = this.cc(r.slice(2, 8).trim(), line, 'E');
    const legs: SpanSpreadLeg[] = [];
    for (let k = 0; k < 4; k++) {
      const base = 20 + 14 * k;
      const yymm = r.slice(base, base + 4);
      if (yymm.trim() === '') continue;
      if (!/^\d{4}$/.test(yymm)) throw fileError(`leg month must be YYMM, got ${JSON.stringify(yymm)}`, ['E', 'leg', k, 'month'], line);
      const side = r.slice(base + 13, base + 14);
      if (side !== 'A' && side !== 'B') throw fileError(`spread side must be A or B, got ${JSON.stringify(side)}`, ['E', 'leg', k, 'side'], line);
      legs.push(Object.freeze({ cc: c.cc.code, period: `20${yymm}`, side, ratio: fixedDecimal(r.slice(base + 7, base + 13), 4, false, ['E', 'leg', k, 'ratio'], line), required: true }));
    }
    const priority = Number(r.slice(8, 13));
    const prev = c.intraSpreads[c.intraSpreads.length - 1];
    // More than four legs: the following E records of the same priority continue the spread.
    if (prev && prev.priority === priority && prev.legs.every((l) => l.period !== undefined) && prev.line === line - 1) {
      c.intraSpreads[c.intraSpreads.length - 1] = Object.freeze({ ...prev, legs: Object.freeze([...prev.legs, ...legs]), line });
    } else c.intraSpreads.push(this.intra(priority, r.slice(13, 20), legs, ['E'], line));
  }

  private priceConversion(r: string, line: number): void {
    const key = `${r.slice(2, 5).trim()}|${r.slice(15, 18).trim()}|${r.slice(5, 15).trim()}`;
    const dl = (f: string, name: string): number => {
      if (!/^\d{1,3}$/.test(f.trim())) throw fileError(`${name} decimal locator must be digits, got ${JSON.stringify(f)}`, ['P', name], line);
      return Number(f);
    };
    const exp = r.slice(73, 75).trim();
    const expo = exp === '' ? 0 : Number(exp) * (r.slice(72, 73) === '-' ? -1 : 1);
    if (!Number.isInteger(expo)) throw fileError(`contract value factor exponent must be digits, got ${JSON.stringify(r.slice(72, 75))}`, ['P', 'contractValueFactorExponent'], line);
    this.pRecords.set(key, {
      settleDl: dl(r.slice(33, 36), 'settlementPrice'),
      strikeDl: dl(r.slice(36, 39), 'strike'),
      cvf: fixedDecimal(r.slice(41, 55), 7 - expo, false, ['P', 'contractValueFactor'], line),
      currency: r.slice(65, 68).trim(),
      name: r.slice(18, 33).trim(),
    });
  }

  private scanTiers(r: string, line: number): void {
    const c = this.cc(r.slice(2, 8).trim(), line, 'S');
    const method = r.slice(8, 10);
    const tiers: SpanTier[] = [];
    for (let k = 0; k < 5; k++) {
      const base = 12 + 14 * k;
      const tn = r.slice(base, base + 2).trim();
      if (tn === '') continue;
      tiers.push(this.tier(tn, r.slice(base + 2, base + 8), r.slice(base + 8, base + 14), ['S', 'tier', k], line));
      const som = r.slice(103 + 7 * k, 110 + 7 * k);
      if (som.trim() !== '') c.somRates[k] = fixedDecimal(som, 0, false, ['S', 'tierShortOptionMinimum', k], line);
    }
    if (method === '10' || method === '21' || method === '22') c.scanTiers.push(...tiers);
    if (method === '20' || method === '21' || method === '23') c.interTiers.push(...tiers);
    if (method === '02') this.note('S/02 (every contract month its own tier)', 'unsupported', line);
    const w = r.slice(82, 83).trim();
    if (w !== '') c.cc.wfprMethod = w === '1' ? 'NORMAL' : w;
  }

  // ------------------------------------------------------------------ end of file

  private finish(): SpanFile {
    const families = new Map<string, SpanProductFamily & { contracts: SpanContract[] }>();
    for (const c of this.contracts.values()) {
      this.contracts.delete(c.key); // the raw record goes as soon as its contract is built (lower peak memory)
      if (!c.have81 || !c.have82) throw fileError(`contract ${c.code} ${c.type} ${c.futPeriod} ${c.optPeriod}${c.right}${c.strike.trim()} has a record ${c.have81 ? '81 but no 82' : '82 but no 81'}`, [c.have81 ? '82' : '81'], c.line);
      const pkey = `${c.exchange}|${c.type}|${c.code}`;
      const ccCode = this.ccOfProduct.get(pkey);
      if (this.filter && (ccCode === undefined || !this.filter.has(ccCode))) continue;
      const cc = ccCode === undefined ? undefined : this.ccs.get(ccCode);
      const link = cc?.products.find((p) => p.exchange === c.exchange && p.type === c.type && p.code === c.code);
      const p = this.pRecords.get(pkey);
      let fam = families.get(pkey);
      if (!fam) {
        const currency = p?.currency || cc?.cc.currency;
        if (!currency) throw fileError(`product ${c.exchange} ${c.code} ${c.type} has no currency (no type P record and no combined commodity)`, ['81'], c.line);
        fam = { exchange: c.exchange, code: c.code, type: c.type, currency, contractValueFactor: p?.cvf ?? new D(1), contracts: [], line: c.line };
        if (p?.name) fam.name = p.name;
        if (c.right !== '') {
          fam.optionStyle = cc?.optionStyle ?? 'premium';
          fam.underlying = Object.freeze({ exchange: c.exchange, code: c.underlying, type: c.type === 'OOP' ? 'PHY' : 'FUT' });
        }
        families.set(pkey, fam);
      }
      // value = raw * 10^(risk exponent - decimal locator), as an exact scaled integer.
      const shift = (cc?.cc.riskExponent ?? 0) - (link?.locator ?? 0);
      const units = Object.freeze(shift > 0 ? c.raw.map((v) => v * 10 ** shift) : c.raw);
      const isOption = c.right === 'C' || c.right === 'P';
      const ds = this.deltaScales.get(`${c.exchange}|${c.type}|${c.code}|${c.futPeriod}|${isOption ? c.optPeriod : ''}`);
      const contract: SpanContract = {
        id: `${isOption ? c.optPeriod + c.right + c.strike.trim() : c.futPeriod}`,
        period: isOption ? c.optPeriod : c.futPeriod,
        arrays: Object.freeze([Object.freeze({ r: 1, scale: shift > 0 ? 0 : -shift, units, delta: c.delta! })]),
        deltaScale: ds?.scale ?? ONE,
        line: c.line,
      };
      if (ds?.expiry) contract.expiry = ds.expiry;
      if (isOption) {
        contract.right = c.right as 'C' | 'P';
        contract.strike = fixedDecimal(c.strike, p?.strikeDl ?? 0, false, ['81', 'strike'], c.line);
        if (c.futPeriod.trim() !== '') contract.underlyingPeriod = c.futPeriod;
      }
      const dl = p?.settleDl ?? 0;
      if (c.price81 !== undefined) contract.price = fixedDecimal(c.price81, dl, false, ['81', 'settlementPrice'], c.line);
      else if (c.price82 !== undefined) contract.price = fixedDecimal(c.price82.digits, dl, c.price82.negative, ['82', 'settlementPrice'], c.line);
      fam.contracts.push(Object.freeze(contract));
    }
    const rateDefs: SpanRateDef[] = [];
    const ccs: SpanCombinedCommodity[] = [];
    let anyClasses = false;
    for (const b of this.ccs.values()) {
      if (this.filter && !this.filter.has(b.cc.code)) continue;
      const adjustments: SpanAdjustment[] = [];
      if (b.imRatios || b.mmFactors) {
        anyClasses = true;
        ACCOUNT_TYPES.forEach((_, k) => {
          adjustments.push(Object.freeze({ r: 2 + 2 * k, baseR: 1, value: b.mmFactors?.[k] ?? new D(1) }));
          adjustments.push(Object.freeze({ r: 3 + 2 * k, baseR: 2 + 2 * k, value: b.imRatios?.[k] ?? new D(1) }));
        });
      }
      const somTiers: SpanTier[] = b.somRates.length
        ? b.scanTiers.map((t, k) => Object.freeze({ ...t, rates: Object.freeze(b.somRates[k] ? [Object.freeze({ r: 1, value: b.somRates[k]! })] : []) }))
        : b.somRate
          ? [Object.freeze({ tier: 0, rates: Object.freeze([Object.freeze({ r: 1, value: b.somRate })]) })]
          : [];
      ccs.push(
        Object.freeze({
          ...b.cc,
          products: Object.freeze(b.products.map((p) => Object.freeze({ exchange: p.exchange, code: p.code, type: p.type }))),
          scanTiers: Object.freeze(b.scanTiers.map((t) => Object.freeze(t))),
          intraTiers: Object.freeze(b.intraTiers.map((t) => Object.freeze(t))),
          interTiers: Object.freeze(b.interTiers.map((t) => Object.freeze(t))),
          somTiers: Object.freeze(somTiers),
          intraSpreads: Object.freeze(b.intraSpreads),
          spotRates: Object.freeze(b.spotRates),
          adjustments: Object.freeze(adjustments),
        }),
      );
    }
    if (anyClasses) {
      ACCOUNT_TYPES.forEach((accountType, k) => {
        rateDefs.push(Object.freeze({ r: 2 + 2 * k, isCustomer: accountType !== 'MEMBER', accountType, isMaintenance: true, pbClass: 'CORE' }));
        rateDefs.push(Object.freeze({ r: 3 + 2 * k, isCustomer: accountType !== 'MEMBER', accountType, isMaintenance: false, pbClass: 'CORE' }));
      });
    }
    const inter = this.filter ? this.inter.filter((s) => s.legs.some((l) => this.filter!.has(l.cc))) : this.inter;
    return {
      format: 'pa2',
      fileFormat: this.head.fileFormat,
      clearingOrg: this.head.clearingOrg,
      businessDate: this.head.businessDate,
      isSettlement: this.head.isSettlement,
      scenarios: Object.freeze(standardScenarios()),
      rateDefs: Object.freeze(rateDefs),
      currencyConversions: Object.freeze(this.conversions),
      currencies: Object.freeze([]),
      products: Object.freeze([...families.values()].map((f) => Object.freeze({ ...f, contracts: Object.freeze(f.contracts) }))),
      combinedCommodities: Object.freeze(ccs),
      interSpreads: Object.freeze(inter),
      notUsed: Object.freeze([...this.notUsed.values()].map((n) => Object.freeze(n))),
    };
  }
}
