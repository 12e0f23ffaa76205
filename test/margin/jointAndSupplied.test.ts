import { describe, expect, it } from 'vitest';
import { marginFromRiskArrays, computeMargin } from '../../src/margin/index.js';
import { buildScenarioSet, suppliedRiskArrays } from '../../src/scenarios/index.js';
import { ASOF, gridParams, perp } from './fixtures.js';

const market = {
  asOf: ASOF,
  settlementCurrency: 'USDC',
  instruments: [perp('BTC-PERP', 'BTC'), perp('ETH-PERP', 'ETH')],
  underlyings: { BTC: { index: '100000' }, ETH: { index: '2000' } },
  marks: { 'BTC-PERP': { price: '100000' }, 'ETH-PERP': { price: '2000' } },
  assets: {},
};
const book = { accountId: 'j', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '1' }, { symbol: 'ETH-PERP', quantity: '-50' }], collateral: [] };

describe('joint scenarios and caller-supplied risk arrays', () => {
  it('a joint set replaces the sum of the units scan risks', () => {
    // Separately: BTC long 100,000 notional, ETH short 100,000 notional, each worst 16% -> 16,000 + 16,000 = 32,000.
    // Joint historical days: (BTC -10%, ETH -8%): 1*100000*-0.10 - 50*2000*-0.08 = -10,000 + 8,000 = -2,000
    //                        (BTC +5%,  ETH +9%): 5,000 - 9,000 = -4,000 -> joint scan 4,000.
    const params = gridParams({
      joint: [{ id: 'hist', units: ['BTC', 'ETH'], scenarios: [{ id: 'd1', moves: { BTC: '-0.10', ETH: '-0.08' } }, { id: 'd2', moves: { BTC: '0.05', ETH: '0.09' } }] }],
    });
    const r = computeMargin(book, market, params);
    expect(r.joint[0]).toMatchObject({ id: 'hist', replacedScanRisk: '32000' });
    expect(r.joint[0]!.scanRisk.amount).toBe('4000');
    expect(r.joint[0]!.scanRisk.scenario!.id).toBe('joint:hist:user:d2');
    expect(r.maintenanceMargin).toBe('4000');
  });

  it('the margin step takes supplied arrays like its own', () => {
    const params = gridParams();
    const set = buildScenarioSet(params, market);
    const n = set.scenarios.length; // 9
    // BTC-PERP supplied as 100,000 * move, the same as our own pricing; ETH as a flat -10 per contract.
    const btc = set.scenarios.map((s) => 100000 * Number(s.moves.BTC));
    const arrays = suppliedRiskArrays(market, set, { instruments: { 'BTC-PERP': btc, 'ETH-PERP': new Array(n).fill(-10) } });
    const r = marginFromRiskArrays(book, market, arrays, params);
    // BTC worst 16,000; ETH short 50 * -(-10) = +500 everywhere -> 0
    expect(r.units.map((u) => u.scanRisk!.amount)).toEqual(['16000', '0']);
    expect(() => suppliedRiskArrays(market, set, { instruments: { 'BTC-PERP': [1, 2] } })).toThrowError(expect.objectContaining({ issues: [expect.objectContaining({ code: 'invalid_value', path: ['instruments', 'BTC-PERP'] })] }));
    // A non-finite delta is refused at the boundary (it would otherwise reach the delta-based add-ons).
    expect(() => suppliedRiskArrays(market, set, { instruments: { 'BTC-PERP': btc }, deltas: { 'BTC-PERP': NaN } })).toThrowError(expect.objectContaining({ issues: [expect.objectContaining({ code: 'invalid_value', path: ['deltas', 'BTC-PERP'] })] }));
  });
});
