/**
 * A SPAN requirement from a clearing house's risk-parameter file, with the explanation a margin
 * clerk reads.
 *
 *   npx ts-node examples/span.ts FILE POSITIONS.json [--account SPEC] [--currency USD] [--products ES,NQ] [--separate] [--json]
 *
 * FILE: a CME XML `.spn` (SPAN 4, also NSE Clearing's and ASX's) or positional `.pa2` file, read as
 * latin1. POSITIONS.json: `[{ "exchange", "productCode", "productType", "period", "right"?, "strike"?, "quantity" }]`.
 * `--products` parses only those combined commodities (faster and lighter on a 50 MB file; default:
 * the whole file). With no arguments: the bundled sample
 * (examples/data/span-sample.spn, span-positions.json; illustrative numbers, not market data).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpanFile, spanRequirement, type SpanRequirementResult } from '../src/index';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const WITH_VALUE = ['--account', '--currency', '--products'];
const positional = args.filter((a, i) => !a.startsWith('--') && !WITH_VALUE.includes(args[i - 1] ?? ''));
const file = positional[0] ?? join(__dirname, 'data', 'span-sample.spn');
const positions = JSON.parse(readFileSync(positional[1] ?? join(__dirname, 'data', 'span-positions.json'), 'utf8'));

const started = performance.now();
const text = readFileSync(file, 'latin1');
const products = flag('--products')?.split(',');
const spanFile = parseSpanFile(text, products ? { products } : undefined);
const parsedMs = performance.now() - started;
const options: Record<string, unknown> = { requirement: 'initial' };
if (flag('--account')) options.accountType = flag('--account');
if (flag('--currency')) options.currency = flag('--currency');
if (args.includes('--separate')) options.optionValue = 'separate';
const r: SpanRequirementResult = spanRequirement(spanFile, positions, options);

if (args.includes('--json')) {
  console.log(JSON.stringify(r, null, 2));
} else {
  const n = (s: string) => Number(s).toLocaleString('en-US', { maximumFractionDigits: 6 });
  console.log(`SPAN requirement: ${spanFile.clearingOrg} ${spanFile.businessDate} (${spanFile.format}, ${spanFile.isSettlement ? 'settlement' : 'intraday'}), parsed in ${parsedMs.toFixed(0)} ms`);
  console.log(`account type ${r.accountType}, currency ${r.currency}, net option value ${r.optionValue === 'deduct' ? 'deducted' : 'reported separately'}\n`);
  for (const c of r.byCombinedCommodity) {
    console.log(`== ${c.combinedCommodity} (${c.currency}${c.conversionFactor !== '1' ? `, x ${c.conversionFactor} to ${r.currency}` : ''}) ==`);
    for (const p of c.positions) console.log(`  ${p.quantity.padStart(6)}  ${p.exchange} ${p.productCode} ${p.productType} ${p.period}${p.right ? ` ${p.right} ${p.strike}` : ''}  delta ${p.delta}${p.price ? `  price ${p.price}` : ''}`);
    for (const t of c.scanTiers) {
      console.log(`  scan tier ${t.tier}${t.start ? ` (${t.start}-${t.end})` : ''}: ${n(t.scanRisk)}  active scenario ${t.activeScenario}, pair ${t.pairedScenario}; price risk ${n(t.priceRisk)}, time risk ${n(t.timeRisk)}, volatility risk ${n(t.volatilityRisk)}; net delta ${t.netDelta}`);
    }
    for (const s of c.intraSpreads) console.log(`  intra spread ${s.priority} (${s.method}, rate ${s.rate}): ${s.spreads} spreads on ${s.legs.map((l) => `${l.period ?? `tier ${l.tier}`} ${l.side}`).join(' / ')} = ${n(s.amount)}`);
    for (const m of c.spotMonths) console.log(`  delivery ${m.period}: ${m.consumedDelta} spread x ${m.spreadRate} + ${m.remainingDelta} outright x ${m.outrightRate} = ${n(m.charge)}`);
    const som = c.shortOptionMinimum;
    console.log(`  scan ${n(c.scanRisk)} + intra ${n(c.intraCharge)} + delivery ${n(c.spotCharge)} - inter ${n(c.interCredit)}; short option minimum ${n(som.amount)} (${som.shortCalls} short calls, ${som.shortPuts} short puts, ${som.method})`);
    console.log(`  risk ${n(c.risk)} -> maintenance ${n(c.riskMaintenance)} (x ${c.maintenanceFactor}), initial ${n(c.riskInitial)} (x ${c.initialFactor}); net option value ${n(c.netOptionValue)}${c.limitOptionValue ? ' (limited)' : ''}\n`);
  }
  for (const s of r.interSpreads) console.log(`inter spread ${s.priority} (${s.method}, rate ${s.rate}): ${s.spreads} spreads, ${s.legs.map((l) => `${l.combinedCommodity} ${l.side} x${l.ratio} WFPR ${l.weightedPriceRisk ?? '-'} credit ${l.amount ?? '0'}`).join('; ')}`);
  console.log(`\nmaintenance ${n(r.maintenance)} ${r.currency}, initial ${n(r.initial)} ${r.currency} (risk ${n(r.riskMaintenance)} / ${n(r.riskInitial)}, net option value ${n(r.netOptionValue)})`);
  if (spanFile.notUsed.length) console.log(`not used from the file: ${spanFile.notUsed.map((x) => `${x.name} (${x.count})`).join(', ')}`);
}
