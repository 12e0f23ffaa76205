import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntBuffer, intListAt, intListSize, pushIntList } from '../../src/kernel/packedValues.js';

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
