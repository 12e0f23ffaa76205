import type * as z from 'zod';
import type { Decimal } from '../numeric/decimal.js';

/**
 * `T` read-only all the way down: every object's keys and every array and tuple, with Decimals and
 * primitives as they are (and `unknown` stays `unknown`). A deeply frozen preset, an `as const` literal and a plain mutable object
 * are all assignable to it.
 */
export type ReadonlyInput<T> = unknown extends T ? T : T extends Decimal | string | number | boolean | bigint | symbol | null | undefined ? T : { readonly [K in keyof T]: ReadonlyInput<T[K]> };

/**
 * What a caller writes for the schema `S`: its zod input type (decimals as `DecimalLike`, timestamps as
 * ISO strings), read-only all the way down, so that frozen presets and `as const` data type-check and
 * the library's promise never to mutate an input is in the type.
 *
 * @example
 * ```ts
 * export type PortfolioInput = InputOf<typeof PortfolioSchema>;
 * ```
 */
export type InputOf<S extends z.core.$ZodType> = ReadonlyInput<z.input<S>>;
