import type { AccountAssessment } from '../health/assessAccount.js';
import type { ResolvedParameters } from '../health/resolveParameters.js';
import { checkAccount } from '../schema/checkAccount.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import type { RiskArrays } from '../scenarios/RiskArrays.js';
import { figuresOfAssessment, type AccountFigures } from './AccountFigures.js';
import { decimalCompare, decimalCount, decimalDifference } from './decimalStrings.js';
import { parseAfterTrades, portfolioAfterTrades } from '../collateral/portfolioAfterTrades.js';
import { checkTrades, parseTrades, tradeIssues } from '../health/parseTrades.js';
import { refuseForeignBefore, type SimulatedTrade, type Simulation } from '../health/simulate.js';
import { D } from '../numeric/decimal.js';
import { collateralOf, compileAccount, compileRead, copiedUnits, linesOf, positionLine, releaseCompiled, type CompiledAccount, type PositionLine } from './compileAccount.js';
import { fastPortfolio, fastTrades, type FastLineMaker } from './fastPortfolio.js';
import { compiledAfterTrades } from './compiledAfterTrades.js';
import { compiledOf, handleFor, type CompiledAccountHandle } from './CompiledAccountHandle.js';
import { kernelFigures, positionsState, type FigureCounts } from './kernelFigures.js';
import { settled, unitMemo, type BeforeCounts, type UnitReuse } from './unitMemo.js';
import { KernelTick } from './kernelTick.js';
import { exactString, inWideMode, isZero, NOT_COVERED, scaledString, sign, UNDECIDED } from './kv.js';

/** The portfolio a compiled account was compiled from, as input JSON (value for value). */
export function inputOf(c: CompiledAccount): PortfolioInput {
  if (c.source) return c.source;
  const t = c.table;
  return {
    accountId: c.accountId,
    settlementCurrency: c.settlementCurrency,
    positions: linesOf(c).map((l) => ({
      symbol: t.symbols[l.inst]!,
      quantity: exactString(l.q),
      ...(l.entry ? { entryPrice: exactString(l.entry) } : {}),
      ...(l.isolated ? { isolatedMargin: exactString(l.isolated) } : {}),
      ...(l.funding ? { accruedFunding: exactString(l.funding) } : {}),
    })),
    collateral: collateralOf(c).map((x) => ({ asset: x.asset, balance: exactString(x.balance) })),
  };
}

/**
 * A pre-trade check (`engine.check`): the account's figures before and after the trades, the change
 * in IM, MM and equity, and whether the trades are allowed; every field equal to the field of the same
 * name of `engine.simulate` (`before` and `after` as figures: the fields of its assessments).
 */
export interface PreTradeCheck {
  allowed: boolean;
  reason: string;
  before: AccountFigures;
  after: AccountFigures;
  /** after - before, settlement currency. */
  change: { initialMargin: string; maintenanceMargin: string; equity: string };
  /** True when MM after > MM before. */
  increasesRisk: boolean;
}

/** The parsed portfolio of a compiled account (its values as Decimals), for the shared trade model. */
function portfolioOf(c: CompiledAccount): Portfolio {
  const t = c.table;
  return {
    accountId: c.accountId,
    settlementCurrency: c.settlementCurrency,
    positions: linesOf(c).map((l) => {
      const out: Portfolio['positions'][number] = { symbol: t.symbols[l.inst]!, quantity: new D(exactString(l.q)) };
      if (l.entry) out.entryPrice = new D(exactString(l.entry));
      if (l.isolated) out.isolatedMargin = new D(exactString(l.isolated));
      if (l.funding) out.accruedFunding = new D(exactString(l.funding));
      return out;
    }),
    collateral: collateralOf(c).map((x) => ({ asset: x.asset, balance: new D(exactString(x.balance)) })),
  };
}

/**
 * Refuses a `before` that cannot be this account's figures (simulate's refusal, see `refuseForeignBefore`).
 * Trades are checked first on both paths, so the error a call raises does not depend on whether the
 * kernel or the Decimal path serves it.
 */
function checkBefore(before: AccountFigures | undefined, accountId: string): void {
  refuseForeignBefore(before, (b) => b.accountId === accountId);
}

/** Whether `k` was read from these very strings of `before` at `dp` places. */
function sameStrings(k: BeforeCounts, before: AccountFigures, dp: number): boolean {
  return k.dp === dp && before.initialMargin === k.imS && before.maintenanceMargin === k.mmS && before.equity === k.eqS;
}

/**
 * The check from the before and after figures: simulate's rule (risk-reducing trades always;
 * otherwise initial equity >= IM after). `counts`: the before-figures' counts; `f`: the after-figures'
 * counts, when the kernel call that made `after` filled them (`ok`).
 */
function checkOf(before: AccountFigures, after: AccountFigures, counts?: BeforeCounts, f?: FigureCounts): PreTradeCheck {
  // The differences from counts when both sides have them (the after-account's from the kernel that
  // made it, the before's kept by the check's memo for these very strings), else from the strings.
  let dIm = NaN;
  let dMm = NaN;
  let dEq = NaN;
  if (counts !== undefined && f !== undefined && f.ok && sameStrings(counts, before, f.dp)) {
    // Counts below 2^53: a difference is exact, and safe unless it passes 2^53 (then the strings).
    dIm = f.im - counts.im;
    dMm = f.mm - counts.mm;
    dEq = f.eq - counts.eq;
  }
  const byCounts = Number.isSafeInteger(dIm) && Number.isSafeInteger(dMm) && Number.isSafeInteger(dEq);
  const mm = byCounts ? scaledString(dMm, f!.dp) : decimalDifference(after.maintenanceMargin, before.maintenanceMargin);
  const increasesRisk = mm !== '0' && mm.charCodeAt(0) !== 45;
  const reducing = mm.charCodeAt(0) === 45;
  let allowed: boolean;
  let reason: string;
  if (reducing) {
    allowed = true;
    reason = `risk-reducing: MM falls from ${before.maintenanceMargin} to ${after.maintenanceMargin}`;
  } else {
    allowed = (byCounts ? f!.ie - f!.im : decimalCompare(after.initialEquity, after.initialMargin)) >= 0;
    reason = allowed
      ? `initial equity ${after.initialEquity} covers IM ${after.initialMargin} after the trade`
      : `${increasesRisk ? 'risk-increasing' : 'risk-neutral'} trade needs initial equity >= IM after it: ${after.initialEquity} < ${after.initialMargin}`;
  }
  return {
    allowed,
    reason,
    before,
    after,
    change: {
      initialMargin: byCounts ? scaledString(dIm, f!.dp) : decimalDifference(after.initialMargin, before.initialMargin),
      maintenanceMargin: mm,
      equity: byCounts ? scaledString(dEq, f!.dp) : decimalDifference(after.equity, before.equity),
    },
    increasesRisk,
  };
}

/**
 * The counts of the figures before the trades (see UnitReuse.counts): those `memo` keeps when they
 * were read from these strings, else read now and kept for the next check; undefined when a figure
 * is not a count at `dp`.
 */
function beforeCounts(memo: UnitReuse, before: AccountFigures, dp: number): BeforeCounts | undefined {
  const k = memo.counts;
  if (k !== undefined && sameStrings(k, before, dp)) return k;
  // Read from the strings themselves (once per account and figures), whoever made them.
  const im = decimalCount(before.initialMargin, dp);
  const mm = decimalCount(before.maintenanceMargin, dp);
  const eq = decimalCount(before.equity, dp);
  if (im !== im || mm !== mm || eq !== eq) return undefined;
  return (memo.counts = { dp, imS: before.initialMargin, mmS: before.maintenanceMargin, eqS: before.equity, im, mm, eq });
}

/**
 * The engine's figures machinery for one snapshot and parameter set (internal; `createMarginEngine`
 * exposes it as `compile`, `figures`, `figuresEach`, `safeFiguresEach`).
 */
export function engineFigures(m: MarketSnapshot, r: ResolvedParameters, arrays: RiskArrays, assess: (portfolio: unknown) => AccountAssessment, simulateOn: (portfolio: PortfolioInput, trades: readonly SimulatedTrade[]) => Simulation) {
  let tick: KernelTick | undefined;
  const tickOf = (): KernelTick => (tick ??= new KernelTick(m, r, arrays));
  // Per checked kept account, its units' amounts and positions sum at this engine's tick (an engine is one tick).
  const unitMemos = new WeakMap<CompiledAccount, UnitReuse>();
  // Per table index, whether the tick's instrument passes its checks (see compileRaw).
  let okFlags: Uint8Array | undefined;
  // The after-figures' counts of the check in progress (filled by the kernel call that makes them).
  const afterCounts: FigureCounts = { ok: false, dp: 0, im: 0, mm: 0, eq: 0, ie: 0 };

  const compileParsed = (pf: Portfolio): CompiledAccount => {
    checkAccount(pf, m);
    return compileAccount(pf, tickOf());
  };

  /** A handle compiled on another instrument table is refused by figures and check alike (its lines index that table). */
  const ownTable = (c: CompiledAccount): CompiledAccount => {
    if (c.table.instruments !== m.instruments) {
      throw new MarginInputError([{ code: 'invalid_value', path: [], message: 'this compiled account belongs to another instrument table; compile it again with this engine', argument: 'account' }]);
    }
    return c;
  };

  /** Kernel first (fast pass, then the wide retry), the Decimal path when neither decides; `counts`: see kernelFigures (cleared here first). */
  const run = (c: CompiledAccount, raw: unknown, reuse?: UnitReuse, counts?: FigureCounts): AccountFigures => {
    const t = tickOf();
    if (counts !== undefined) counts.ok = false;
    ownTable(c);
    try {
      return kernelFigures(c, t, reuse, counts);
    } catch (e) {
      if (e === UNDECIDED) {
        try {
          return inWideMode(() => kernelFigures(c, t));
        } catch (e2) {
          if (e2 !== UNDECIDED && e2 !== NOT_COVERED) throw e2;
        }
      } else if (e !== NOT_COVERED) throw e;
    }
    return figuresOfAssessment(assess(raw ?? inputOf(c)));
  };

  // compileRaw's line maker (made with the tick): the line's instrument by table index, refused when
  // the symbol is unknown or its instrument known not to pass; one not looked at yet is left to
  // compileRaw, once the whole account has been read. (No flag set here: a getter on a raw account
  // may re-enter the engine while it is read, so compileRaw reads the lines' bytes itself, whenever
  // a line was made with an instrument not looked at yet.)
  let lineOf: FastLineMaker<PositionLine> | undefined;
  // How many lines the line maker has made whose instrument was not looked at yet (a byte 0): only
  // ever counted up, so that a read during which it did not move (nested reads included) made every
  // line of an instrument known to pass (a byte set to 1 stays 1).
  let unlooked = 0;
  const lineMaker = (t: KernelTick, ok: Uint8Array): FastLineMaker<PositionLine> => (symbol, q, entry, isolated, funding) => {
    const i = t.table.index[symbol];
    if (i === undefined || ok[i] === 2) return undefined;
    if (ok[i] === 0) unlooked++;
    return positionLine(t.table, i, symbol, q, entry, isolated, funding);
  };

  /**
   * A raw account in the common shape (fastPortfolio), checked against this tick by checkAccount's
   * own rules per instrument and asset (KernelTick.instrument / asset run accountIssues on each once
   * per tick) and compiled; undefined when anything is unusual (the schema path then parses and
   * checks it, and throws the right error). Read straight into the compile's lines (one object per line).
   */
  const compileRaw = (account: unknown, transient = false): CompiledAccount | undefined => {
    const t = tickOf();
    // Whether each instrument passes is kept by table index (1 yes, 2 no): a byte per line read.
    const ok = (okFlags ??= new Uint8Array(t.table.insts.length));
    const seen = unlooked;
    const fp = fastPortfolio(account, (lineOf ??= lineMaker(t, ok)));
    if (!fp || fp.settlementCurrency !== m.settlementCurrency) return undefined;
    // Outside wide mode: the tick's instrument and asset caches are made in the fast pass's numbers.
    // (Only when a line's instrument had not been looked at: else each one passes, see unlooked.)
    if (unlooked !== seen)
      for (const l of fp.positions) {
        let f = ok[l.inst]!;
        if (f === 0) ok[l.inst] = f = t.instrument(l.inst).ok ? 1 : 2;
        if (f !== 1) return undefined;
      }
    for (const c of fp.collateral) if (!isZero(c.balance) && !t.asset(c.asset).ok) return undefined;
    return compileRead(fp, t, transient);
  };

  return {
    compile(account: unknown): CompiledAccountHandle {
      if (compiledOf(account)) return account as CompiledAccountHandle;
      return handleFor(compileRaw(account) ?? compileParsed(parsePortfolio(account)));
    },
    figures(account: unknown): AccountFigures {
      const c = compiledOf(account);
      if (c) return run(c, undefined);
      // Compiled for this call only: its ints stay in the compile's buffer, given back after.
      const fast = compileRaw(account, true);
      if (fast) {
        try {
          return run(fast, account);
        } finally {
          releaseCompiled(fast);
        }
      }
      const pf = parsePortfolio(account);
      return run(compileParsed(pf), pf);
    },
    check(account: unknown, trades: readonly SimulatedTrade[], before?: AccountFigures): PreTradeCheck {
      // The common shape read without zod; anything else (or a bad trade) through the schema, which throws its issues.
      const fast = inWideMode(() => fastTrades(trades));
      let t = fast ? undefined : parseTrades(trades);
      const handle = compiledOf(account);
      const c = handle ? ownTable(handle) : (compileRaw(account) ?? compileParsed(parsePortfolio(account)));
      const tk = tickOf();
      // A kept account's unit memo (below), when an earlier check at this engine made it: the account
      // passed the test below then (the engine's tick does not change), which is not asked again.
      let memo = handle !== undefined ? unitMemos.get(c) : undefined;
      const lines = linesOf(c);
      const coll = collateralOf(c);
      // Whether each instrument passes: compileRaw's byte per table index (the tick's own answer, asked once).
      const ok = (okFlags ??= new Uint8Array(tk.table.insts.length));
      let usable = memo !== undefined || c.settlementCurrency === m.settlementCurrency;
      for (let j = 0; usable && memo === undefined && j < lines.length; j++) {
        const i = lines[j]!.inst;
        let f = ok[i]!;
        if (f === 0) ok[i] = f = tk.instrument(i).ok ? 1 : 2;
        usable = f === 1;
      }
      usable &&= memo !== undefined || coll.every((x) => isZero(x.balance) || tk.asset(x.asset).ok);
      // An account the snapshot cannot serve as compiled (a price missing at this tick, ...): the
      // Decimal path, which raises simulate's errors.
      if (!usable) {
        const s = simulateOn(inputOf(c), trades);
        // Every cause of `!usable` known is an issue simulateOn raises (checkAccount's, a price the Decimal
        // layer cannot read), so this line is not known to be reached; it keeps the refusal off that argument.
        checkBefore(before, c.accountId);
        return checkOf(figuresOfAssessment(s.before), figuresOfAssessment(s.after));
      }
      // checkTrades' rules, on the trades as read (fast: kernel values).
      const issues = fast ? tradeIssues(fast, m, (x) => sign(x) > 0, exactString) : [];
      if (issues.length) throw new MarginInputError(issues);
      if (!fast) checkTrades(t!, m);
      checkBefore(before, c.accountId);
      // A kept account's units' amounts at this tick, kept for its next checks (unitMemo.ts); the
      // account's own figures fill it when they are computed here.
      if (handle !== undefined && memo === undefined) unitMemos.set(c, (memo = { from: undefined, x: unitMemo(c.unitIds.length), params: c.params, base: c, sum: undefined }));
      let b = before;
      if (b === undefined) {
        const length = memo?.x.length ?? 0;
        try {
          b = run(c, undefined, memo);
        } finally {
          if (memo) memo.x = settled(memo.x, length);
        }
      }
      // The account's positions sum, once per kept account (when its own figures did not make it here),
      // and its figures before the trades as counts.
      if (memo !== undefined && (memo.sum === undefined || memo.tick !== tk)) (memo.sum = positionsState(c, tk)), (memo.tick = tk);
      const counts = memo && beforeCounts(memo, b, tk.dp);
      // The one trade model (simulate's and reductionPlan's) on the compiled values; where the kernel
      // cannot book the trades as the Decimal layer does, the same model in Decimal.
      // Compiled for this call only (its ints stay in the compile's buffer, given back after).
      const booked = compiledAfterTrades(c, fast ?? t!, tk, lines, coll, true);
      if (booked) {
        try {
          const from = memo && copiedUnits(booked);
          if (!from) return checkOf(b, run(booked, undefined, undefined, afterCounts), counts, afterCounts);
          memo!.from = from;
          const length = memo!.x.length;
          try {
            return checkOf(b, run(booked, undefined, memo, afterCounts), counts, afterCounts);
          } finally {
            memo!.x = settled(memo!.x, length);
            memo!.from = undefined;
          }
        } finally {
          releaseCompiled(booked);
        }
      }
      const afterInput = portfolioAfterTrades(portfolioOf(c), m, (t ??= parseTrades(trades)));
      const fa = compileRaw(afterInput);
      const a = fa ? run(fa, afterInput) : figuresOfAssessment(assess(parseAfterTrades(afterInput)));
      return checkOf(b, a);
    },
    tick: tickOf,
  };
}

export { NOT_COVERED, UNDECIDED };
