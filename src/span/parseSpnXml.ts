import { D, type Decimal } from '../numeric/decimal.js';
import { commonScale, fileError, integerText, LineCounter, lineAt, parseDecimal, parseUnits } from './fileText.js';
import { SKIP_ELEMENT, scanXml } from './scanXml.js';
import type {
  SpanAdjustment,
  SpanCombinedCommodity,
  SpanContract,
  SpanCurrencyConversion,
  SpanFile,
  SpanNotUsed,
  SpanPerMonthRate,
  SpanProductFamily,
  SpanProductKey,
  SpanRate,
  SpanRateDef,
  SpanRiskArray,
  SpanScenario,
  SpanSpotRate,
  SpanSpread,
  SpanSpreadLeg,
  SpanTier,
} from './SpanFile.js';
import { standardScenarios } from './standardScenarios.js';

/**
 * Reads CME's XML "SPAN 4" risk-parameter file (`.spn`: the `spanFile` element of CME's
 * `spanrisk.xml` schema, also published by NSE Clearing, ASX and others) into a {@link SpanFile}.
 * Internal: call `parseSpanFile`.
 *
 * Streaming: {@link scanXml} delivers events; only one contract, one option series header or one
 * combined-commodity definition is held as a small element tree at a time, converted as soon as it
 * closes and dropped. With `products`, the combined-commodity definitions are read first (a jump
 * from `<ccDef>` to `<ccDef>`), and product families outside them are skipped element by element
 * without tokenizing their contracts.
 *
 * Elements the schema defines but the SPAN calculation does not use (super-spreads, HVaR and CDS
 * parameters, portfolios, business functions) and elements this reader does not know are skipped
 * and listed in `notUsed` with their count and first line.
 */
export function parseSpnXml(text: string, products?: ReadonlySet<string>): SpanFile {
  return new SpnReader(text, products).read();
}

interface Node {
  name: string;
  offset: number;
  parent: Node | undefined;
  index: number;
  text: string;
  /** Retained child elements; allocated on the first one (most elements are leaves). */
  children: Node[] | undefined;
  role: Role;
  counts?: Map<string, number>;
  /** Unit-specific state: a product family's contracts, a series' options. */
  items?: unknown[];
  /** A risk array's `<a>` texts and their offsets (no element object per value: millions in a file). */
  vals?: string[];
  valOffsets?: number[];
  skipRest?: boolean;
}

/** Element path of a node, `['spanFile', 'pointInTime', 0, 'clearingOrg', 0, ...]`: built only for an error. */
function pathOf(node: Node): (string | number)[] {
  const out: (string | number)[] = [];
  for (let n: Node | undefined = node; n; n = n.parent) {
    if (n.parent) out.unshift(n.name, n.index);
    else out.unshift(n.name);
  }
  return out;
}

type Role = 'root' | 'pit' | 'co' | 'exchange' | 'pf' | 'series' | 'inter' | 'defs' | 'tree' | 'unit' | 'value';

const PF_TYPES: Record<string, string> = {
  phyPf: 'PHY',
  futPf: 'FUT',
  fwdPf: 'FWD',
  oopPf: 'OOP',
  oofPf: 'OOF',
  ooePf: 'OOE',
  oocPf: 'OOC',
  cmbPf: 'CMB',
  equityPf: 'STOCK',
  debtPf: 'DEBT',
};
const OPTION_PFS = new Set(['oopPf', 'oofPf', 'ooePf', 'oocPf']);
const CONTRACTS = new Set(['phy', 'fut', 'fwd', 'cmb', 'equity', 'debt']);

/** Children each container element may have, by role: [containers/units], [leafs and small trees]. */
const CONTAINER_CHILDREN: Record<string, { units: Record<string, Role>; trees: Set<string>; unsupported: Set<string> }> = {
  root: { units: { definitions: 'defs', pointInTime: 'pit' }, trees: new Set(['spanVersion', 'fileFormat', 'created']), unsupported: new Set() },
  pit: { units: { clearingOrg: 'co' }, trees: new Set(['date', 'isSetl', 'setlQualifier', 'time', 'run']), unsupported: new Set(['businessFunction', 'portfolio']) },
  co: {
    units: { exchange: 'exchange', interSpreads: 'inter', ccDef: 'unit', pointDef: 'unit', pbRateDef: 'unit', curConv: 'unit' },
    trees: new Set([
      'ec', 'name', 'isContractScale', 'isNetMargin', 'finalizeMeth', 'oopDeltaMeth', 'capAnov', 'minIntExDeltaPct', 'lookAheadYears',
      'lookAheadDays', 'daysPerYear', 'custUseLov', 'useLovPct', 'limitSubAccountOffset', 'capRiskArray',
    ]),
    unsupported: new Set(['zeroCurve', 'hvarMarginParams', 'cdsMarginParams', 'superSpreads', 'superInterClearSpreads', 'interClearSpreads', 'busFuncCoLink']),
  },
  exchange: { units: {}, trees: new Set(['exch', 'name']), unsupported: new Set(['IRSwapPf', 'CDSwapPf', 'eDebtPf']) },
  inter: { units: { dSpread: 'unit' }, trees: new Set(), unsupported: new Set(['sSpread']) },
  defs: {
    units: {},
    trees: new Set(['currencyDef', 'acctTypeDef', 'acctSubTypeDef', 'venueDef', 'tickTypeDef', 'feeTypeDef', 'groupTypeDef', 'calDef', 'groupDef']),
    unsupported: new Set(),
  },
};

const PERIOD = /^\d{6}[0-9A-Za-z]{0,3}$/;

class SpnReader {
  private readonly stack: Node[] = [];
  /** The last element opened was skipped (SKIP_ELEMENT): its close event pops nothing. */
  private skipped = false;
  private readonly notUsed = new Map<string, SpanNotUsed>();
  private readonly products: SpanProductFamily[] = [];
  private readonly ccs: SpanCombinedCommodity[] = [];
  private readonly inter: SpanSpread[] = [];
  private readonly rateDefs: SpanRateDef[] = [];
  private readonly conversions: SpanCurrencyConversion[] = [];
  private readonly currencies: { code: string; decimals: number }[] = [];
  private scenarios: SpanScenario[] | undefined;
  private readonly head = { fileFormat: '', clearingOrg: '', businessDate: '', isSettlement: false, pit: 0 };
  /** pfLinks of the wanted combined commodities (`exch|pfId`, `exch|TYPE|code`), when filtering. */
  private wanted: Set<string> | undefined;
  /** exch|pfId|cId -> period, to resolve options' underlying futures months. */
  private readonly periodOf = new Map<string, string>();
  private readonly pending: { contract: SpanContract & { underlyingPeriod?: string }; ref: string }[] = [];
  private readonly pfLinks: { cc: SpanCombinedCommodity; links: { exch: string; pfId?: string; code?: string; type?: string }[] }[] = [];

  constructor(
    private readonly src: string,
    private readonly filter: ReadonlySet<string> | undefined,
  ) {
    this.lines = new LineCounter(src);
  }

  read(): SpanFile {
    if (this.filter) this.wanted = this.prescanLinks(this.filter);
    scanXml(this.src, this);
    if (this.head.pit === 0) throw fileError('the file has no <pointInTime>', ['spanFile'], 1);
    return this.finish();
  }

  // ------------------------------------------------------------------ scanner events

  open(name: string, attributes: readonly [string, string][] | undefined, offset: number): number | void {
    const action = this.enter(name, attributes, offset);
    this.skipped = action === SKIP_ELEMENT;
    return action;
  }

  private enter(name: string, attributes: readonly [string, string][] | undefined, offset: number): number | void {
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      if (name !== 'spanFile') throw fileError(`the root element is <${name}>, expected <spanFile>`, [name], lineAt(this.src, offset));
      this.stack.push({ name, offset, parent: undefined, index: 0, text: '', children: undefined, role: 'root' });
      return;
    }
    if (attributes) for (const [a] of attributes) this.note('element', `${names(parent)}/${name}/@${a}`, 'unknown', offset);
    if (name === 'a' && parent.name === 'ra' && parent.role === 'tree') {
      // One reused frame for every risk array value: the value is kept as text on the array.
      const v = this.value;
      v.parent = parent;
      v.offset = offset;
      v.text = '';
      this.stack.push(v);
      return;
    }
    const counts = (parent.counts ??= new Map());
    const index = counts.get(name) ?? 0;
    counts.set(name, index + 1);
    let role: Role | undefined;
    if (parent.role === 'tree' || parent.role === 'unit') role = 'tree';
    else if (parent.role === 'pf') {
      if (parent.skipRest) return SKIP_ELEMENT;
      if (name !== 'pfId' && name !== 'pfCode' && this.wanted && !this.pfWanted(parent)) {
        parent.skipRest = true;
        return SKIP_ELEMENT;
      }
      role = CONTRACTS.has(name) && !OPTION_PFS.has(parent.name) ? 'unit' : name === 'series' && OPTION_PFS.has(parent.name) ? 'series' : 'tree';
    } else if (parent.role === 'series') role = name === 'opt' ? 'unit' : 'tree';
    else if (parent.role === 'exchange' && PF_TYPES[name] !== undefined) role = 'pf';
    else {
      const spec = CONTAINER_CHILDREN[parent.role];
      // Only a risk array value (the reused frame, parented by its array) has no children table: an element inside one is a broken file.
      if (!spec) throw fileError(`unexpected <${name}> in a value`, pathOf(parent.parent!), lineAt(this.src, offset));
      if (spec.units[name] !== undefined) role = spec.units[name];
      else if (spec.trees.has(name)) role = 'tree';
      else {
        this.note('element', `${names(parent)}/${name}`, spec.unsupported.has(name) ? 'unsupported' : 'unknown', offset);
        return SKIP_ELEMENT;
      }
      if (name === 'pointInTime' && this.head.pit > 0) {
        this.note('element', 'spanFile/pointInTime', 'unsupported', offset);
        return SKIP_ELEMENT;
      }
      if (name === 'ccDef' && this.filter && !this.ccWanted(offset)) return SKIP_ELEMENT;
    }
    const node: Node = { name, offset, parent, index, text: '', children: undefined, role };
    if (role === 'pf' || role === 'series') node.items = [];
    this.stack.push(node);
  }

  text(value: string, offset: number): void {
    const node = this.stack[this.stack.length - 1]!;
    if (node.role === 'tree' || node.role === 'unit' || node.role === 'value') node.text += value;
    else if (value.trim().length > 0) throw fileError(`unexpected text in <${node.name}>`, pathOf(node), lineAt(this.src, offset));
  }

  close(name: string, offset: number): void {
    // scanXml closes a skipped element (never pushed) right after opening it. Its name may be its
    // parent's (<exchange> inside <exchange>), so only this flag tells the two apart: popping the parent
    // would file its later children under the grandparent (or leave the stack empty at the root).
    if (this.skipped) {
      this.skipped = false;
      return;
    }
    const node = this.stack.pop()!;
    const parent = this.stack[this.stack.length - 1];
    switch (node.role) {
      case 'value':
        (parent!.vals ??= []).push(node.text);
        (parent!.valOffsets ??= []).push(node.offset);
        return;
      case 'tree':
        (parent!.children ??= []).push(node);
        if (parent!.role === 'pit' || parent!.role === 'root' || parent!.role === 'co') this.headerLeaf(parent!, node);
        return;
      case 'unit':
        this.unit(node, parent!);
        return;
      case 'pf':
        this.productFamily(node);
        return;
      case 'series':
        this.series(node, parent!);
        return;
      case 'pit':
        this.head.pit++;
        return;
      case 'defs':
        for (const c of kids(node)) if (c.name === 'currencyDef') this.currencies.push(Object.freeze({ code: req(this, c, 'currency'), decimals: int(this, c, 'decimalPos') }));
        return;
      default:
        void offset;
    }
  }

  // ------------------------------------------------------------------ helpers

  private readonly lines: LineCounter;
  private readonly value: Node = { name: 'a', offset: 0, parent: undefined, index: 0, text: '', children: undefined, role: 'value' };

  line(node: Node): number {
    return this.lines.at(node.offset);
  }

  private note(kind: 'element', name: string, reason: 'unknown' | 'unsupported', offset: number): void {
    const cur = this.notUsed.get(name);
    if (cur) cur.count++;
    else this.notUsed.set(name, { kind, name, reason, count: 1, firstLine: lineAt(this.src, offset) });
  }

  private headerLeaf(parent: Node, node: Node): void {
    const v = node.text.trim();
    if (parent.role === 'root' && node.name === 'fileFormat') this.head.fileFormat = v;
    if (parent.role === 'pit' && node.name === 'date') this.head.businessDate = v;
    if (parent.role === 'pit' && node.name === 'isSetl') this.head.isSettlement = bool(this, node);
    if (parent.role === 'co' && node.name === 'ec' && this.head.clearingOrg === '') this.head.clearingOrg = v;
  }

  private pfWanted(pf: Node): boolean {
    const exch = this.exchangeOf();
    const id = text(pf, 'pfId');
    const code = text(pf, 'pfCode');
    const type = PF_TYPES[pf.name]!;
    return (id !== undefined && this.wanted!.has(`${exch}|${id}`)) || (code !== undefined && this.wanted!.has(`${exch}|${type}|${code}`));
  }

  private exchangeOf(): string {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const n = this.stack[i]!;
      if (n.role === 'exchange') return text(n, 'exch') ?? '';
    }
    return '';
  }

  private ccWanted(offset: number): boolean {
    // The <cc> element is the ccDef's first child: read it without tokenizing the rest.
    const m = /^<ccDef>\s*<cc>([^<]*)<\/cc>/.exec(this.src.slice(offset, offset + 200));
    return m === null || this.filter!.has(m[1]!.trim());
  }

  /** With a `products` filter: the pfLinks of the wanted ccDefs, found by jumping between `<ccDef>` tags. */
  private prescanLinks(filter: ReadonlySet<string>): Set<string> {
    const out = new Set<string>();
    let i = this.src.indexOf('<ccDef>');
    while (i >= 0) {
      const end = this.src.indexOf('</ccDef>', i);
      if (end < 0) break;
      const block = this.src.slice(i, end + 8);
      const cc = /<cc>([^<]*)<\/cc>/.exec(block)?.[1]?.trim();
      if (cc !== undefined && filter.has(cc)) {
        for (const m of block.matchAll(/<pfLink>([\s\S]*?)<\/pfLink>/g)) {
          const b = m[1]!;
          const exch = /<exch>([^<]*)</.exec(b)?.[1]?.trim() ?? '';
          const id = /<pfId>([^<]*)</.exec(b)?.[1]?.trim();
          const code = /<pfCode>([^<]*)</.exec(b)?.[1]?.trim();
          const type = /<pfType>([^<]*)</.exec(b)?.[1]?.trim();
          if (id !== undefined) out.add(`${exch}|${id}`);
          if (code !== undefined && type !== undefined) out.add(`${exch}|${type.toUpperCase()}|${code}`);
        }
      }
      i = this.src.indexOf('<ccDef>', end);
    }
    return out;
  }

  // ------------------------------------------------------------------ conversions

  private unit(node: Node, parent: Node): void {
    if (parent.role === 'pf') {
      const c = this.contract(node, parent);
      if (c) parent.items!.push(c);
      return;
    }
    if (parent.role === 'series') {
      parent.items!.push(node);
      return;
    }
    switch (node.name) {
      case 'ccDef':
        this.ccDef(node);
        return;
      case 'pointDef':
        this.pointDef(node);
        return;
      case 'pbRateDef':
        this.rateDefs.push(
          Object.freeze({
            r: int(this, node, 'r'),
            isCustomer: bool(this, child(this, node, 'isCust')),
            accountType: req(this, node, 'acctType'),
            isMaintenance: bool(this, child(this, node, 'isM')),
            pbClass: text(node, 'pbc') ?? '',
          }),
        );
        return;
      case 'curConv':
        this.conversions.push(Object.freeze({ from: req(this, node, 'fromCur'), to: req(this, node, 'toCur'), factor: dec(this, node, 'factor') }));
        return;
      case 'dSpread':
        this.inter.push(this.spread(node));
        return;
    }
  }

  private riskArrays(node: Node): SpanRiskArray[] {
    const n = this.scenarios?.length ?? 16;
    return kids(node)
      .filter((c) => c.name === 'ra')
      .map((ra) => {
        const values: [number, number][] = [];
        const texts = ra.vals ?? [];
        for (let i = 0; i < texts.length; i++) {
          const v = parseUnits(texts[i]!);
          if (v === undefined) {
            throw fileError(`expected a number of at most 15 significant digits, got ${JSON.stringify(texts[i]!.slice(0, 40))}`, [...pathOf(ra), 'a', i], this.lines.at(ra.valOffsets![i]!));
          }
          values.push(v);
        }
        if (values.length !== n) throw fileError(`a risk array needs ${n} values (one per scenario), got ${values.length}`, pathOf(ra), this.line(ra));
        const scaled = commonScale(values);
        if (scaled === undefined) throw fileError('risk array values too large to hold exactly at a common scale', pathOf(ra), this.line(ra));
        return Object.freeze({ r: text(ra, 'r') === undefined ? 1 : int(this, ra, 'r'), scale: scaled.scale, units: Object.freeze(scaled.units), delta: dec(this, ra, 'd') });
      });
  }

  private contract(node: Node, pf: Node): SpanContract | undefined {
    const id = req(this, node, 'cId');
    const pe = text(node, 'pe') ?? '000000';
    if (!PERIOD.test(pe)) throw fileError(`invalid period code ${JSON.stringify(pe)}`, [...pathOf(node), 'pe'], this.line(node));
    const c: SpanContract = { id, period: pe, arrays: Object.freeze(this.riskArrays(node)), deltaScale: ONE, line: this.line(node) };
    if (text(node, 'p') !== undefined) c.price = dec(this, node, 'p');
    const setl = text(node, 'setlDate');
    if (setl !== undefined) c.expiry = setl;
    this.periodOf.set(`${this.exchangeOf()}|${text(pf, 'pfId') ?? ''}|${id}`, pe);
    return Object.freeze(c);
  }

  private series(node: Node, pf: Node): void {
    const pe = req(this, node, 'pe');
    if (!PERIOD.test(pe)) throw fileError(`invalid period code ${JSON.stringify(pe)}`, [...pathOf(node), 'pe'], this.line(node));
    const und = kids(node).find((c) => c.name === 'undC');
    const ref = und ? `${text(und, 'exch') ?? ''}|${text(und, 'pfId') ?? ''}|${text(und, 'cId') ?? ''}` : undefined;
    const setl = text(node, 'setlDate');
    for (const o of node.items as Node[]) {
      const right = req(this, o, 'o').toUpperCase();
      if (right !== 'C' && right !== 'P') throw fileError(`option right must be C or P, got ${JSON.stringify(right)}`, [...pathOf(o), 'o'], this.line(o));
      const c: SpanContract & { underlyingPeriod?: string } = {
        id: req(this, o, 'cId'),
        period: pe,
        right,
        strike: dec(this, o, 'k'),
        arrays: Object.freeze(this.riskArrays(o)),
        deltaScale: ONE,
        line: this.line(o),
      };
      if (text(o, 'p') !== undefined) c.price = dec(this, o, 'p');
      if (setl !== undefined) c.expiry = setl;
      if (ref !== undefined) this.pending.push({ contract: c, ref });
      else Object.freeze(c);
      pf.items!.push(c);
    }
  }

  private productFamily(node: Node): void {
    if (node.skipRest) return;
    const exch = this.exchangeOf();
    const type = PF_TYPES[node.name]!;
    const pf: SpanProductFamily = {
      exchange: exch,
      code: req(this, node, 'pfCode'),
      type,
      currency: req(this, node, 'currency'),
      contractValueFactor: text(node, 'cvf') === undefined ? new D(1) : dec(this, node, 'cvf'),
      contracts: Object.freeze(node.items as SpanContract[]),
      line: this.line(node),
    };
    const id = text(node, 'pfId');
    if (id !== undefined) pf.id = id;
    const name = text(node, 'name');
    if (name !== undefined) pf.name = name;
    if (OPTION_PFS.has(node.name)) {
      const vm = (text(node, 'valueMeth') ?? '').toUpperCase();
      pf.optionStyle = vm.startsWith('FUT') ? 'futures' : 'premium';
    }
    const und = kids(node).find((c) => c.name === 'undPf');
    if (und) {
      const uType = text(und, 'pfType');
      const uCode = text(und, 'pfCode');
      const u: SpanProductKey & { id?: string } = { exchange: text(und, 'exch') ?? exch, code: uCode ?? '', type: uType ? uType.toUpperCase() : '' };
      const uid = text(und, 'pfId');
      if (uid !== undefined) u.id = uid;
      pf.underlying = u;
    }
    this.products.push(pf);
  }

  private tiers(node: Node, name: string): SpanTier[] {
    const out: SpanTier[] = [];
    for (const group of kids(node).filter((c) => c.name === name)) {
      for (const t of kids(group).filter((c) => c.name === 'tier')) {
        const tier: SpanTier = { tier: int(this, t, 'tn'), rates: Object.freeze(this.rates(t)) };
        const s = text(t, 'sPe');
        const e = text(t, 'ePe');
        if (s !== undefined) tier.start = s;
        if (e !== undefined) tier.end = e;
        out.push(Object.freeze(tier));
      }
    }
    return out;
  }

  private rates(node: Node): SpanRate[] {
    return kids(node).filter((c) => c.name === 'rate').map((r) => Object.freeze({ r: text(r, 'r') === undefined ? 1 : int(this, r, 'r'), value: dec(this, r, 'val') }));
  }

  private spread(node: Node): SpanSpread {
    const meth = (text(node, 'chargeMeth') ?? 'F').toUpperCase();
    if (meth !== 'F' && meth !== 'P' && meth !== 'W') throw fileError(`unknown spread charge method ${JSON.stringify(meth)} (F, P or W)`, [...pathOf(node), 'chargeMeth'], this.line(node));
    const legs: SpanSpreadLeg[] = [];
    for (const l of kids(node)) {
      if (l.name !== 'tLeg' && l.name !== 'pLeg') {
        if (l.name === 'rpLeg' || l.name === 'dSpread') this.note('element', `dSpread/${l.name}`, 'unsupported', l.offset);
        continue;
      }
      const side = req(this, l, 'rs').toUpperCase();
      if (side !== 'A' && side !== 'B') throw fileError(`spread side must be A or B, got ${JSON.stringify(side)}`, [...pathOf(l), 'rs'], this.line(l));
      const leg: SpanSpreadLeg = { cc: req(this, l, 'cc'), side, ratio: dec(this, l, 'i'), required: true };
      if (!leg.ratio.gt(0)) throw fileError('a delta per spread ratio must be > 0', [...pathOf(l), 'i'], this.line(l));
      if (l.name === 'tLeg') leg.tier = int(this, l, 'tn');
      else leg.period = req(this, l, 'pe');
      legs.push(Object.freeze(leg));
    }
    const pm: SpanPerMonthRate[] = kids(node)
      .filter((c) => c.name === 'pmpsRate')
      .map((r) => Object.freeze({ r: text(r, 'r') === undefined ? 1 : int(this, r, 'r'), value: text(r, 'val') === undefined ? new D(0) : dec(this, r, 'val'), perMonth: dec(this, r, 'pmRate'), perSpread: dec(this, r, 'psRate') }));
    return Object.freeze({
      priority: int(this, node, 'spread'),
      method: meth,
      rates: Object.freeze(this.rates(node)),
      perMonthRates: Object.freeze(pm),
      legs: Object.freeze(legs),
      line: this.line(node),
    });
  }

  private ccDef(node: Node): void {
    const somMeth = (text(node, 'somMeth') ?? '').toUpperCase();
    const cc: SpanCombinedCommodity = {
      code: req(this, node, 'cc'),
      currency: req(this, node, 'currency'),
      riskExponent: text(node, 'riskExponent') === undefined ? 0 : int(this, node, 'riskExponent'),
      limitOptionValue: text(node, 'capAnov') === undefined ? false : bool(this, child(this, node, 'capAnov')),
      wfprMethod: (text(node, 'wfprMeth') ?? 'NORMAL').toUpperCase(),
      somMethod: somMeth === 'MAX' ? 'max' : 'sum',
      products: [],
      scanTiers: Object.freeze(this.tiers(node, 'scanTiers')),
      intraTiers: Object.freeze(this.tiers(node, 'intraTiers')),
      interTiers: Object.freeze(this.tiers(node, 'interTiers')),
      somTiers: Object.freeze(this.tiers(node, 'somTiers')),
      intraSpreads: Object.freeze(kids(node).filter((c) => c.name === 'dSpread').map((s) => this.spread(s))),
      spotRates: Object.freeze(
        kids(node)
          .filter((c) => c.name === 'spotRate')
          .map((s): SpanSpotRate => Object.freeze({ r: text(s, 'r') === undefined ? 1 : int(this, s, 'r'), period: req(this, s, 'pe'), spreadRate: dec(this, s, 'sprd'), outrightRate: dec(this, s, 'outr') })),
      ),
      adjustments: Object.freeze(
        kids(node)
          .filter((c) => c.name === 'adjRate')
          .map((a): SpanAdjustment => Object.freeze({ r: int(this, a, 'r'), baseR: int(this, a, 'baseR'), value: dec(this, a, 'val') })),
      ),
      line: this.line(node),
    };
    const name = text(node, 'name');
    if (name !== undefined) cc.name = name;
    const exch = this.exchangeOfCc(node);
    if (exch !== undefined) cc.exchange = exch;
    const links = kids(node)
      .filter((c) => c.name === 'pfLink')
      .map((l) => {
        const link: { exch: string; pfId?: string; code?: string; type?: string } = { exch: req(this, l, 'exch') };
        const id = text(l, 'pfId');
        const code = text(l, 'pfCode');
        const type = text(l, 'pfType');
        if (id !== undefined) link.pfId = id;
        if (code !== undefined) link.code = code;
        if (type !== undefined) link.type = type.toUpperCase();
        return link;
      });
    this.pfLinks.push({ cc, links });
    this.ccs.push(cc);
  }

  private exchangeOfCc(node: Node): string | undefined {
    const l = kids(node).find((c) => c.name === 'pfLink');
    return l ? text(l, 'exch') : undefined;
  }

  private pointDef(node: Node): void {
    const r = text(node, 'r') === undefined ? 1 : int(this, node, 'r');
    if (this.scenarios !== undefined && r !== 1) return;
    const points = kids(node)
      .filter((c) => c.name === 'scanPointDef')
      .map((p): SpanScenario => {
        const frac = (n: Node | undefined): Decimal => {
          if (n === undefined) return new D(0);
          const mult = text(n, 'mult') === undefined ? new D(1) : dec(this, n, 'mult');
          const num = text(n, 'numerator') === undefined ? new D(1) : dec(this, n, 'numerator');
          const den = text(n, 'denominator') === undefined ? new D(1) : dec(this, n, 'denominator');
          if (den.isZero()) throw fileError('a scan point denominator is 0', pathOf(n), this.line(n));
          return mult.mul(num).div(den);
        };
        const s: SpanScenario = {
          point: int(this, p, 'point'),
          priceMove: frac(kids(p).find((c) => c.name === 'priceScanDef')),
          volMove: frac(kids(p).find((c) => c.name === 'volScanDef')),
          weight: text(p, 'weight') === undefined ? new D(1) : dec(this, p, 'weight'),
        };
        const pp = text(p, 'pairedPoint');
        if (pp !== undefined && pp !== '' && pp !== '0') s.pairedPoint = int(this, p, 'pairedPoint');
        return Object.freeze(s);
      })
      .sort((a, b) => a.point - b.point);
    points.forEach((p, i) => {
      if (p.point !== i + 1) throw fileError(`scan points must be numbered 1..${points.length}`, pathOf(node), this.line(node));
    });
    if (points.length === 0) throw fileError('a pointDef without scanPointDef', pathOf(node), this.line(node));
    this.scenarios = points;
  }

  // ------------------------------------------------------------------ end of file

  private finish(): SpanFile {
    const byId = new Map<string, SpanProductFamily>();
    for (const p of this.products) if (p.id !== undefined) byId.set(`${p.exchange}|${p.id}`, p);
    for (const { contract, ref } of this.pending) {
      const pe = this.periodOf.get(ref);
      if (pe !== undefined) contract.underlyingPeriod = pe;
      Object.freeze(contract);
    }
    for (const p of this.products) {
      if (p.underlying) {
        const u = p.underlying as SpanProductKey & { id?: string };
        const target = u.id !== undefined ? byId.get(`${u.exchange}|${u.id}`) : undefined;
        p.underlying = Object.freeze({ exchange: u.exchange, code: target?.code ?? u.code, type: target?.type ?? u.type });
      }
      Object.freeze(p);
    }
    for (const { cc, links } of this.pfLinks) {
      const keys: SpanProductKey[] = [];
      for (const l of links) {
        const pf = l.pfId !== undefined ? byId.get(`${l.exch}|${l.pfId}`) : undefined;
        if (pf) keys.push(Object.freeze({ exchange: pf.exchange, code: pf.code, type: pf.type }));
        else if (l.code !== undefined && l.type !== undefined) keys.push(Object.freeze({ exchange: l.exch, code: l.code, type: l.type }));
      }
      cc.products = Object.freeze(keys);
      Object.freeze(cc);
    }
    if (!/^\d{8}$/.test(this.head.businessDate)) throw fileError(`pointInTime/date must be YYYYMMDD, got ${JSON.stringify(this.head.businessDate)}`, ['spanFile', 'pointInTime', 0, 'date', 0], 1);
    return {
      format: 'spn',
      fileFormat: this.head.fileFormat,
      clearingOrg: this.head.clearingOrg,
      businessDate: this.head.businessDate,
      isSettlement: this.head.isSettlement,
      scenarios: Object.freeze(this.scenarios ?? standardScenarios()),
      rateDefs: Object.freeze(this.rateDefs),
      currencyConversions: Object.freeze(this.conversions),
      currencies: Object.freeze(this.currencies),
      products: Object.freeze(this.products),
      combinedCommodities: Object.freeze(this.ccs),
      interSpreads: Object.freeze(this.inter),
      notUsed: Object.freeze([...this.notUsed.values()].map((n) => Object.freeze(n))),
    };
  }
}

// -------------------------------------------------------------------- element-tree accessors

const NONE: readonly Node[] = Object.freeze([]);

function kids(node: Node): readonly Node[] {
  return node.children ?? NONE;
}

function text(node: Node, name: string): string | undefined {
  for (const c of kids(node)) if (c.name === name) return c.text.trim();
  return undefined;
}

function child(r: SpnReader, node: Node, name: string): Node {
  for (const c of kids(node)) if (c.name === name) return c;
  throw fileError(`<${node.name}> has no <${name}>`, [...pathOf(node), name], r.line(node));
}

function req(r: SpnReader, node: Node, name: string): string {
  const c = child(r, node, name);
  const v = c.text.trim();
  if (v.length === 0) throw fileError(`<${name}> is empty`, pathOf(c), r.line(c));
  return v;
}

const ONE = new D(1);

/** The number in `node`'s text, exactly; the path and line are built only for an error. */
function decOf(r: SpnReader, node: Node): Decimal {
  const d = parseDecimal(node.text);
  if (d === undefined) throw fileError(`expected a number (at most 1e24), got ${JSON.stringify(node.text.slice(0, 40))}`, pathOf(node), r.line(node));
  return d;
}

function dec(r: SpnReader, node: Node, name: string): Decimal {
  return decOf(r, child(r, node, name));
}

function int(r: SpnReader, node: Node, name: string): number {
  const c = child(r, node, name);
  const s = c.text.trim();
  if (/^[+-]?\d{1,9}$/.test(s)) return Number(s);
  return integerText(c.text, pathOf(c), r.line(c));
}

/** `spanFile/pointInTime/clearingOrg/...`: the element names down to `node`, for `notUsed`. */
function names(node: Node): string {
  const out: string[] = [];
  for (let n: Node | undefined = node; n; n = n.parent) out.unshift(n.name);
  return out.join('/');
}

function bool(r: SpnReader, node: Node): boolean {
  const v = node.text.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'y') return true;
  if (v === '0' || v === 'false' || v === 'n' || v === '') return false;
  throw fileError(`expected a boolean (1/0/true/false), got ${JSON.stringify(node.text.slice(0, 20))}`, pathOf(node), r.line(node));
}
