import { describe, expect, it } from 'vitest';
import { makeMarket, rng } from '../../bench/generate.js';
import { createMarginEngine } from '../../src/engine/index.js';
import { parseMarginParameters, PRESETS } from '../../src/index.js';
import { resolveParameters } from '../../src/health/resolveParameters.js';
import { KERNEL_ARITHMETIC as KA } from '../../src/kernel/kernelArithmetic.js';
import { KernelTick } from '../../src/kernel/kernelTick.js';
import { ddValue, exactString, inWideMode, interval, KV, small, ZERO, fromDecimalString } from '../../src/kernel/kv.js';
import { fieldsOf, putUnit, settled, takeUnit, unitMemo, type UnitReuse } from '../../src/kernel/unitMemo.js';
import { accountRequirement, type UnitAmounts } from '../../src/margin/portfolioRequirement.js';
import { JOINT_CREDITS } from './populations.js';

// The check's kept unit amounts read back as the very values put (a property of the encoding: every
// form the kernel keeps, each field's value and taint, an IM base that is the MM object itself), and
// the amounts it leaves out are the ones the account step does not read (a property of accountRequirement).

const params = parseMarginParameters(PRESETS['deribit-pm']);
const blank = (): UnitAmounts<KV> => ({ id: 'x', mm: ZERO, imBase: ZERO, restMm: ZERO, restIm: ZERO, scanMm: ZERO, scanIm: ZERO, delta: 0 });
const form = (v: KV) => ({ k: v.k, m: v.m, e: v.e, d: v.d, t: v.t, x: v.x });
const fields = (o: UnitAmounts<KV>) => ({ mm: form(o.mm), imBase: form(o.imBase) });

describe('unitMemo: the kept amounts of a unit read back as put', () => {
  const values: [string, KV][] = [
    ['small', small(123456789, 9)],
    ['negative exponent', small(-7, -3)],
    ['with a denominator, tainted', small(5, 2, 3, 1)],
    ['zero', ZERO],
    ['interval', interval(1.25, 1.5)],
    ['double-double (the roll-shock units: a tainted requirement)', ddValue(16008.123456789, 1.5e-13, 3e-26)],
    ['double-double, negative low part and tiny radius', ddValue(-0.1, -5.551115123125783e-18, 0)],
  ];
  for (const [name, v] of values) {
    it(name, () => {
      const r: UnitReuse = { from: [1], x: unitMemo(2), params };
      const o = { ...blank(), mm: v, imBase: small(42, 1) };
      putUnit(r, 1, o);
      const back = blank();
      expect(takeUnit(r, 0, back)).toBe(false);
      expect(takeUnit(r, 1, back)).toBe(true);
      expect(fields(back)).toEqual(fields(o));
    });
  }
  it('a wide exact amount is not kept (the unit is computed each time)', () => {
    const r: UnitReuse = { from: undefined, x: unitMemo(1), params };
    putUnit(r, 0, { ...blank(), mm: inWideMode(() => fromDecimalString('1234567890123456789012345.678901')), imBase: small(1, 0) });
    expect(takeUnit(r, 0, blank())).toBe(false);
  });
  it('an IM base that is the MM object reads back as that object (the account step sums it once)', () => {
    const r: UnitReuse = { from: undefined, x: unitMemo(1), params };
    const mm = ddValue(31.5, 0, 1e-30);
    putUnit(r, 0, { ...blank(), mm, imBase: mm });
    const back = blank();
    takeUnit(r, 0, back);
    expect(back.imBase).toBe(back.mm);
  });
  it('a unit kept once is not written again, and each unit reads back its own', () => {
    const r: UnitReuse = { from: undefined, x: unitMemo(3), params };
    putUnit(r, 2, { ...blank(), mm: small(2, 0), imBase: small(3, 0) });
    putUnit(r, 0, { ...blank(), mm: small(5, 0), imBase: small(7, 0) });
    putUnit(r, 2, { ...blank(), mm: small(11, 0), imBase: small(13, 0) });
    const a = blank();
    const b = blank();
    takeUnit(r, 0, a);
    takeUnit(r, 2, b);
    expect([a.mm.m, a.imBase.m, b.mm.m, b.imBase.m]).toEqual([5, 7, 2, 3]);
    expect(takeUnit(r, 1, blank())).toBe(false);
    // Kept between calls as an exact-size copy with the same numbers; untouched when nothing was added.
    const kept = settled(r.x, 3);
    expect(kept).toEqual(r.x);
    expect(kept).not.toBe(r.x);
    expect(settled(kept, kept.length)).toBe(kept);
  });
});

describe('unitMemo: the amounts it leaves out do not change the account step', () => {
  const market = makeMarket(100);
  const noCredits = { ...JOINT_CREDITS, id: 'kernel-joint-only', interUnitCredits: [] };
  const noJoint = { ...JOINT_CREDITS, id: 'kernel-credits-only', joint: [] };
  const sets = [PRESETS['deribit-pm'], PRESETS['span-cme-16'], noCredits, noJoint, JOINT_CREDITS];
  for (const raw of sets) {
    const p = parseMarginParameters(raw);
    it(`${p.id}: keeps ${fieldsOf(p).join(', ')}`, () => {
      const engine = createMarginEngine(market, p);
      const tick = new KernelTick(engine.market, resolveParameters(engine.params), engine.riskArrays);
      const groups = engine.scenarioSet.groups;
      const r = rng(0x5eed);
      const amount = () => small(Math.round((r() - 0.3) * 1e9), Math.floor(r() * 6));
      const kept = new Set<string>(fieldsOf(p));
      const withDelta = kept.has('scanMm');
      for (let n = 0; n < 50; n++) {
        const ids = ['BTC', 'DOGE', 'ETH', 'SOL', 'XRP'].filter(() => r() < 0.8);
        const units: UnitAmounts<KV>[] = ids.map((id) => ({ id, mm: amount(), imBase: amount(), restMm: amount(), restIm: amount(), scanMm: amount(), scanIm: amount(), delta: (r() - 0.5) * 100 }));
        // The amounts the memo does not keep, replaced (it reads them back as 0).
        const other = units.map((u) => {
          const o = { ...u };
          for (const f of ['mm', 'imBase', 'restMm', 'restIm', 'scanMm', 'scanIm'] as const) if (!kept.has(f)) o[f] = amount();
          if (!withDelta) o.delta = (r() - 0.5) * 100;
          return o;
        });
        const jointScan = (members: number[], s0: number, s1: number) => ({ amount: small(members.length * 1000 + s0 + s1, 0) });
        const text = (u: UnitAmounts<KV>[]) => {
          const a = inWideMode(() => accountRequirement(KA, p, u, groups, jointScan, tick.factors));
          return `${exactString(a.mm)} ${exactString(a.im)}`;
        };
        expect(text(other)).toBe(text(units));
      }
    });
  }
});
