/**
 * A kept scratch list with room for `n` ints: `a` itself when it has it, else a new, zeroed list of
 * at least `n` and twice `a`'s length (so that a list grown call after call is made anew a few times
 * only; what `a` held is not carried over: callers write before they read). Internal.
 *
 * @example
 * ```ts
 * roomy(new Int32Array(8), 5).length; // 8
 * roomy(new Int32Array(8), 9).length; // 16
 * ```
 */
export function roomy<A extends Int32Array>(a: A, n: number): A | Int32Array<ArrayBuffer> {
  return a.length < n ? new Int32Array(Math.max(n, 2 * a.length)) : a;
}
