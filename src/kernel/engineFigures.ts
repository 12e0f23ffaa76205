import type { AccountAssessment } from '../health/assessAccount.js';
import type { ResolvedParameters } from '../health/resolveParameters.js';
import { checkAccount } from '../schema/checkAccount.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import type { RiskArrays } from '../scenarios/RiskArrays.js';
import { figuresOfAssessment, type AccountFigures } from './AccountFigures.js';
import { collateralOf, compileAccount, compileFast, linesOf, type CompiledAccount } from './compileAccount.js';
import { fastPortfolio } from './fastPortfolio.js';
import { compiledOf, handleFor, type CompiledAccountHandle } from './CompiledAccountHandle.js';
import { kernelFigures } from './kernelFigures.js';
import { KernelTick } from './kernelTick.js';
import { exactString, inWideMode, isZero, NOT_COVERED, UNDECIDED } from './kv.js';

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

/** Counts of how accounts were served (for benchmarks and tests: the kernel share of a population). */
export interface FiguresCounts {
  kernel: number;
  decimal: number;
}

/**
 * The engine's figures machinery for one snapshot and parameter set (internal; `createMarginEngine`
 * exposes it as `compile`, `figures`, `figuresEach`, `safeFiguresEach`).
 */
export function engineFigures(m: MarketSnapshot, r: ResolvedParameters, arrays: RiskArrays, assess: (portfolio: unknown) => AccountAssessment) {
  let tick: KernelTick | undefined;
  const tickOf = (): KernelTick => (tick ??= new KernelTick(m, r, arrays));

  const compileParsed = (pf: Portfolio): CompiledAccount => {
    checkAccount(pf, m);
    return compileAccount(pf, tickOf());
  };

  /** Kernel first (fast pass, then the wide retry), the Decimal path when neither decides. */
  const run = (c: CompiledAccount, raw: unknown): AccountFigures => {
    const t = tickOf();
    if (c.table.instruments !== m.instruments) {
      throw new MarginInputError([{ code: 'invalid_value', path: [], message: 'this compiled account belongs to another instrument table; compile it again with this engine', argument: 'account' }]);
    }
    try {
      return kernelFigures(c, t);
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

  /**
   * A raw account in the common shape (fastPortfolio), checked against this tick by checkAccount's
   * own rules per instrument and asset (KernelTick.instrument / asset run accountIssues on each once
   * per tick) and compiled; undefined when anything is unusual (the schema path then parses and
   * checks it, and throws the right error).
   */
  const compileRaw = (account: unknown): CompiledAccount | undefined => {
    const fp = inWideMode(() => fastPortfolio(account));
    if (!fp || fp.settlementCurrency !== m.settlementCurrency) return undefined;
    const t = tickOf();
    for (const p of fp.positions) {
      const i = t.table.index.get(p.symbol);
      if (i === undefined || !t.instrument(i).ok) return undefined;
    }
    for (const c of fp.collateral) if (!isZero(c.balance) && !t.asset(c.asset).ok) return undefined;
    return compileFast(fp, t);
  };

  return {
    compile(account: unknown): CompiledAccountHandle {
      if (compiledOf(account)) return account as CompiledAccountHandle;
      return handleFor(compileRaw(account) ?? compileParsed(parsePortfolio(account)));
    },
    figures(account: unknown): AccountFigures {
      const c = compiledOf(account);
      if (c) return run(c, undefined);
      const fast = compileRaw(account);
      if (fast) return run(fast, account);
      const pf = parsePortfolio(account);
      return run(compileParsed(pf), pf);
    },
    /** Whether the kernel served the last figures (tests and benchmarks). */
    tick: tickOf,
  };
}

export { NOT_COVERED, UNDECIDED };
