import type { AccountAssessment, MarginRatios } from '../health/assessAccount.js';
import type { AccountStatus } from '../health/accountStatus.js';
import type { HealthFlagCode } from '../health/HealthFlag.js';

/**
 * The figures of one account's assessment without its explanation tree: every field is byte for byte
 * (`JSON.stringify`) the field of the same name of `engine.assess(account)` (`flagCodes` is
 * `assess(account).flags.map((f) => f.code)`). Money in the settlement currency as decimal strings:
 * equities rounded down, requirements up, to the parameter set's `settlementPrecision`.
 *
 * `exact` says which number layer produced them, never what they are (they are the same either way):
 * `'kernel'`, the exact integer kernel (scaled integers, intervals that decided every rounding);
 * `'decimal'`, the Decimal path (a rounding the kernel could not decide, or a feature it does not
 * cover yet, such as standard mode or isolated positions).
 */
export interface AccountFigures {
  accountId: string;
  status: AccountStatus;
  equity: string;
  initialEquity: string;
  maintenanceEquity: string;
  initialMargin: string;
  maintenanceMargin: string;
  charges: { borrow: string; staleness: string };
  ratios: MarginRatios;
  excess: { initial: string; maintenance: string };
  shortfall: { initial: string; maintenance: string };
  flagCodes: HealthFlagCode[];
  exact: 'kernel' | 'decimal';
}

/**
 * The figures of a full assessment (the Decimal path's answer). Internal.
 *
 * @example
 * ```ts
 * figuresOfAssessment(engine.assess(book)).maintenanceMargin === engine.assess(book).maintenanceMargin; // true
 * ```
 */
export function figuresOfAssessment(a: AccountAssessment): AccountFigures {
  return {
    accountId: a.accountId,
    status: a.status,
    equity: a.equity,
    initialEquity: a.initialEquity,
    maintenanceEquity: a.maintenanceEquity,
    initialMargin: a.initialMargin,
    maintenanceMargin: a.maintenanceMargin,
    charges: { borrow: a.charges.borrow, staleness: a.charges.staleness },
    ratios: { ...a.ratios },
    excess: { ...a.excess },
    shortfall: { ...a.shortfall },
    flagCodes: a.flags.map((f) => f.code),
    exact: 'decimal',
  };
}
