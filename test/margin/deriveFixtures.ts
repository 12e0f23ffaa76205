import { ScenarioSpecSchema, type ScenarioSpec } from '../../src/index.js';

/** Parses a scenario spec (schema only), for tests that check a spec is accepted. */
export function parseScenarioSpecForTest(raw: unknown): ScenarioSpec {
  return ScenarioSpecSchema.parse(raw);
}
