/**
 * `npm run demo`: a readable report for the bundled sample book (examples/data/).
 * Run with `npx ts-node examples/demo.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessAccount, compareMarginModes, computeMargin, D, liquidationPrices, netExposure, parseMarket, parsePortfolio, PRESETS, reductionPlan, simulate, type Portfolio, type PortfolioInput } from '../src/index';

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
// Display only: the library's figures are exact decimal strings; the report rounds them for reading.
const fmt = (s: string, dp = 2) => Number(s).toLocaleString('en-US', { minimumFractionDigits: dp, maximumFractionDigits: dp });
const ccy = book.settlementCurrency;
/** A weight or ratio at 6 significant digits (0.2424242424... -> 0.242424). */
const sig = (s: string) => String(Number(Number(s).toPrecision(6)));
const pct = (s: string, dp = 1) => `${(Number(s) * 100).toFixed(dp)}%`;
/** Numbers inside a library message (`equity 161919.98 is below MM 167096.4`) with thousands separators and cents. */
const fmtText = (t: string) => t.replace(/-?\d{4,}(?:\.\d+)?/g, (n) => fmt(n));
const signed = (q: string, symbol: string) => (q.startsWith('-') ? `sell ${q.slice(1)} ${symbol}` : `buy ${q} ${symbol}`);

console.log(`portfolio-margin demo: account ${book.accountId}, settlement ${ccy}, as of ${market.asOf}`);
console.log(`Money in ${ccy}; quantities in contracts; deltas in units of the underlying.\n`);

console.log('== Positions ==');
table(
  book.positions.map((p) => {
    const i = market.instruments.get(p.symbol)!;
    return {
      symbol: p.symbol,
      kind: i.kind === 'option' ? `${i.right} ${fmt(i.strike!.toFixed(), 0)}` : i.expiryMs ? 'future' : 'perpetual',
      settlement: i.settlement,
      expiry: i.expiry?.slice(0, 10) ?? '-',
      'quantity (contracts)': p.quantity.toFixed(),
      'contract size': `${i.contractSize.toFixed()} ${i.settlement === 'inverse' && i.kind === 'future' ? i.quoteCurrency : i.underlying}`,
    };
  }),
);

const exposure = netExposure(book, market);
console.log('\n== Netted exposure per underlying ==');
table(
  exposure.underlyings.map((u) => ({
    underlying: u.underlying,
    [`index (${ccy})`]: fmt(u.index),
    delta: `${fmt(u.delta, 4)} ${u.underlying}`,
    [`delta notional (${ccy})`]: fmt(u.deltaNotional),
    [`gamma (${ccy}/unit²)`]: fmt(u.gamma, 6),
    [`vega (${ccy}/vol pt)`]: fmt(u.vega),
    [`theta (${ccy}/day)`]: fmt(u.theta),
    'collateral delta': `${fmt(u.collateralDelta, 4)} ${u.underlying}`,
    'hedge to flat': u.hedge ? signed(u.hedge.quantity, u.hedge.symbol) : '-',
  })),
);
console.log('\n== Exposure per expiry bucket ==');
table(
  exposure.underlyings.flatMap((u) =>
    u.buckets.map((b) => ({
      underlying: u.underlying,
      expiry: b.expiry.slice(0, 10),
      delta: `${fmt(b.delta, 4)} ${u.underlying}`,
      [`gross long (${ccy})`]: fmt(b.grossLongNotional),
      [`gross short (${ccy})`]: fmt(b.grossShortNotional),
      [`vega (${ccy}/vol pt)`]: fmt(b.vega),
    })),
  ),
);

console.log('\n== Margin under each preset, side by side ==');
const results = Object.entries(PRESETS).map(([id, params]) => ({ id, r: computeMargin(book, market, params) }));
table(
  results.map(({ id, r }) => ({
    preset: id,
    mode: r.mode,
    [`IM (${ccy})`]: fmt(r.initialMargin),
    [`MM (${ccy})`]: fmt(r.maintenanceMargin),
    ...Object.fromEntries(r.units.map((u) => [`MM ${u.unit} (${ccy})`, fmt(u.mm)])),
  })),
);
// Each unit's figure and the account total are rounded up on their own (README, known limitations),
// so the units can add up to a little more than the total (at most a cent per unit); say so where they
// do. A larger gap is not rounding: account-level items (collateral charges, inter-unit credits).
for (const { id, r } of results) {
  const sum = r.units.reduce((a, u) => a.plus(u.mm), D(0));
  const gap = sum.minus(r.maintenanceMargin);
  if (r.units.length < 2 || gap.isZero()) continue;
  const rounding = gap.gt(0) && gap.lte(D('0.01').mul(r.units.length));
  console.log(
    rounding
      ? `  note (${id}): the units' MM add up to ${fmt(sum.toFixed())}, the total is ${fmt(r.maintenanceMargin)}: each is rounded up to the cent on its own.`
      : `  note (${id}): the units' MM add up to ${fmt(sum.toFixed())}, the total is ${fmt(r.maintenanceMargin)}: the total also has account-level items (collateral charges, inter-unit credits).`,
  );
}

const pm = results.find((x) => x.id === 'deribit-pm')!.r;
for (const u of pm.units) {
  const s = u.scanRisk;
  if (!s?.scenario) continue;
  console.log(`\n== deribit-pm, unit ${u.unit}: worst scenario ${s.scenario.id}, weight ${sig(s.scenario.weight)}, scan risk ${fmt(s.amount)} ${ccy} ==`);
  console.log(`  ${s.scenario.label}; the scan risk is the weighted loss: ${sig(s.scenario.weight)} x the P&L below`);
  table([
    ...s.positions.map((p) => ({ position: p.symbol, quantity: `${p.quantity} contracts`, [`P&L (${ccy})`]: fmt(p.pnl) })),
    ...s.collateral.map((c) => ({ position: `collateral ${c.asset}`, quantity: `${c.balance} ${c.asset}`, [`P&L (${ccy})`]: fmt(c.pnl) })),
    { position: 'total', quantity: '', [`P&L (${ccy})`]: fmt([...s.positions, ...s.collateral].reduce((t, p) => t.plus(p.pnl), new D(0)).toFixed()) },
  ]);
  for (const a of u.addOns) console.log(`  add-on ${a.name} (${a.apply}): ${fmt(a.amount)} ${ccy}`);
}

console.log('\n== Capital efficiency: the same book under isolated, cross and portfolio margin ==');
const modes = compareMarginModes(book, market, { standard: PRESETS['deribit-standard'], portfolio: PRESETS['deribit-pm'] });
table(modes.modes.map((m) => ({ mode: m.mode, params: m.paramsId, [`IM (${ccy})`]: fmt(m.initialMargin), [`MM (${ccy})`]: fmt(m.maintenanceMargin), [`excess over IM (${ccy})`]: fmt(m.excess) })));

function health(title: string, b: PortfolioInput | Portfolio): void {
  const a = assessAccount(b, market, PRESETS['deribit-pm']);
  console.log(`\n== Health: ${title} (${a.accountId}) ==`);
  table([
    { figure: 'status', value: a.status },
    { figure: `equity (${ccy})`, value: fmt(a.equity) },
    { figure: `initial margin (${ccy})`, value: fmt(a.initialMargin) },
    { figure: `maintenance margin (${ccy})`, value: fmt(a.maintenanceMargin) },
    { figure: 'MM / equity', value: a.ratios.maintenanceToEquity === null ? '-' : pct(a.ratios.maintenanceToEquity, 2) },
    { figure: `excess over IM (${ccy})`, value: fmt(a.excess.initial) },
    { figure: `shortfall to MM (${ccy})`, value: fmt(a.shortfall.maintenance) },
  ]);
  for (const f of a.flags) console.log(`  flag ${f.code}: ${fmtText(f.message)} (${ccy})`);
  const liq = liquidationPrices(b, market, PRESETS['deribit-pm']);
  table(
    liq.underlyings.map((u) => ({
      underlying: u.underlying,
      [`index (${ccy})`]: fmt(u.index),
      [`liquidation down (${ccy})`]: u.alreadyLiquidatable ? 'now' : u.liquidation.down ? `${fmt(u.liquidation.down.price)} (${(Number(u.liquidation.down.move) * 100).toFixed(1)}%)` : '-',
      [`liquidation up (${ccy})`]: u.alreadyLiquidatable ? 'now' : u.liquidation.up ? `${fmt(u.liquidation.up.price)} (+${(Number(u.liquidation.up.move) * 100).toFixed(1)}%)` : '-',
      [`bankruptcy down (${ccy})`]: u.bankruptcy.down ? fmt(u.bankruptcy.down.price) : '-',
      [`bankruptcy up (${ccy})`]: u.bankruptcy.up ? fmt(u.bankruptcy.up.price) : '-',
    })),
  );
}
health('sample book', book);
const nearLimit = load('book-near-limit.json');
health('a book near its limit', nearLimit);

const plan = reductionPlan(nearLimit, market, PRESETS['deribit-pm']);
console.log(`\n== Reduction plan for ${plan.accountId}: target MM x (1 + ${plan.endBuffer}), shortage ${fmt(plan.before.shortage)} ${ccy} ==`);
table(plan.trades.map((t) => ({ trade: signed(t.quantity, t.symbol), [`cost (${ccy})`]: fmt(t.cost), [`MM relief (${ccy})`]: fmt(t.maintenanceRelief) })));
console.log(`  after: status ${plan.after.status}, maintenance equity ${fmt(plan.after.maintenanceEquity)} vs target ${fmt(plan.after.target)} ${ccy}; reaches target: ${plan.reachesTarget}`);

const whatIf = simulate(book, [{ symbol: 'BTC-25DEC26-90000-P', quantity: '-5' }], market, PRESETS['deribit-pm']);
console.log(`\n== What-if: sell 5 more BTC-25DEC26-90000-P ==`);
console.log(`  IM ${fmt(whatIf.before.initialMargin)} -> ${fmt(whatIf.after.initialMargin)} ${ccy} (+${fmt(whatIf.change.initialMargin)}), status ${whatIf.before.status} -> ${whatIf.after.status}`);
console.log(`  allowed: ${whatIf.allowed}: ${fmtText(whatIf.reason)} (${ccy})`);
