/**
 * One PMRM_2 portfolio case (v2-core `test/risk-managers/unit-tests/PMRM_2/portfolio_cases/*.json`)
 * turned into the library's inputs, the way the venue's harness builds the account
 * (methodology text, section 7), and the figures the harness checks.
 */
import { D, PRESETS, type Decimal } from '../../src/index';
import { fixed18, str, textOf } from './fixed';
import { JsonNumber, type Json } from './readJson';

/** What the harness checks, in order, with its tolerance. */
export interface Check {
  field: string;
  expected: Decimal;
  /** 'rel': |got - expected| <= 1e-8 |expected| (exact at 0); 'abs': <= 1e-8; 'pnl': rel, or abs 1e-8 when either side is below 1e-10. */
  kind: 'rel' | 'abs' | 'pnl';
}

export interface Pmrm2Case {
  market: unknown;
  portfolio: unknown;
  params: unknown;
  /** Scenario weights, in list order (the P&L the harness checks is weighted). */
  weights: Decimal[];
  checks: Check[];
  /** Collateral asset names as given to the library (to sum CollateralMTM). */
  collateralAssets: string[];
}

type Obj = { [k: string]: Json };
const obj = (v: Json | undefined, what: string): Obj => {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !(v instanceof Object) || 'text' in v) throw new Error(`${what}: expected an object`);
  return v as Obj;
};
const arr = (v: Json | undefined, what: string): Json[] => {
  if (!Array.isArray(v)) throw new Error(`${what}: expected an array`);
  return v;
};

/** Derive's reference time in the harness (seconds since 1970). */
const REFERENCE = 1_630_000_000;
// An option expiring at the reference time itself (sec 0: expired, not yet settled) is placed 1 ms
// after it with a zero vol mark: the library refuses expired positions, while Derive values them at
// intrinsic on their (then wholly fixed) forward with no discount, which 1 ms (3e-14 years) at zero
// vol reproduces to about 1e-14 (only a strike within ~1e-7 of the forward would see the vol-up
// floor's time value, about 3e-8 of the forward).
const iso = (sec: number) => new Date((REFERENCE + sec) * 1000 + (sec > 0 ? 0 : 1)).toISOString();
const U = 'BASE';
const DIR: Record<string, string> = { Up: 'up', Down: 'down', None: 'none', LINEAR: 'linear', ABS: 'abs' };

/** Reason the venue's harness does not run a case, or undefined. */
export function pmrm2Skip(name: string, raw: Json): string | undefined {
  if (name.startsWith('test_67_')) return 'not run by the source harness (Invalid param setup: a skew scenario with a spot move)';
  const scen = arr(obj(obj(raw, 'case').Parameters, 'Parameters').Scenarios, 'Scenarios');
  for (const s of scen) {
    const o = obj(s, 'scenario');
    const dir = textOf(o.VolShockDirection, 'VolShockDirection');
    if ((dir === 'LINEAR' || dir === 'ABS') && !fixed18(o.SpotShock, 'SpotShock').eq(1)) return 'invalid for the venue (setScenarios rejects a skew scenario with a spot move)';
  }
  return undefined;
}

export function pmrm2Case(raw: Json): Pmrm2Case {
  const c = obj(raw, 'case');
  const sc = obj(c.Scenario, 'Scenario');
  const pa = obj(c.Parameters, 'Parameters');
  const res = obj(c.Result, 'Result');
  const n = (o: Obj, k: string) => fixed18(o[k], k);
  const stable = n(sc, 'StablePrice');

  // Market: one underlying, one expiry entry per option feed.
  const forwards: Record<string, string> = {};
  const expiries: Record<string, unknown> = {};
  for (const f of arr(sc.OptionFeeds, 'OptionFeeds')) {
    const o = obj(f, 'OptionFeeds[]');
    const sec = Number(textOf(o.FeedExpiry, 'FeedExpiry'));
    const F = n(o, 'Forward');
    const svi = arr(o.SVIparam, 'SVIparam').map((x, i) => str(fixed18(x, `SVIparam[${i}]`)));
    const e: Record<string, unknown> = {
      rate: str(n(o, 'Rate')),
      svi: { a: svi[0], b: svi[1], rho: svi[2], m: svi[3], sigma: svi[4], forward: svi[5], years: svi[6] },
      forwardConfidence: str(n(o, 'ForwardConfidence')),
      rateConfidence: str(n(o, 'RateConfidence')),
      volConfidence: str(n(o, 'OptionVolConfidences')),
    };
    // The last 30 minutes: the settlement average fixes (1800 - sec) / 1800 of the forward.
    if (sec < 1800) e.fixedForward = str(F.mul(1800 - sec).div(1800).toDecimalPlaces(18, D.ROUND_DOWN));
    forwards[iso(sec)] = str(F);
    expiries[iso(sec)] = e;
  }
  const instruments: unknown[] = [];
  const marks: Record<string, unknown> = {};
  const positions: unknown[] = [];
  const qp = n(sc, 'NumPerps');
  if (!qp.isZero()) {
    instruments.push({ symbol: `${U}-PERP`, kind: 'future', underlying: U, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' });
    marks[`${U}-PERP`] = { price: str(n(sc, 'PerpPrice')), confidence: str(n(sc, 'PerpConfidence')) };
    // Perp value = unrealised P&L + unrealised funding, given: carried as accrued funding (no entry price).
    positions.push({ symbol: `${U}-PERP`, quantity: str(qp), accruedFunding: str(n(sc, 'UnrealisedPerpPNL').plus(n(sc, 'UnrealisedFunding'))) });
  }
  const seen = new Set<string>();
  for (const x of arr(sc.Options, 'Options')) {
    const o = obj(x, 'Options[]');
    const sec = Number(textOf(o.Expiry, 'Expiry'));
    const K = n(o, 'Strike');
    const right = n(o, 'IsCall').eq(1) ? 'call' : 'put';
    const symbol = `${U}-${sec}-${str(K)}-${right === 'call' ? 'C' : 'P'}`;
    if (!seen.has(symbol)) {
      seen.add(symbol);
      instruments.push({ symbol, kind: 'option', underlying: U, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1', expiry: iso(sec), right, strike: str(K) });
    }
    if (sec <= 0) marks[symbol] = { iv: '0' };
    positions.push({ symbol, quantity: str(n(o, 'Amount')) });
  }
  const assets: Record<string, unknown> = {};
  const collateral: unknown[] = [{ asset: 'USDC', balance: str(n(sc, 'Cash')) }];
  const charges: Record<string, unknown> = {};
  const names: string[] = [];
  arr(sc.Collaterals, 'Collaterals').forEach((x, i) => {
    const o = obj(x, 'Collaterals[]');
    let name = textOf(o.Name, 'Name').toUpperCase();
    if (name === 'USDC' || assets[name] !== undefined) name = `${name}-${i}`;
    names.push(name);
    // Collateral value n * P / stable: the price in the settlement currency.
    assets[name] = { price: str(n(o, 'Price').div(stable).toDecimalPlaces(18, D.ROUND_DOWN)), confidence: str(n(o, 'Confidence')), ...(o.IsRiskCancelling === true || (o.IsRiskCancelling instanceof JsonNumber && o.IsRiskCancelling.text !== '0') ? { underlying: U } : {}) };
    collateral.push({ asset: name, balance: str(n(o, 'Amount')) });
    charges[name] = { maintenance: str(n(o, 'MMHaircut')), initial: str(n(o, 'MMHaircut').plus(n(o, 'IMHaircut'))), basis: 'value' };
  });
  const market = {
    asOf: new Date(REFERENCE * 1000).toISOString(),
    settlementCurrency: 'USDC',
    peg: { price: str(stable) },
    underlyings: { [U]: { index: str(n(sc, 'SpotPrice')), confidence: str(n(sc, 'SpotConfidence')), rateFloor: '0', forwards, expiries } },
    instruments,
    marks,
    assets,
  };
  const portfolio = { accountId: 'derive-pmrm2-case', settlementCurrency: 'USDC', positions, collateral };

  // Parameters: the preset's structure with the case's values (the harness sets them through the setters).
  const vs = obj(pa.VolShock, 'VolShock');
  const mg = obj(pa.Margin, 'Margin');
  const bc = obj(pa.BasisContingency, 'BasisContingency');
  const oc = obj(pa.OtherContingency, 'OtherContingency');
  const sk = obj(pa.SkewShock, 'SkewShock');
  const dteSeconds = n(vs, 'DTE_FLOOR').mul(86400).toDecimalPlaces(0, D.ROUND_DOWN);
  const skew = (shape: 'linear' | 'abs', cap: string, cBase: string) => ({
    id: shape,
    kind: 'skew',
    skew: { shape, cap: { base: str(n(sk, cap)), perRootYear: str(n(sk, cBase)) }, kStar: { min: str(n(sk, 'MIN_K_STAR')), width: str(n(sk, 'MIN_WIDTH_SCALE')), static: str(n(sk, 'VOL_PARAM_STATIC')), perRootYear: str(n(sk, 'VOL_PARAM_SCALE')) } },
  });
  const weights: Decimal[] = [];
  const user = arr(pa.Scenarios, 'Scenarios').map((x, i) => {
    const o = obj(x, 'Scenarios[]');
    const dir = DIR[textOf(o.VolShockDirection, 'VolShockDirection')];
    if (!dir) throw new Error(`unknown VolShockDirection ${textOf(o.VolShockDirection, 'VolShockDirection')}`);
    const w = n(o, 'DampeningFactor');
    weights.push(w);
    return { id: `s${i}`, move: str(n(o, 'SpotShock').minus(1)), volShock: dir, weight: str(w) };
  });
  const preset = PRESETS['derive-pmrm2'] as Record<string, unknown>;
  const confidence = { threshold: str(n(oc, 'CONF_THRESHOLD')), rate: str(n(oc, 'CONF_MARGIN')) };
  const params = {
    ...structuredClone(preset),
    id: 'derive-pmrm2-case',
    scenarios: {
      volShocks: [
        { id: 'up', kind: 'relative', size: str(n(vs, 'VOLRANGEUP')), termScaled: true, minVol: str(n(vs, 'MIN_VOL_EVAL_SHOCKED')) },
        { id: 'down', kind: 'relative', size: str(n(vs, 'VOLRANGEDOWN').neg()), termScaled: true },
        skew('linear', 'LINEAR_SCALE_CAP', 'LINEAR_CBASE'),
        skew('abs', 'ABS_SCALE_CAP', 'ABS_CBASE'),
      ],
      termScaling: { referenceDays: '30', floorDays: str(dteSeconds.div(86400)), switchDays: '30', shortPower: str(n(vs, 'SHORTTERMPOWER')), longPower: str(n(vs, 'LONGTERMPOWER')), switchInclusive: true },
      user,
      staticDiscount: {
        long: { base: str(n(mg, 'BASE_STATIC_DISCOUNT')), rateMultiple: str(n(mg, 'LONG_RATE_MULTSCALE')), rateAdd: str(n(mg, 'LONG_RATE_ADDSCALE')) },
        short: { base: str(n(mg, 'BASE_STATIC_DISCOUNT_NEG')), rateMultiple: str(n(mg, 'SHORT_RATE_MULTSCALE')), rateAdd: str(n(mg, 'SHORT_RATE_ADDSCALE')) },
        shortCappedAtUndiscounted: true,
      },
      basisFloor: { up: str(n(bc, 'SCENARIO_SPOT_UP').minus(1)), down: str(n(bc, 'SCENARIO_SPOT_DOWN').minus(1)), add: str(n(bc, 'BASIS_CONT_ADD_FACTOR')), perYear: str(n(bc, 'BASIS_CONT_MULT_FACTOR')) },
    },
    lossFactor: { mm: str(n(mg, 'MM_LOSS_FACTOR')), im: str(n(mg, 'IM_LOSS_FACTOR')), depeg: { threshold: str(n(oc, 'PEG_LOSS_THRESHOLD')), factor: str(n(oc, 'PEG_LOSS_FACTOR')) } },
    addOns: {
      shortOptionMinimum: { rate: str(n(oc, 'MM_OPTION_PERCENT')), netting: 'per-strike', apply: 'add' },
      futuresContingency: { rate: str(n(oc, 'MM_PERP_PERCENT')) },
    },
    initialMargin: {
      multiplier: '1',
      floorAtMaintenance: false,
      addOns: {
        shortOptionMinimum: { rate: str(n(oc, 'MM_OPTION_PERCENT').plus(n(oc, 'IM_OPTION_PERCENT'))), netting: 'per-strike', apply: 'add' },
        futuresContingency: { rate: str(n(oc, 'MM_PERP_PERCENT').plus(n(oc, 'IM_PERP_PERCENT'))) },
        confidence: { futures: confidence, options: { ...confidence, notional: 'gross', withFutures: true } },
      },
    },
    collateralCharges: { assets: charges, confidence: { ...confidence, indexCap: 'all' } },
  };

  const checks: Check[] = [
    { field: 'CollateralMTM', expected: n(res, 'CollateralMTM'), kind: 'abs' },
    { field: 'OptionMTM', expected: n(res, 'OptionMTM'), kind: 'rel' },
  ];
  const pnls: Decimal[] = [
    ...arr(res.reg_losses, 'reg_losses').map((r) => fixed18(arr(r, 'reg_losses[]')[2], 'reg_losses')),
    ...arr(res.tail_losses, 'tail_losses').map((r) => fixed18(arr(r, 'tail_losses[]')[2], 'tail_losses')),
    ...arr(res.skew_losses, 'skew_losses').map((r) => fixed18(arr(r, 'skew_losses[]')[1], 'skew_losses')),
  ];
  pnls.forEach((p, i) => checks.push({ field: `scenario[${i}]`, expected: p, kind: 'pnl' }));
  checks.push({ field: 'MM', expected: n(res, 'MM'), kind: 'rel' }, { field: 'IM', expected: n(res, 'IM'), kind: 'rel' });
  return { market, portfolio, params, weights, checks, collateralAssets: names };
}
