import type { Arithmetic } from '../numeric/Arithmetic.js';
import { grossNotional } from './concentrationCharge.js';
import type { Holding } from './Holding.js';
import type { AddOnParams } from './MarginParameters.js';

/** The add-ons of a risk unit in the order they are listed and added (shared by both number layers). Internal. */
export const ADD_ON_ORDER = ['shortOptionMinimum', 'nakedShortOption', 'deltaContingency', 'calendarSpread', 'concentration', 'minimum', 'futuresContingency', 'confidence', 'depeg', 'rollShock', 'deltaShock'] as const;

/** How an add-on joins the unit's requirement: added to the scan risk, or a floor under it. Internal. */
export function addOnApply(kind: (typeof ADD_ON_ORDER)[number], a: AddOnParams): 'add' | 'floor' {
  if (kind === 'shortOptionMinimum') return a.shortOptionMinimum!.apply;
  return kind === 'minimum' ? 'floor' : 'add';
}

/** The concentration add-on's measure: the unit's gross notional or its scan risk (settlement currency). Internal. */
export function concentrationMeasure<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[], measure: 'scanRisk' | 'grossNotional', scan: T): T {
  return measure === 'grossNotional' ? grossNotional(A, holdings) : scan;
}
