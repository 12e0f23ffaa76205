/**
 * `npm run demo`: a readable report for the bundled sample book (examples/data/).
 * Run with `npx ts-node examples/demo.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessAccount, compareMarginModes, computeMargin, liquidationPrices, netExposure, parseMarket, parsePortfolio, PRESETS, reductionPlan, simulate, type Portfolio, type PortfolioInput } from '../src/index';

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

console.log('\n== Capital efficiency: the same book under isolated, cross and portfolio margin ==');
const modes = compareMarginModes(book, market, { standard: PRESETS['deribit-standard'], portfolio: PRESETS['deribit-pm'] });
table(modes.modes.map((m) => ({ mode: m.mode, params: m.paramsId, 'initial margin': fmt(m.initialMargin), 'maintenance margin': fmt(m.maintenanceMargin), excess: fmt(m.excess) })));

function health(title: string, b: PortfolioInput | Portfolio): void {
  const a = assessAccount(b, market, PRESETS['deribit-pm']);
  console.log(`\n== Health: ${title} (${a.accountId}) ==`);
  table([
    { figure: 'status', value: a.status },
    { figure: 'equity', value: fmt(a.equity) },
    { figure: 'initial margin', value: fmt(a.initialMargin) },
    { figure: 'maintenance margin', value: fmt(a.maintenanceMargin) },
    { figure: 'MM / equity', value: a.ratios.maintenanceToEquity ?? '-' },
    { figure: 'excess over IM', value: fmt(a.excess.initial) },
    { figure: 'shortfall to MM', value: fmt(a.shortfall.maintenance) },
  ]);
  for (const f of a.flags) console.log(`  flag ${f.code}: ${f.message}`);
  const liq = liquidationPrices(b, market, PRESETS['deribit-pm']);
  table(
    liq.underlyings.map((u) => ({
      underlying: u.underlying,
      index: fmt(u.index),
      'liquidation down': u.alreadyLiquidatable ? 'now' : u.liquidation.down ? `${fmt(u.liquidation.down.price)} (${(Number(u.liquidation.down.move) * 100).toFixed(1)}%)` : '-',
      'liquidation up': u.alreadyLiquidatable ? 'now' : u.liquidation.up ? `${fmt(u.liquidation.up.price)} (+${(Number(u.liquidation.up.move) * 100).toFixed(1)}%)` : '-',
      'bankruptcy down': u.bankruptcy.down ? fmt(u.bankruptcy.down.price) : '-',
      'bankruptcy up': u.bankruptcy.up ? fmt(u.bankruptcy.up.price) : '-',
    })),
  );
}
health('sample book', book);
const nearLimit = load('book-near-limit.json');
health('a book near its limit', nearLimit);

const plan = reductionPlan(nearLimit, market, PRESETS['deribit-pm']);
console.log(`\n== Reduction plan for ${plan.accountId}: target MM x (1 + ${plan.endBuffer}), shortage ${fmt(plan.before.shortage)} ==`);
table(plan.trades.map((t) => ({ trade: t.symbol, quantity: t.quantity, cost: fmt(t.cost), 'MM relief': fmt(t.maintenanceRelief) })));
console.log(`  after: status ${plan.after.status}, maintenance equity ${fmt(plan.after.maintenanceEquity)} vs target ${fmt(plan.after.target)}; reaches target: ${plan.reachesTarget}`);

const whatIf = simulate(book, [{ symbol: 'BTC-25DEC26-90000-P', quantity: '-5' }], market, PRESETS['deribit-pm']);
console.log(`\n== What-if: sell 5 more BTC-25DEC26-90000-P ==`);
console.log(`  IM ${fmt(whatIf.before.initialMargin)} -> ${fmt(whatIf.after.initialMargin)} (${fmt(whatIf.change.initialMargin)}), status ${whatIf.before.status} -> ${whatIf.after.status}; allowed: ${whatIf.allowed} (${whatIf.reason})`);
