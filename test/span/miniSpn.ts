/**
 * Builds small SPAN 4 XML files for the algorithm tests (element names of CME's spanrisk.xml).
 * Arrays are written as given: loss of one long contract per scenario, 16 values.
 */
export interface MiniContract {
  id: string;
  pe: string;
  p?: string;
  right?: 'C' | 'P';
  k?: string;
  /** cId of the underlying future (options). */
  und?: string;
  ra: (string | number)[];
  d: string | number;
}

export interface MiniProduct {
  exch: string;
  id: string;
  code: string;
  type: 'FUT' | 'OOF' | 'OOP' | 'PHY';
  currency?: string;
  cvf?: string;
  /** Option valuation: EQTY (premium-style, default) or FUT (futures-style). */
  valueMeth?: string;
  undId?: string;
  contracts: MiniContract[];
}

export interface MiniCc {
  cc: string;
  currency?: string;
  links: [exch: string, pfId: string, code: string, type: string][];
  /** Raw XML inside <ccDef> after the links (adjRate, tiers, dSpread, spotRate, capAnov...). */
  body?: string;
  capAnov?: boolean;
}

const TAG: Record<MiniProduct['type'], string> = { FUT: 'futPf', OOF: 'oofPf', OOP: 'oopPf', PHY: 'phyPf' };

function ra(c: MiniContract): string {
  if (c.ra.length !== 16) throw new Error('16 values');
  return `<ra><r>1</r>${c.ra.map((v) => `<a>${v}</a>`).join('')}<d>${c.d}</d></ra>`;
}

export function miniSpn(x: { products: MiniProduct[]; ccs: MiniCc[]; inter?: string; clearingOrgExtra?: string; currencies?: [string, number][] }): string {
  const byExch = new Map<string, MiniProduct[]>();
  for (const p of x.products) byExch.set(p.exch, [...(byExch.get(p.exch) ?? []), p]);
  const exchanges = [...byExch]
    .map(([exch, ps]) => {
      const body = ps
        .map((p) => {
          const head = `<pfId>${p.id}</pfId><pfCode>${p.code}</pfCode><currency>${p.currency ?? 'USD'}</currency><cvf>${p.cvf ?? '1'}</cvf>`;
          if (p.type === 'OOF' || p.type === 'OOP') {
            const series = new Map<string, MiniContract[]>();
            for (const c of p.contracts) series.set(`${c.pe}|${c.und ?? ''}`, [...(series.get(`${c.pe}|${c.und ?? ''}`) ?? []), c]);
            const ss = [...series]
              .map(([k, cs]) => {
                const [pe, und] = k.split('|');
                const undC = und ? `<undC><exch>${p.exch}</exch><pfId>${p.undId}</pfId><cId>${und}</cId><s>1</s><i>1</i></undC>` : '';
                return `<series><pe>${pe}</pe><sc>1</sc>${undC}${cs.map((c) => `<opt><cId>${c.id}</cId><o>${c.right}</o><k>${c.k}</k><p>${c.p ?? '0'}</p>${ra(c)}</opt>`).join('')}</series>`;
              })
              .join('');
            const undPf = p.undId ? `<undPf><exch>${p.exch}</exch><pfId>${p.undId}</pfId><s>1</s><i>1</i></undPf>` : '';
            return `<${TAG[p.type]}>${head}<cab>0</cab><valueMeth>${p.valueMeth ?? 'EQTY'}</valueMeth><priceModel>BLACK</priceModel>${undPf}${ss}</${TAG[p.type]}>`;
          }
          const tag = p.type === 'PHY' ? 'phy' : 'fut';
          return `<${TAG[p.type]}>${head}<valueMeth>FUT</valueMeth>${p.contracts.map((c) => `<${tag}><cId>${c.id}</cId><pe>${c.pe}</pe>${c.p !== undefined ? `<p>${c.p}</p>` : ''}${ra(c)}</${tag}>`).join('')}</${TAG[p.type]}>`;
        })
        .join('\n');
      return `<exchange><exch>${exch}</exch>\n${body}\n</exchange>`;
    })
    .join('\n');
  const ccs = x.ccs
    .map(
      (c) =>
        `<ccDef><cc>${c.cc}</cc><currency>${c.currency ?? 'USD'}</currency>${c.capAnov ? '<capAnov>1</capAnov>' : ''}${c.links
          .map(([e, id, code, type]) => `<pfLink><exch>${e}</exch><pfId>${id}</pfId><pfCode>${code}</pfCode><pfType>${type}</pfType><sc>1</sc></pfLink>`)
          .join('')}${c.body ?? ''}</ccDef>`,
    )
    .join('\n');
  const currencies = (x.currencies ?? [['USD', 2]]).map(([c, d]) => `<currencyDef><currency>${c}</currency><symbol>${c}</symbol><name>${c}</name><decimalPos>${d}</decimalPos></currencyDef>`).join('');
  return `<?xml version="1.0"?>
<spanFile><fileFormat>4.00</fileFormat><definitions>${currencies}</definitions>
<pointInTime><date>20260115</date><isSetl>1</isSetl>
<clearingOrg><ec>MINI</ec><name>test</name>${x.clearingOrgExtra ?? ''}
${exchanges}
${ccs}
${x.inter ? `<interSpreads>${x.inter}</interSpreads>` : ''}
</clearingOrg></pointInTime></spanFile>
`;
}

/** A futures risk array linear in the price move: loss of one long = -outright * move, extremes 3x at 33%. */
export function linearArray(outright: number): number[] {
  const moves = [0, 0, 1, 1, -1, -1, 2, 2, -2, -2, 3, 3, -3, -3];
  const r = (v: number) => Math.round(v * 100) / 100 + 0;
  return [...moves.map((m) => r((-outright * m) / 3)), r(-outright * 0.99), r(outright * 0.99)];
}
