/**
 * A SPAN requirement from a clearing house's risk-parameter file, with the explanation a margin
 * clerk reads.
 *
 *   npx ts-node examples/span.ts FILE POSITIONS.json [--account SPEC] [--currency USD] [--products ES,NQ] [--separate] [--collateral 5000] [--json]
 *
 * FILE: a CME XML `.spn` (SPAN 4, also NSE Clearing's and ASX's) or positional `.pa2` file, read as
 * latin1. POSITIONS.json: `[{ "exchange", "productCode", "productType", "period", "right"?, "strike"?, "quantity" }]`.
 * `--products` parses only those combined commodities (faster and lighter on a 50 MB file; default:
 * the whole file). `--collateral`: cash in the account currency for the health line (default 0), which
 * runs the library's engine on the file's own risk arrays (`spanMarginInputs` + `createMarginEngine`
 * with `supplied`). With no arguments: the bundled sample
 * (examples/data/span-sample.spn, span-positions.json; illustrative numbers, not market data).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMarginEngine, D, parseSpanFile, spanMarginInputs, spanRequirement, type SpanRequirementResult } from '../src/index';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const WITH_VALUE = ['--account', '--currency', '--products', '--collateral'];
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

// The same account in the library's engine, on the file's own arrays: equity (cash + option values at
// the file's prices), status, and what the engine's scan-based requirement leaves out.
const mapped = spanMarginInputs(spanFile, positions, { ...(flag('--account') ? { accountType: flag('--account') } : {}), ...(flag('--currency') ? { currency: flag('--currency') } : {}) });
const cash = flag('--collateral') ?? '0';
const market = { ...mapped.market, assets: { [r.currency]: { price: '1' } } };
const engine = createMarginEngine(market, mapped.parameters, { supplied: { scenarioSet: mapped.scenarioSet, riskArrays: mapped.riskArrays } });
const health = engine.assess({ ...mapped.portfolio, collateral: [{ asset: r.currency, balance: cash }] });

if (args.includes('--json')) {
  console.log(JSON.stringify({ requirement: r, health: { status: health.status, maintenanceEquity: health.maintenanceEquity, maintenanceMargin: health.maintenanceMargin, initialMargin: health.initialMargin } }, null, 2));
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
  const gap = new D(r.riskMaintenance).minus(health.maintenanceMargin);
  console.log(
    `account health (engine on the file's arrays, ${n(cash)} ${r.currency} cash): ${health.status}; equity ${n(health.maintenanceEquity)} (cash + option values), MM ${n(health.maintenanceMargin)}, IM ${n(health.initialMargin)}, excess ${n(health.excess.maintenance)}` +
      (gap.gt(0) ? `\n  note: the engine's MM is scan risk less inter credits; SPAN's intra, delivery and short option minimum (${n(gap.toFixed())} here) are not in it: compare equity with SPAN's risk ${n(r.riskMaintenance)}` : ''),
  );
  if (spanFile.notUsed.length) console.log(`not used from the file: ${spanFile.notUsed.map((x) => `${x.name} (${x.count})`).join(', ')}`);
}
