import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_PARAMETERS, parseHealthParameters, safeParseHealthParameters } from '../../src/health/index.js';

const issues = (input: unknown) => {
  const r = safeParseHealthParameters(input);
  if (r.success) throw new Error('expected failure');
  return r.error.issues.map((i) => ({ code: i.code, path: i.path, argument: i.argument }));
};

describe('HealthParameters', () => {
  it('the defaults parse, and every omitted field takes its documented default', () => {
    const d = parseHealthParameters(DEFAULT_HEALTH_PARAMETERS);
    const p = parseHealthParameters({ id: 'desk', version: '2', status: { marginCallBand: '0.1' } });
    expect(p.status.marginCallBand.toString()).toBe('0.1');
    expect(p.liquidation.fee.toString()).toBe(d.liquidation.fee.toString());
    expect(p.liquidation.search.steps).toBe(48);
    expect(p.marketData.maxPriceAgeMs).toBe(60_000);
    // An explicit marketData section without an age switches the age check off.
    expect(parseHealthParameters({ id: 'x', version: '1', marketData: { minConfidence: '0.9' } }).marketData.maxPriceAgeMs).toBeUndefined();
  });

  it('parsing an already-parsed set returns it unchanged', () => {
    const p = parseHealthParameters(DEFAULT_HEALTH_PARAMETERS);
    expect(parseHealthParameters(p)).toBe(p);
  });

  it('bad fields carry a code and the path', () => {
    expect(issues({ id: 'x', version: '1', liquidation: { fee: '2' } })).toEqual([{ code: 'invalid_value', path: ['liquidation', 'fee'], argument: 'params' }]);
    expect(issues({ id: 'x', version: '1', liquidation: { search: { maxDown: '1' } } })).toEqual([{ code: 'invalid_parameters', path: ['liquidation', 'search', 'maxDown'], argument: 'params' }]);
    expect(issues({ id: 'x', version: '1', statuss: {} })).toEqual([{ code: 'unrecognized_key', path: ['statuss'], argument: 'params' }]);
    expect(issues({ version: '1' })).toEqual([{ code: 'missing_field', path: ['id'], argument: 'params' }]);
    expect(issues({ id: 'x', version: '1', marketData: { maxPriceAgeMs: 1.5 } })).toEqual([{ code: 'invalid_type', path: ['marketData', 'maxPriceAgeMs'], argument: 'params' }]);
    expect(issues({ id: 'x', version: '1', collateral: { haircuts: { BTC: { initial: '-0.1' } } } })).toEqual([
      { code: 'invalid_value', path: ['collateral', 'haircuts', 'BTC', 'initial'], argument: 'params' },
    ]);
  });
});
