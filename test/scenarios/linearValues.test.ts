import { describe, expect, it } from 'vitest';
import { Decimal as DecimalJs } from 'decimal.js';
import { D, type Decimal } from '../../src/numeric/decimal.js';
import { linearValuesOf } from '../../src/scenarios/buildRiskArrays.js';
import type { PnlScale } from '../../src/scenarios/compiledSet.js';

// A linear exposure's zero moves, read directly (no public input reaches a negative base or a "-0"
// move: the schema refuses the one and reads the other as 0). Expected values come from decimal.js
// itself, an independent clone at 200 digits: an unscaled value is its product base x move, whose
// zero carries the sign of the product of the signs (read with Object.is on toNumber); a scaled (tail)
// value is base x move x num / den, and the rule for a zero there, written here, is +0 (as the
// reference layer's `scaled` makes it); a tied asset's (plusZero) zero is +0 likewise.
const Big = DecimalJs.clone({ precision: 200 });

describe('LinearValues: a zero move is one signed zero, its float and its Decimal alike', () => {
  const MOVES = ['-0', '0', '0.3', '-0', '0', '-0.25'];
  // Scenarios 3 and 4 (zero moves) and 5 are tails scaled by 3/8 (a terminating factor: every value exact at 40 digits); the others are unscaled.
  const NUM = [undefined, undefined, undefined, '3', '3', '3'];
  const DEN = [undefined, undefined, undefined, '8', '8', '8'];

  /** The value the rule gives scenario s, as a 200-digit decimal.js number (its sign included). */
  const expected = (base: string, s: number, plusZero: boolean): DecimalJs => {
    const p = new Big(base).times(MOVES[s]!);
    if (NUM[s] === undefined) return plusZero && p.isZero() ? new Big(0) : p;
    const q = p.times(NUM[s]!).div(DEN[s]!);
    return q.isZero() ? new Big(0) : q;
  };

  for (const base of ['-5', '5', '0']) {
    for (const plusZero of [false, true]) {
      it(`base ${base}${plusZero ? ', plusZero' : ''}: Object.is against decimal.js's own product`, () => {
        // A fresh moves array per case: the plan is made once per moves array.
        const moves: Decimal[] = MOVES.map((m) => D(m));
        const sc: PnlScale = {
          f: Float64Array.from(NUM, (n, s) => (n === undefined ? 1 : Number(n) / Number(DEN[s]))),
          num: NUM.map((n) => (n === undefined ? undefined : D(n))),
          den: DEN.map((n) => (n === undefined ? undefined : D(n))),
        };
        const lv = linearValuesOf(D(base), moves, sc, plusZero);
        MOVES.forEach((m, s) => {
          const want = expected(base, s, plusZero);
          const zeroMove = new Big(m).isZero();
          expect(Object.is(lv.zeroMoveFloat(s), zeroMove ? want.toNumber() : NaN)).toBe(true);
          const got = lv.at(s);
          expect(got.toString()).toBe(want.toString());
          expect(Object.is(got.toNumber(), want.toNumber())).toBe(true);
        });
      });
    }
  }

  it('the negative zero is reached: -5 x 0 unscaled is -0, -5 x -0 is +0, a scaled one +0', () => {
    const lv = linearValuesOf(D('-5'), [D('0'), D('-0'), D('0')], { f: Float64Array.of(1, 1, 0.5), num: [undefined, undefined, D(1)], den: [undefined, undefined, D(2)] }, false);
    expect(Object.is(lv.zeroMoveFloat(0), -0)).toBe(true);
    expect(lv.at(0).isNeg()).toBe(true);
    expect(Object.is(lv.zeroMoveFloat(1), 0)).toBe(true);
    expect(lv.at(1).isNeg()).toBe(false);
    expect(Object.is(lv.zeroMoveFloat(2), 0)).toBe(true);
    expect(lv.at(2).isNeg()).toBe(false);
  });
});
