/**
 * The README's API tour, runnable: `npx ts-node examples/tour.ts`. Every number the README's tour
 * quotes is printed here, in full (test/docs/readme.test.ts checks that each one appears).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  accountEquity,
  assessAccount,
  closedFormLiquidationPrice,
  computeMargin,
  fundingPayment,
  liquidationPrices,
  MarginInputError,
  netExposure,
  parseMarginParameters,
  perpLiquidationSize,
  PRESETS,
  safeParsePortfolio,
  valueCollateral,
} from '../src/index';

const load = (f: string) => JSON.parse(readFileSync(join(__dirname, 'data', f), 'utf8'));
const market = load('market.json');
const book = load('book.json');

// 1. Exposure
const exposure = netExposure(book, market);
const btc = exposure.underlyings.find((u) => u.underlying === 'BTC')!;
console.log('exposure BTC', { delta: btc.delta, deltaNotional: btc.deltaNotional, vega: btc.vega, theta: btc.theta, hedge: btc.hedge });

// 2. Portfolio margin with a preset, and what drives it
const pm = computeMargin(book, market, PRESETS['deribit-pm']);
console.log('deribit-pm', pm.initialMargin, pm.maintenanceMargin);
const unit = pm.units.find((u) => u.unit === 'BTC')!;
console.log('BTC unit', unit.mm, unit.scanRisk?.amount, unit.scanRisk?.scenario, unit.addOns.map((a) => [a.name, a.amount]));
console.log('worst scenario P&L by position', JSON.stringify(unit.scanRisk?.positions));
console.log('rows', pm.rows.slice(0, 6));

// The sample book under each preset (the README's table; `npm run demo` prints it too)
for (const id of Object.keys(PRESETS) as (keyof typeof PRESETS)[]) {
  const r = computeMargin(book, market, PRESETS[id]);
  console.log('preset', id, r.mode, 'IM', r.initialMargin, 'MM', r.maintenanceMargin);
}

// 3. Your own parameter set, built from the same pieces
const mine = parseMarginParameters({
  id: 'my-desk',
  version: '1',
  source: 'internal risk committee, 2026-11',
  mode: 'portfolio',
  settlementPrecision: 2,
  scenarios: {
    priceRange: { kind: 'relative', range: '0.2' },
    priceSteps: 4,
    volShocks: [
      { id: 'up', kind: 'relative', size: '0.3' },
      { id: 'same', kind: 'none' },
      { id: 'down', kind: 'relative', size: '-0.2' },
    ],
    tails: [],
  },
  addOns: { concentration: { measure: 'scanRisk', bands: [{ upTo: '10000', multiplier: '1' }, { upTo: '70000', multiplier: '2' }] } },
  initialMargin: { multiplier: '1.25' },
});
const own = computeMargin(book, market, mine);
console.log('my-desk', own.initialMargin, own.maintenanceMargin);

// 4. Collateral and equity
const params = { ...PRESETS['deribit-pm'], health: { id: 'desk', version: '1', collateral: { haircuts: { BTC: { initial: '0.05', maintenance: '0.02' }, USDT: { initial: '0.01' } } } } };
console.log('collateral', JSON.stringify(valueCollateral(book, market, params.health.collateral)).slice(0, 400));
const equity = accountEquity(book, market);
console.log('equity', JSON.stringify(equity));
for (const p of book.positions as { symbol: string; quantity: string; entryPrice?: string }[]) {
  const pnl = equity.positions.find((e) => e.symbol === p.symbol)?.pnl;
  if (p.entryPrice) console.log('futures P&L', p.symbol, `${p.quantity} x (${market.marks[p.symbol].price} - ${p.entryPrice}) =`, pnl);
}

// 5. Health
const a = assessAccount(book, market, PRESETS['deribit-pm']);
console.log('assessment', JSON.stringify({ status: a.status, equity: a.equity, initialMargin: a.initialMargin, maintenanceMargin: a.maintenanceMargin, ratios: a.ratios, excess: a.excess }));
const liq = liquidationPrices(book, market, PRESETS['deribit-pm']).underlyings.find((u) => u.underlying === 'BTC')!;
const down = liq.liquidation.down;
if (down) console.log('liquidation BTC', down.price, `(${(Number(down.move) * 100).toFixed(1)}%)`, JSON.stringify(liq));

// 6. Closed forms
console.log('perp liquidation size', perpLiquidationSize({ shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1', fee: '0.01' }));
console.log('binance', closedFormLiquidationPrice({ side: 'long', quantity: '0.02', entryPrice: '50000', walletBalance: '500', maintenanceMarginRate: '0.004' }));
console.log('funding', fundingPayment({ quantity: '2', contractSize: '1', markPrice: '100000', fundingRate: '0.0001' }));

// 7. Errors
const bad = safeParsePortfolio({ ...book, positions: [{ symbol: 'BTC-PERP', quantity: '1e3' }] });
if (!bad.success) console.log('error', bad.error instanceof MarginInputError, bad.error.issues);
