/**
 * `npm run demo`: a readable report for the bundled sample book (examples/data/).
 * Run with `npx ts-node examples/demo.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeMargin, netExposure, parseMarket, parsePortfolio, PRESETS } from '../src/index';

const load = (f: string) => JSON.parse(readFileSync(join(__dirname, 'data', f), 'utf8'));
const market = parseMarket(load('market.json'));
const book = parsePortfolio(load('book.json'));

function table(rows: Record<string, string>[]): void {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
  console.log(line(cols));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map((c) => r[c] ?? '')));
}
const fmt = (s: string, dp = 2) => Number(s).toLocaleString('en-US', { minimumFractionDigits: dp, maximumFractionDigits: dp });

console.log(`portfolio-margin demo: account ${book.accountId}, settlement ${book.settlementCurrency}, as of ${market.asOf}\n`);

console.log('== Positions ==');
table(
  book.positions.map((p) => {
    const i = market.instruments.get(p.symbol)!;
    return {
      symbol: p.symbol,
      kind: i.kind === 'option' ? `${i.right} ${i.strike}` : i.expiryMs ? 'future' : 'perpetual',
      settlement: i.settlement,
      expiry: i.expiry?.slice(0, 10) ?? '-',
      quantity: p.quantity.toFixed(),
    };
  }),
);

const exposure = netExposure(book, market);
console.log('\n== Netted exposure per underlying ==');
table(
  exposure.underlyings.map((u) => ({
    underlying: u.underlying,
    index: fmt(u.index),
    delta: fmt(u.delta, 4),
    'delta notional': fmt(u.deltaNotional),
    gamma: fmt(u.gamma, 6),
    'vega/pt': fmt(u.vega),
    'theta/day': fmt(u.theta),
    'collateral delta': fmt(u.collateralDelta, 4),
    hedge: u.hedge ? `${u.hedge.quantity} ${u.hedge.symbol}` : '-',
  })),
);
console.log('\n== Exposure per expiry bucket ==');
table(
  exposure.underlyings.flatMap((u) =>
    u.buckets.map((b) => ({ underlying: u.underlying, expiry: b.expiry.slice(0, 10), delta: fmt(b.delta, 4), 'gross long': fmt(b.grossLongNotional), 'gross short': fmt(b.grossShortNotional), 'vega/pt': fmt(b.vega) })),
  ),
);

console.log('\n== Margin under each preset, side by side ==');
const results = Object.entries(PRESETS).map(([id, params]) => ({ id, r: computeMargin(book, market, params) }));
table(results.map(({ id, r }) => ({ preset: id, mode: r.mode, 'initial margin': fmt(r.initialMargin), 'maintenance margin': fmt(r.maintenanceMargin), ...Object.fromEntries(r.units.map((u) => [`MM ${u.unit}`, fmt(u.mm)])) })));

const pm = results.find((x) => x.id === 'deribit-pm')!.r;
for (const u of pm.units) {
  const s = u.scanRisk;
  if (!s?.scenario) continue;
  console.log(`\n== deribit-pm, unit ${u.unit}: worst scenario ${s.scenario.id} (${s.scenario.label}), weight ${s.scenario.weight}, scan risk ${fmt(s.amount)} ==`);
  table([...s.positions.map((p) => ({ position: p.symbol, quantity: p.quantity, 'P&L': fmt(p.pnl) })), ...s.collateral.map((c) => ({ position: `collateral ${c.asset}`, quantity: c.balance, 'P&L': fmt(c.pnl) }))]);
  for (const a of u.addOns) console.log(`  add-on ${a.name} (${a.apply}): ${fmt(a.amount)}`);
}
