import * as collateral from '../../src/collateral/index.js';
import * as health from '../../src/health/index.js';
import * as index from '../../src/index.js';
import * as margin from '../../src/margin/index.js';
import * as presets from '../../src/presets/index.js';

/**
 * The public API as the golden runner and the property tests see it: src/index.ts plus the barrels
 * the lead has not wired into it yet (the index wins where both export a name).
 */
export const API: Record<string, unknown> = { ...collateral, ...health, ...margin, ...presets, ...index };

/** Presets by id, for `{ "$preset": id }` in golden inputs. */
export const PRESETS: Record<string, unknown> = presets.PRESETS;
