import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeIntList, IntBuffer, intListAt, intListSize, openIntList, pushIntList, pushValue, valueAt } from '../../src/kernel/packedValues.js';
import { small } from '../../src/kernel/kv.js';

// Packed integer lists (a compiled account's add-on plans): a property (any list reads back as
// written, at any offset, and its size skips exactly its ints) and the layout worked out by hand.

describe('packed integer lists', () => {
  it('read back as written', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 })), fc.array(fc.oneof(fc.integer({ min: -128, max: 127 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }))), (pad, values) => {
        const ints = new IntBuffer(1);
        for (const p of pad) ints.push(p);
        pushIntList(ints, values);
        ints.push(42);
        const I = ints.ints();
        const out = intListAt(I, pad.length, new Int32Array(2));
        expect(Array.from(out.subarray(0, values.length))).toEqual(values);
        expect(I[pad.length + intListSize(I, pad.length)]).toBe(42);
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });
  it('a list written in place reads back as written, one value an int', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 })), fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), fc.nat(3), (pad, values, spare) => {
        const ints = new IntBuffer(1);
        for (const p of pad) ints.push(p);
        // Room asked for more values than are written (a plan's bound), then the values by index.
        let at = openIntList(ints, values.length + spare);
        for (const v of values) ints.buf[at++] = v;
        closeIntList(ints, at);
        ints.push(42);
        const I = ints.ints();
        expect(I[pad.length]).toBe(2 * values.length);
        expect(Array.from(intListAt(I, pad.length, new Int32Array(2)).subarray(0, values.length))).toEqual(values);
        expect(I[pad.length + intListSize(I, pad.length)]).toBe(42);
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });
  it('packs bytes four to an int, low byte first', () => {
    // [3, -2, 1, 0, 5]: header 2 x 5 + 1 = 11; 3 | 0xfe << 8 | 1 << 16 | 0 << 24 = 3 + 65024 + 65536 = 130563; then 5.
    const ints = new IntBuffer(1);
    pushIntList(ints, [3, -2, 1, 0, 5]);
    expect(Array.from(ints.ints())).toEqual([11, 130563, 5]);
    // A value outside a byte: one per int, header 2 x 2 = 4.
    const wide = new IntBuffer(1);
    pushIntList(wide, [300, -1]);
    expect(Array.from(wide.ints())).toEqual([4, 300, -1]);
  });
});

// A recompile copies a prior unit's values by reading them back and packing them again: a property
// that this writes the very ints it read (small values of either width, zero, and values sent to the
// side list).
describe('packed values', () => {
  it('read back and packed again give the same ints', () => {
    const value = fc.oneof(
      fc.tuple(fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 }), fc.integer({ min: -40, max: 40 })),
      fc.tuple(fc.maxSafeInteger(), fc.integer({ min: -40, max: 40 })),
    ).map(([m, e]) => small(m, e));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 20 }), (vs) => {
        const a = new IntBuffer(4);
        const sideA: ReturnType<typeof small>[] = [];
        const at: number[] = [];
        for (const v of vs) {
          at.push(a.length);
          pushValue(a, sideA, v);
        }
        const I = a.ints();
        const b = new IntBuffer(4);
        const sideB: ReturnType<typeof small>[] = [];
        for (const k of at) pushValue(b, sideB, valueAt(I, sideA, k));
        expect(Array.from(b.ints())).toEqual(Array.from(I));
        expect(sideB).toEqual(sideA);
      }),
    );
  });
});
