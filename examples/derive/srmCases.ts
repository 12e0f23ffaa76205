/**
 * Derive standard-manager (SRM) cases turned into the library's inputs, the way the venue's harnesses
 * build the accounts (methodology text, sections 9 and 10.1), and the figures they check.
 *
 * - `test-cases.json` shape: `{ Test1: { Scenario, Result }, ... }`, integers scaled by 1e18 (read
 *   exactly); checks `realMM`, `realIM`, `PortfolioMtM` at 0.1% (exact when expected is 0).
 * - `test-cases-portfolio.json` shape: `{ test_x: { options, perps, bases, cash, result(s) } }`, a fixed
 *   market; checks `mm` and `im` in whole dollars (the margin truncated toward zero).
 */
import { D, PRESETS, type Decimal } from '../../src/index';
import { str, textOf, wei } from './fixed';
import { JsonNumber, type Json } from './readJson';

type Obj = { [k: string]: Json };
const obj = (v: Json | undefined, what: string): Obj => {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof JsonNumber) throw new Error(`${what}: expected an object`);
  return v as Obj;
};
const arr = (v: Json | undefined, what: string): Json[] => {
  if (!Array.isArray(v)) throw new Error(`${what}: expected an array`);
  return v;
};
const isNull = (v: Json | undefined) => v === null || v === undefined;

/** The harness's block time is the reference; expiries are seconds after it. */
const ASOF_SEC = 1_672_531_200; // 2023-01-01T00:00:00Z: any instant works, only differences matter
const iso = (sec: number) => new Date((ASOF_SEC + sec) * 1000).toISOString();
const UNDERLYINGS = ['ETH', 'BTC'] as const;

export interface SrmCheck {
  field: string;
  expected: Decimal;
}

export interface SrmCase {
  market: unknown;
  portfolio: unknown;
  params: unknown;
  checks: SrmCheck[];
  /** 'fraction': 0.1% relative, exact at 0; 'dollars': equal after truncating the margin to whole dollars. */
  compare: 'fraction' | 'dollars';
}

interface Builder {
  underlyings: Record<string, Record<string, unknown>>;
  instruments: unknown[];
  marks: Record<string, Record<string, unknown>>;
  assets: Record<string, Record<string, unknown>>;
  positions: unknown[];
  collateral: unknown[];
  seen: Set<string>;
}

function builder(): Builder {
  return { underlyings: {}, instruments: [], marks: {}, assets: {}, positions: [], collateral: [], seen: new Set() };
}

function expiryOf(b: Builder, u: string, sec: number): Record<string, unknown> {
  const und = b.underlyings[u]!;
  const ex = (und.expiries ??= {}) as Record<string, Record<string, unknown>>;
  return (ex[iso(sec)] ??= {});
}

function addOption(b: Builder, u: string, sec: number, strike: Decimal, right: 'call' | 'put', qty: Decimal, vol: Decimal): string {
  const symbol = `${u}-${sec}-${str(strike)}-${right === 'call' ? 'C' : 'P'}`;
  if (!b.seen.has(symbol)) {
    b.seen.add(symbol);
    b.instruments.push({ symbol, kind: 'option', underlying: u, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', expiry: iso(sec), right, strike: str(strike) });
  }
  b.marks[symbol] = { ...(b.marks[symbol] ?? {}), iv: str(vol) };
  b.positions.push({ symbol, quantity: str(qty) });
  return symbol;
}

function perpInstrument(b: Builder, u: string): string {
  const symbol = `${u}-PERP`;
  if (!b.seen.has(symbol)) {
    b.seen.add(symbol);
    b.instruments.push({ symbol, kind: 'future', underlying: u, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' });
  }
  return symbol;
}

function finish(b: Builder, stable: Decimal, tied: { maintenance: string; initial: string } | undefined, checks: SrmCheck[], compare: SrmCase['compare']): SrmCase {
  // Base assets (wETH, wBTC) count in MtM at spot / stable price.
  for (const u of UNDERLYINGS) b.assets[`W${u}`] = { price: str(new D(b.underlyings[u]!.index as string).div(stable).toDecimalPlaces(18, D.ROUND_DOWN)), underlying: u };
  const market = { asOf: iso(0), settlementCurrency: 'USDC', peg: { price: str(stable) }, underlyings: b.underlyings, instruments: b.instruments, marks: b.marks, assets: b.assets };
  const portfolio = { accountId: 'derive-srm-case', settlementCurrency: 'USDC', positions: b.positions, collateral: b.collateral };
  const preset = structuredClone(PRESETS['derive-srm']) as Record<string, unknown>;
  if (tied) {
    const cc = preset.collateralCharges as Record<string, unknown>;
    cc.tied = { ...tied, basis: 'index' };
  }
  return { market, portfolio, params: { ...preset, id: 'derive-srm-case' }, checks, compare };
}

/** One case of a `test-cases.json`-shaped file. */
export function srmCase(raw: Json): SrmCase {
  const c = obj(raw, 'case');
  const s = obj(c.Scenario, 'Scenario');
  const r = obj(c.Result, 'Result');
  const b = builder();
  const w = (k: string) => wei(s[k], k);
  const stable = w('USDCValue');
  const conf = arr(s.SpotPerpConfidences, 'SpotPerpConfidences');
  const perpPrice = arr(s.PerpPrice, 'PerpPrice');
  UNDERLYINGS.forEach((u, k) => {
    const [spotConf, perpConf] = arr(conf[k], 'SpotPerpConfidences[]');
    b.underlyings[u] = { index: str(w(`${u}SpotPrice`)), confidence: str(wei(spotConf, 'spot confidence')), forwards: {} };
    b.marks[`${u}-PERP`] = { price: str(wei(perpPrice[k], 'PerpPrice')), confidence: str(wei(perpConf, 'perp confidence')) };
    perpInstrument(b, u);
  });
  const und = arr(s.OptionUnderlying, 'OptionUnderlying');
  const feedExp = arr(s.FeedExpiries, 'FeedExpiries');
  const fwds = arr(s.Forwards, 'Forwards');
  const fwdConf = arr(s.ForwardConfidences, 'ForwardConfidences');
  und.forEach((x, i) => {
    const u = textOf(x, 'OptionUnderlying').toUpperCase();
    if (!b.underlyings[u]) throw new Error(`unknown underlying ${u}`);
    const sec = Number(textOf(arr(s.OptionExpiries, 'OptionExpiries')[i], 'OptionExpiries'));
    // Strikes: the harness drops the part below 1e-8 (strike // 1e10 * 1e10 in wei).
    const strikeWei = BigInt(textOf(arr(s.OptionStrikes, 'OptionStrikes')[i], 'OptionStrikes'));
    const strike = new D((strikeWei / 10n ** 10n).toString()).div('1e8');
    const right = textOf(arr(s.OptionIsCall, 'OptionIsCall')[i], 'OptionIsCall') === '1' ? 'call' : 'put';
    addOption(b, u, sec, strike, right, wei(arr(s.OptionAmounts, 'OptionAmounts')[i], 'OptionAmounts'), wei(arr(s.OptionVols, 'OptionVols')[i], 'OptionVols'));
    // Feed i belongs to option i's market; a feed expiry within the last hour uses the settlement price.
    const fsec = Number(textOf(feedExp[i], 'FeedExpiries'));
    const forward = fsec < 3600 ? w(`SettlementPrice${u}`) : wei(fwds[i], 'Forwards');
    (b.underlyings[u]!.forwards as Record<string, string>)[iso(sec)] = str(forward);
    const e = expiryOf(b, u, sec);
    e.forwardConfidence = str(wei(fwdConf[i], 'ForwardConfidences'));
    // The last vol confidence written for an expiry is that expiry's.
    e.volConfidence = str(wei(arr(s.OptionVolConfidences, 'OptionVolConfidences')[i], 'OptionVolConfidences'));
  });
  b.collateral.push({ asset: 'USDC', balance: str(w('Cash')) });
  for (const u of UNDERLYINGS) {
    const q = w(`Perps_${u}`);
    if (!q.isZero()) {
      const entry = s[`LastEntry${u}`];
      const acct = s[`Account${u}FundingIndex`];
      const funding = isNull(acct) ? new D(0) : q.neg().mul(w(`${u}GlobalFundingIndex`).minus(wei(acct, 'funding index')));
      b.positions.push({ symbol: `${u}-PERP`, quantity: str(q), ...(isNull(entry) ? {} : { entryPrice: str(wei(entry, 'LastEntry')) }), accruedFunding: str(funding) });
    }
    const base = w(`w${u}`);
    if (!base.isZero()) b.collateral.push({ asset: `W${u}`, balance: str(base) });
  }
  const checks = ['realMM', 'realIM', 'PortfolioMtM'].map((f) => ({ field: f, expected: wei(r[f], f) }));
  // test-cases.json harness: base marginFactor 0.1, IMScale 1.
  return finish(b, stable, { maintenance: '0.9', initial: '0.9' }, checks, 'fraction');
}

/** The fixed market of the portfolio harness (section 9). */
const SPOT = { ETH: '2000', BTC: '28000' } as const;
const PERP_MARK = { ETH: '2001', BTC: '28020' } as const;
const EXPIRY_DAYS: Record<string, number> = { '20230104': 3, '20230111': 10, '20230118': 17, '20230227': 57, '20230804': 215, '20230811': 222, '20230818': 229, '20230825': 238 };
const FORWARD_OFFSET: Record<string, readonly string[]> = {
  ETH: ['0.91345', '2.83305', '4.7545', '15.7696', '59.87416', '61.85933', '63.8284', '66.3744'],
  BTC: ['12.7883', '39.66276', '66.56301', '220.77451', '838.23835', '865.90472', '893.59763', '929.24184'],
};
const JUST_BELOW_04 = '0.399999999999999999';

/** Feed changes the portfolio harness makes inside ten test functions (methodology text, table 10.1; ETH market). */
const FEED_CHANGES: Record<string, { stable?: string; vol?: [string, string, string, string]; fwdConf?: [string, string]; spotConf?: string; perpConf?: string }> = {
  test_USDC_depeg: { stable: '0.1' },
  test_short_call_low_vol_conf: { vol: ['20230118', '2000', '0.5', '0.1'] },
  test_short_call_low_vol_and_fwd_confidence: { vol: ['20230118', '2000', '0.5', '0.5'], fwdConf: ['20230118', JUST_BELOW_04] },
  test_short_call_low_spot_vol_fwd_confidence: { vol: ['20230118', '2000', '0.5', '0.5'], fwdConf: ['20230118', '0.4'], spotConf: '0.2' },
  test_long_call_low_spot_vol_fwd_confidence: { vol: ['20230118', '2000', '0.5', '0.5'], fwdConf: ['20230118', '0.4'], spotConf: '0.2' },
  test_short_options_two_expiries_low_conf_one_expiry: { vol: ['20230118', '2000', '0.5', '0.3'], fwdConf: ['20230118', '0.4'], spotConf: '0.9' },
  test_long_eth_perp_low_perp_confidence: { perpConf: '0.1' },
  test_base_asset_low_spot_confidence: { spotConf: '0.1' },
  test_long_perp_and_USDC_depeg: { stable: '0.1' },
  test_general_portfolio: { stable: '0.97', vol: ['20230118', '2000', '0.5', '0.5'], fwdConf: ['20230118', JUST_BELOW_04], spotConf: '0.2' },
};

/** The names of the cases whose feeds the harness changes (the runner applies table 10.1 to them). */
export const SRM_FEED_CHANGED = Object.keys(FEED_CHANGES);

const secOf = (date: string): number => {
  const d = EXPIRY_DAYS[date];
  if (d === undefined) throw new Error(`expiry ${date} is not one of the harness's dates`);
  return d * 86400 + 8 * 3600;
};

/** One case of a `test-cases-portfolio.json`-shaped file. */
export function srmPortfolioCase(name: string, raw: Json): SrmCase {
  const c = obj(raw, 'case');
  const b = builder();
  const ch = FEED_CHANGES[name] ?? {};
  const stable = new D(ch.stable ?? '1');
  const e8 = (v: Json | undefined, what: string) => new D(textOf(v, what)).div(1e8);
  for (const u of UNDERLYINGS) {
    const forwards: Record<string, string> = {};
    Object.keys(EXPIRY_DAYS).forEach((date, i) => (forwards[iso(secOf(date))] = str(new D(SPOT[u]).plus(FORWARD_OFFSET[u]![i]!))));
    b.underlyings[u] = { index: SPOT[u], forwards, ...(u === 'ETH' && ch.spotConf ? { confidence: ch.spotConf } : {}) };
    b.marks[`${u}-PERP`] = { price: PERP_MARK[u], ...(u === 'ETH' && ch.perpConf ? { confidence: ch.perpConf } : {}) };
    perpInstrument(b, u);
  }
  for (const x of arr(c.options, 'options')) {
    const o = obj(x, 'options[]');
    const u = textOf(o.underlying, 'underlying').toUpperCase();
    const date = textOf(o.expiry, 'expiry');
    const strike = new D(textOf(o.strike, 'strike'));
    const right = textOf(o.type, 'type') === 'call' ? 'call' : 'put';
    let vol = '0.5';
    if (ch.vol && u === 'ETH' && ch.vol[0] === date && strike.eq(ch.vol[1])) vol = ch.vol[2];
    addOption(b, u, secOf(date), strike, right, e8(o.amount, 'amount'), new D(vol));
  }
  if (ch.vol) expiryOf(b, 'ETH', secOf(ch.vol[0])).volConfidence = ch.vol[3];
  if (ch.fwdConf) expiryOf(b, 'ETH', secOf(ch.fwdConf[0])).forwardConfidence = ch.fwdConf[1];
  for (const x of arr(c.perps, 'perps')) {
    const o = obj(x, 'perps[]');
    const u = textOf(o.underlying ?? 'eth', 'underlying').toUpperCase();
    b.positions.push({ symbol: perpInstrument(b, u), quantity: str(e8(o.amount, 'amount')), entryPrice: str(e8(o.entryPrice, 'entryPrice')) });
  }
  const bases = new Map<string, Decimal>();
  for (const x of arr(c.bases, 'bases')) {
    const o = obj(x, 'bases[]');
    const u = textOf(o.underlying, 'underlying').toUpperCase();
    bases.set(u, (bases.get(u) ?? new D(0)).plus(e8(o.amount, 'amount')));
  }
  b.collateral.push({ asset: 'USDC', balance: str(e8(c.cash ?? new JsonNumber('0'), 'cash')) });
  for (const [u, q] of bases) b.collateral.push({ asset: `W${u}`, balance: str(q) });
  const r = obj(c.result ?? c.results, 'result');
  const checks = ['mm', 'im'].map((f) => ({ field: f, expected: new D(textOf(r[f], f)) }));
  return finish(b, stable, undefined, checks, 'dollars');
}
