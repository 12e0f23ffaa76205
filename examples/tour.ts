/**
 * The README's API tour, runnable: `npx ts-node examples/tour.ts`. Every number the README's tour
 * quotes is printed here or by the demo's preset table, one `label: JSON` line per step
 * (test/package/examples.test.ts reads them, and checks that every figure the README's tour quotes appears).
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
/** One step of the tour: a label and the figures as JSON (plain JSON in, plain JSON out). */
const show = (label: string, value: unknown) => console.log(`${label}: ${JSON.stringify(value)}`);

// 1. Exposure
const exposure = netExposure(book, market);
const btc = exposure.underlyings.find((u) => u.underlying === 'BTC')!;
show('exposure BTC', { delta: btc.delta, deltaNotional: btc.deltaNotional, vega: btc.vega, theta: btc.theta, hedge: btc.hedge });

// 2. Portfolio margin with a preset, and what drives it
const pm = computeMargin(book, market, PRESETS['deribit-pm']);
show('deribit-pm', { initialMargin: pm.initialMargin, maintenanceMargin: pm.maintenanceMargin });
const unit = pm.units.find((u) => u.unit === 'BTC')!;
show('deribit-pm BTC unit', {
  mm: unit.mm,
  maintenanceFactor: unit.maintenanceFactor,
  scanRisk: unit.scanRisk?.amount,
  scenario: unit.scanRisk?.scenario,
  positions: unit.scanRisk?.positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity, pnl: p.pnl })),
  addOns: unit.addOns.map((a) => ({ name: a.name, amount: a.amount })),
});
show('rows', pm.rows.slice(0, 6));
// The same book under every preset, side by side, is the table `npm run demo` prints (examples/demo.ts).

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
show('my-desk', { initialMargin: own.initialMargin, maintenanceMargin: own.maintenanceMargin });

// 4. Collateral, equity and health
const params = { ...PRESETS['deribit-pm'], health: { id: 'desk', version: '1', collateral: { haircuts: { BTC: { initial: '0.05', maintenance: '0.02' }, USDT: { initial: '0.01' } } } } };
const collateral = valueCollateral(book, market, params.health.collateral);
show('collateral', { value: collateral.value, initialValue: collateral.initialValue, maintenanceValue: collateral.maintenanceValue, lines: collateral.lines });
const equity = accountEquity(book, market);
show('equity', {
  equity: equity.equity,
  collateral: equity.collateral.value,
  futuresPnl: equity.futuresPnl,
  // quantity x (mark - entry): the inputs of the README's hand calculation, from the sample data
  futures: equity.positions.filter((p) => p.pnl !== '0').map((p) => {
    const held = (book.positions as { symbol: string; quantity: string; entryPrice?: string }[]).find((x) => x.symbol === p.symbol);
    return { symbol: p.symbol, quantity: held?.quantity, mark: market.marks[p.symbol]?.price, entryPrice: held?.entryPrice, pnl: p.pnl };
  }),
  optionValue: equity.optionValue,
  funding: equity.funding,
});
const health = assessAccount(book, market, PRESETS['deribit-pm']);
show('assessAccount', { status: health.status, equity: health.equity, initialMargin: health.initialMargin, maintenanceMargin: health.maintenanceMargin, ratios: health.ratios, excess: health.excess });
const liq = liquidationPrices(book, market, PRESETS['deribit-pm']).underlyings.find((u) => u.underlying === 'BTC')!;
show('liquidation BTC', liq.liquidation);

// 5. Closed forms
show('perp liquidation size', perpLiquidationSize({ shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1', fee: '0.01' }));
show('binance', closedFormLiquidationPrice({ side: 'long', quantity: '0.02', entryPrice: '50000', walletBalance: '500', maintenanceMarginRate: '0.004' }));
show('funding', fundingPayment({ quantity: '2', contractSize: '1', markPrice: '100000', fundingRate: '0.0001' }));

// 6. Errors
const bad = safeParsePortfolio({ ...book, positions: [{ symbol: 'BTC-PERP', quantity: '1e3' }] });
if (!bad.success) show('error', { typed: bad.error instanceof MarginInputError, issues: bad.error.issues });
