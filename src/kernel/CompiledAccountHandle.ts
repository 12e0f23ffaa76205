import type { CompiledAccount } from './compileAccount.js';

declare const compiledBrand: unique symbol;

/**
 * An account compiled by `engine.compile`: opaque and immutable. Valid for `figures`, `figuresEach`
 * and `check` on the engine that made it and on every engine of the same instrument table
 * (`engine.withPrices(...)` ticks). Compile again after fills and transfers (any change of positions
 * or balances). Its JSON (`{ accountId }`) is not part of the API, and no other entry point takes it
 * for a portfolio.
 */
export interface CompiledAccountHandle {
  readonly accountId: string;
  readonly [compiledBrand]: true;
}

// The compiled data lives here, not on the handle: a handle cannot be forged or altered, and its
// JSON shows nothing but the account id.
const compiled = new WeakMap<object, CompiledAccount>();

/** A new handle for compiled data. Internal. */
export function handleFor(c: CompiledAccount): CompiledAccountHandle {
  const h = Object.freeze({ accountId: c.accountId }) as unknown as CompiledAccountHandle;
  compiled.set(h, c);
  return h;
}

/** The compiled data behind a handle, or undefined when `x` is not one. Internal. */
export function compiledOf(x: unknown): CompiledAccount | undefined {
  return x !== null && typeof x === 'object' ? compiled.get(x) : undefined;
}
