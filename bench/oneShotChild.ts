/**
 * The one-shot decision rows of bench section 7 in a fresh process (run by bench/run.ts):
 * `node -r ts-node/register/transpile-only bench/oneShotChild.ts [quick]`. The rows in bench/run.ts
 * run after sections 1-6 and the kernel's other rows, whose calls leave V8's type feedback on the
 * shared code (parsing, valuation, the scan) wider than a one-shot alone makes it; here the same
 * calls, warm-up and timing run with nothing before them (a notebook's or a pre-trade service's
 * process). Prints one JSON line per row: { nOptions, ours_us, reference_us, ratio }.
 */
import { parseMarginParameters, parseMarket, parseMarketPrices, PRESETS } from '../src/index';
import { makeMarket } from './generate';
import { cpuUs, ONE_SHOT_ROWS, oneShotCase, pairCpu } from './oneShot';

const QUICK = process.argv[2] === 'quick';
const params = parseMarginParameters(PRESETS['deribit-pm']);
const rawMarket = makeMarket(500);
const market = parseMarket(rawMarket);
const { instruments: _table, ...rawPrices } = rawMarket;
const prices = parseMarketPrices(rawPrices);
let sink = 0;
for (const [nOptions] of ONE_SHOT_ROWS) {
  const c = oneShotCase(nOptions, rawMarket, market, prices, params);
  const warm = QUICK ? Math.ceil(c.warmCalls / 20) : c.warmCalls;
  const c0 = cpuUs();
  for (let i = 0; i < warm; i++) sink += c.decide();
  const warmUs = (cpuUs() - c0) / warm;
  const x = pairCpu(() => { sink += c.decide(); }, () => { sink += c.reference(); }, c.batch, c.refBatch, QUICK ? 3 : 9);
  console.log(JSON.stringify({ nOptions, ours_us: +x.ours.toFixed(3), reference_us: +x.ref.toFixed(3), ratio: +x.ratio.toFixed(2), warm: { calls: warm, ours_us: +warmUs.toFixed(3) } }));
}
if (sink === 0) console.log('(sink)');
