/**
 * One run of the kernel property over a population: for each generated account, compile it on the
 * population's engine, and compare `figures(handle)` (and, for `moved` populations, the same handle's
 * figures on a `withPrices` tick) with the fields of `assess` on the same engine, byte for byte. For
 * boundary populations, a second account whose USDC balance puts the maintenance (or initial) equity
 * exactly on, or one cent either side of, its requirement is checked too. Shared by the vitest
 * property and bench/checkKernel.ts.
 */
import type { MarginEngine } from '../../src/engine/MarginEngine.js';
import type { CompiledAccountHandle } from '../../src/kernel/CompiledAccountHandle.js';
import type { MarginParametersInput, MarketPricesInput, MarketSnapshotInput } from '../../src/index.js';
import type { Population } from './populations.js';

export interface PopulationOutcome {
  name: string;
  accounts: number;
  evaluations: number;
  kernel: number;
  statuses: Set<string>;
  mismatches: string[];
}

/** The fields of an assessment that `figures` must reproduce, in the figures' key order. */
export function assessedFigures(a: any): string {
  return JSON.stringify({
    accountId: a.accountId,
    status: a.status,
    equity: a.equity,
    initialEquity: a.initialEquity,
    maintenanceEquity: a.maintenanceEquity,
    initialMargin: a.initialMargin,
    maintenanceMargin: a.maintenanceMargin,
    charges: a.charges,
    ratios: a.ratios,
    excess: a.excess,
    shortfall: a.shortfall,
    flagCodes: a.flags.map((f: { code: string }) => f.code),
  });
}

/** A call's result as JSON, or its input error's issues (`error [...]`); any other throw propagates. */
export function outcome(f: () => unknown): string {
  try {
    return JSON.stringify(f());
  } catch (e) {
    const issues = (e as { issues?: unknown }).issues;
    if (issues === undefined) throw e;
    return `error ${JSON.stringify(issues)}`;
  }
}

function outcomeOf(f: () => unknown): { ok?: any; error?: string } {
  try {
    return { ok: f() };
  } catch (e) {
    const issues = (e as { issues?: unknown }).issues;
    if (issues === undefined) throw e;
    return { error: JSON.stringify(issues) };
  }
}

/** Decimal arithmetic for the threshold balances, without the library (an independent sum of decimal strings). */
function plusCents(balance: string, cents: bigint): string {
  const neg = balance.startsWith('-');
  const [i, f = ''] = balance.replace('-', '').split('.');
  const scale = 10n ** BigInt(Math.max(2, f.length));
  const v = (BigInt(i!) * scale + BigInt(f.padEnd(Math.max(2, f.length), '0') || '0')) * (neg ? -1n : 1n) + cents * (scale / 100n);
  const a = v < 0n ? -v : v;
  const digits = Math.max(2, f.length);
  const s = a.toString().padStart(digits + 1, '0');
  return `${v < 0n ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
const cents = (s: string): bigint => {
  const neg = s.startsWith('-');
  const [i, f = ''] = s.replace('-', '').split('.');
  const v = BigInt(i!) * 100n + BigInt((f + '00').slice(0, 2));
  return neg ? -v : v;
};

export function checkPopulation(
  pop: Population,
  count: number,
  seed: number,
  createMarginEngine: (market: MarketSnapshotInput, params: MarginParametersInput) => MarginEngine,
  movedPrices: (market: any, r: () => number) => MarketPricesInput,
  rng: (seed: number) => () => number,
): PopulationOutcome {
  const r = rng(seed);
  const engines = pop.params.map((p) => createMarginEngine(pop.market, p));
  const moved = pop.moved ? engines.map((e) => e.withPrices(movedPrices(pop.market, r))) : [];
  const out: PopulationOutcome = { name: pop.name, accounts: 0, evaluations: 0, kernel: 0, statuses: new Set(), mismatches: [] };
  const compare = (engine: MarginEngine, account: any, handle: CompiledAccountHandle, where: string): any => {
    const expected = outcomeOf(() => engine.assess(account));
    const got = outcomeOf(() => engine.figures(handle));
    out.evaluations++;
    let same: boolean;
    if (expected.error !== undefined || got.error !== undefined) same = expected.error === got.error;
    else {
      const { exact, ...rest } = got.ok;
      if (exact === 'kernel') out.kernel++;
      same = JSON.stringify(rest) === assessedFigures(expected.ok);
      out.statuses.add(expected.ok.status);
    }
    if (!same) out.mismatches.push(`${pop.name} ${where}: ${JSON.stringify(account)}\n  figures ${JSON.stringify(got)}\n  assess  ${expected.error ?? assessedFigures(expected.ok)}`);
    return expected.ok;
  };
  for (let i = 0; i < count; i++) {
    const k = i % engines.length;
    const engine = engines[k]!;
    const account = pop.account(r, i);
    out.accounts++;
    const compiled = outcomeOf(() => engine.compile(account));
    if (compiled.error !== undefined) {
      const expected = outcomeOf(() => engine.assess(account));
      if (expected.error !== compiled.error) out.mismatches.push(`${pop.name} #${i} compile: ${JSON.stringify(account)}\n  compile ${compiled.error}\n  assess  ${expected.error ?? 'ok'}`);
      continue;
    }
    const a = compare(engine, account, compiled.ok, `#${i}`);
    if (pop.moved) compare(moved[k]!, account, compiled.ok, `#${i} moved`);
    if (a && pop.name.startsWith('boundaries')) {
      // Put maintenance equity (or initial equity) exactly on its requirement, or a cent either side.
      const target = r() < 0.5 ? cents(a.maintenanceMargin) - cents(a.maintenanceEquity) : cents(a.initialMargin) - cents(a.initialEquity);
      const usdc = account.collateral.find((c: any) => c.asset === 'USDC');
      const shifted = { ...account, accountId: `${account.accountId}-t`, collateral: [{ asset: 'USDC', balance: plusCents(usdc.balance, target + BigInt(Math.floor(r() * 3)) - 1n) }] };
      out.accounts++;
      const h = outcomeOf(() => engine.compile(shifted));
      if (h.error === undefined) compare(engine, shifted, h.ok, `#${i} threshold`);
    }
  }
  return out;
}
