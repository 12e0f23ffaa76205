/**
 * Seeded synthetic SPAN risk-parameter files for the benchmark, in both formats (XML `.spn` and
 * positional `.pa2`): `nCc` combined commodities, each with 12 futures months and, per month, an
 * option series of `strikes` calls and `strikes` puts. Generated in memory at run time: no large file
 * is ever committed. The numbers are plausible, not real.
 */
import { rng } from './generate';

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
const num = (v: number, n: number) => String(Math.abs(v)).padStart(n, '0');

function arrays(r: () => number, outright: number, option: boolean): number[] {
  const moves = [0, 0, 1, 1, -1, -1, 2, 2, -2, -2, 3, 3, -3, -3];
  const skew = option ? r() : 1;
  const out = moves.map((m, i) => Math.round(-outright * skew * (m / 3) + (option ? (i % 2 ? -1 : 1) * 7 : 0)));
  out.push(Math.round(-outright * skew * 0.99), Math.round(outright * skew * 0.99));
  return out;
}

const months = (k: number) => `20${26 + Math.floor(k / 12)}${String((k % 12) + 1).padStart(2, '0')}`;

/** A synthetic XML file of roughly `targetMB` megabytes. */
export function syntheticSpn(targetMB: number, strikes = 20, seed = 7): { text: string; ccs: string[] } {
  const r = rng(seed);
  const parts: string[] = ['<?xml version="1.0"?>\n<spanFile><fileFormat>4.00</fileFormat><definitions><currencyDef><currency>USD</currency><symbol>$</symbol><name>USD</name><decimalPos>2</decimalPos></currencyDef></definitions>\n<pointInTime><date>20260115</date><isSetl>1</isSetl><clearingOrg><ec>BENCH</ec><name>bench</name>\n<exchange><exch>BEX</exch>\n'];
  const ccs: string[] = [];
  let size = parts[0]!.length;
  let k = 0;
  const ra = (a: number[], d: string) => `<ra><r>1</r>${a.map((v) => `<a>${v}.${String(Math.floor(r() * 100)).padStart(2, '0')}</a>`).join('')}<d>${d}</d></ra>`;
  while (size < targetMB * 1e6) {
    const code = `C${k}`;
    ccs.push(code);
    const outright = 500 + Math.floor(r() * 5000);
    let fut = `<futPf><pfId>${2 * k}</pfId><pfCode>${code}</pfCode><currency>USD</currency><cvf>50</cvf><valueMeth>FUT</valueMeth>\n`;
    for (let m = 0; m < 12; m++) fut += `<fut><cId>${m}</cId><pe>${months(m)}</pe><p>${100 + m}.25</p>${ra(arrays(r, outright, false), '1')}</fut>\n`;
    fut += '</futPf>\n';
    let opt = `<oofPf><pfId>${2 * k + 1}</pfId><pfCode>${code}</pfCode><currency>USD</currency><cvf>50</cvf><cab>0</cab><valueMeth>EQTY</valueMeth><priceModel>BLACK</priceModel><undPf><exch>BEX</exch><pfId>${2 * k}</pfId><s>1</s><i>1</i></undPf>\n`;
    for (let m = 0; m < 12; m++) {
      opt += `<series><pe>${months(m)}</pe><sc>1</sc><undC><exch>BEX</exch><pfId>${2 * k}</pfId><cId>${m}</cId><s>1</s><i>1</i></undC>\n`;
      for (let s = 0; s < 2 * strikes; s++) {
        const right = s < strikes ? 'C' : 'P';
        opt += `<opt><cId>${1000 * m + s}</cId><o>${right}</o><k>${80 + (s % strikes) * 2}</k><p>${(r() * 10).toFixed(2)}</p>${ra(arrays(r, outright, true), (right === 'C' ? r() : -r()).toFixed(4))}</opt>\n`;
      }
      opt += '</series>\n';
    }
    opt += '</oofPf>\n';
    parts.push(fut, opt);
    size += fut.length + opt.length;
    k++;
  }
  parts.push('</exchange>\n');
  for (let i = 0; i < k; i++) {
    const c = `<ccDef><cc>C${i}</cc><currency>USD</currency><pfLink><exch>BEX</exch><pfId>${2 * i}</pfId><pfCode>C${i}</pfCode><pfType>FUT</pfType><sc>1</sc></pfLink><pfLink><exch>BEX</exch><pfId>${2 * i + 1}</pfId><pfCode>C${i}</pfCode><pfType>OOF</pfType><sc>1</sc></pfLink><somTiers><tier><tn>0</tn><rate><r>1</r><val>25</val></rate></tier></somTiers><dSpread><spread>1</spread><chargeMeth>F</chargeMeth><rate><r>1</r><val>100</val></rate><tLeg><cc>C${i}</cc><tn>0</tn><rs>A</rs><i>1</i></tLeg></dSpread></ccDef>\n`;
    parts.push(c);
  }
  parts.push('</clearingOrg></pointInTime></spanFile>\n');
  return { text: parts.join(''), ccs };
}

/** A synthetic positional file of roughly `targetMB` megabytes. */
export function syntheticPa2(targetMB: number, strikes = 20, seed = 7): { text: string; ccs: string[] } {
  const r = rng(seed);
  const lines: string[] = ['0 BENCH 20260115SF     202601151800U2', '1 BEX  01'];
  const ccs: string[] = [];
  let size = 0;
  let k = 0;
  const vals = (a: number[]) => a.map((v) => num(Math.min(Math.abs(v), 99999), 5) + (v < 0 ? '-' : '+')).join('');
  const key = (rec: string, code: string, type: string, right: string, fm: string, om: string, strike: number) =>
    rec + 'BEX' + pad(code, 10) + pad(code, 10) + type + (right || ' ') + fm + '   ' + pad(om, 6) + '   ' + num(strike, 7);
  while (size < targetMB * 1e6) {
    const code = `C${k}`;
    ccs.push(code);
    const block: string[] = [`2 BEX ${pad(code, 6)}0USD$PN   ${pad(code, 10)}FUT0+ ${pad(code, 10)}OOF0+`];
    const outright = 500 + Math.floor(r() * 5000);
    for (let m = 0; m < 12; m++) {
      const a = arrays(r, outright, false);
      block.push(key('81', code, 'FUT', '', months(m), '', 0) + vals(a.slice(0, 9)) + num(10000 + m, 14));
      block.push(key('82', code, 'FUT', '', months(m), '', 0) + vals(a.slice(9)) + '10000+');
      for (let s = 0; s < 2 * strikes; s++) {
        const right = s < strikes ? 'C' : 'P';
        const o = arrays(r, outright, true);
        const d = Math.floor(r() * 10000);
        block.push(key('81', code, 'OOF', right, months(m), months(m), 80 + (s % strikes) * 2) + vals(o.slice(0, 9)) + num(Math.floor(r() * 1000), 14));
        block.push(key('82', code, 'OOF', right, months(m), months(m), 80 + (s % strikes) * 2) + vals(o.slice(9)) + num(d, 5) + (right === 'C' ? '+' : '-'));
      }
    }
    for (const l of block) size += l.length + 1;
    lines.push(...block);
    k++;
  }
  return { text: lines.join('\n') + '\n', ccs };
}
