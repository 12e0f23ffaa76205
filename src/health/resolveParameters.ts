import { parseMarginParameters } from '../margin/parseMarginParameters.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import { DEFAULT_HEALTH_PARAMETERS, parseHealthParameters, type HealthParameters } from './HealthParameters.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

// The parsed defaults, parsed once on first use (DEFAULT_HEALTH_PARAMETERS is deeply frozen, so
// this equals parsing it per call, which re-ran zod for every account).
let defaultHealth: HealthParameters | undefined;

/** A margin parameter set with its health section resolved (see {@link resolveParameters}). */
export interface ResolvedParameters {
  margin: MarginParameters;
  health: HealthParameters;
  /** True when the set had no `health` section and {@link DEFAULT_HEALTH_PARAMETERS} applied. */
  defaulted: boolean;
}

/**
 * The margin parameter set and its health section. A set without `health` uses
 * {@link DEFAULT_HEALTH_PARAMETERS}, and `defaulted` says so (every result echoes it). Internal.
 */
export function resolveParameters(params: MarginParametersInput | MarginParameters): ResolvedParameters {
  const margin = parseMarginParameters(params);
  const defaulted = margin.health === undefined;
  return { margin, health: margin.health !== undefined ? parseHealthParameters(margin.health) : (defaultHealth ??= parseHealthParameters(DEFAULT_HEALTH_PARAMETERS)), defaulted };
}
