import { describe, expect, it } from 'vitest';
import { parseMarginParameters, safeParseMarginParameters } from '../../src/margin/index.js';
import { PRESETS } from '../../src/presets/index.js';

describe('presets', () => {
  it('each parses, cites a public source and has a versioned id', () => {
    for (const [id, raw] of Object.entries(PRESETS)) {
      const p = parseMarginParameters(raw);
      expect(p.id).toBe(id);
      expect(p.version.length).toBeGreaterThan(0);
      expect(p.source).toMatch(/https:\/\//);
      expect(p.initialMargin.multiplier.gte(1)).toBe(true);
    }
  });
});

describe('parameter validation', () => {
  const base = PRESETS['deribit-pm'] as Record<string, unknown>;
  it('rejects unknown keys with a path', () => {
    const r = safeParseMarginParameters({ ...base, extra: 1 });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]).toMatchObject({ code: 'unrecognized_key', path: ['extra'], argument: 'params' });
  });
  it('rejects an IM multiplier below 1 (IM < MM)', () => {
    const r = safeParseMarginParameters({ ...base, initialMargin: { multiplier: '0.9' } });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]).toMatchObject({ code: 'invalid_parameters', path: ['initialMargin', 'multiplier'] });
  });
  it('rejects a tail referring to an unknown vol state and a portfolio mode without scenarios', () => {
    const scen = base.scenarios as Record<string, unknown>;
    const r = safeParseMarginParameters({ ...base, scenarios: { ...scen, tails: [{ move: '-0.5', volShock: 'sideways', weight: { kind: 'coverage', fraction: '0.3' } }] } });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]).toMatchObject({ code: 'invalid_parameters', path: ['scenarios', 'tails', 0, 'volShock'] });
    const { scenarios: _drop, ...noScen } = base;
    const r2 = safeParseMarginParameters(noScen);
    expect(r2.success).toBe(false);
    if (!r2.success) expect(r2.error.issues.map((i) => i.code)).toContain('invalid_parameters');
  });
  it('rejects futures tiers with IM below MM and bad decimals', () => {
    const std = PRESETS['deribit-standard'] as Record<string, unknown>;
    const r = safeParseMarginParameters({ ...std, standard: { futures: { default: { im: '0.01', mm: '0.02' } }, options: { default: { imBase: '0.15', imFloor: '0.1', mm: '0.075' } } } });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]).toMatchObject({ code: 'invalid_parameters', path: ['standard', 'futures', 'default'] });
    const r2 = safeParseMarginParameters({ ...base, initialMargin: { multiplier: '1e3' } });
    expect(r2.success).toBe(false);
    if (!r2.success) expect(r2.error.issues[0]).toMatchObject({ code: 'invalid_decimal', path: ['initialMargin', 'multiplier'] });
  });
  it('does not mutate its input and passes parsed sets through', () => {
    const raw = structuredClone(PRESETS['deribit-pm']);
    const before = JSON.stringify(raw);
    const p = parseMarginParameters(raw);
    expect(JSON.stringify(raw)).toBe(before);
    expect(parseMarginParameters(p)).toBe(p);
  });
});
