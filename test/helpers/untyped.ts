/**
 * `value` typed as whatever the call expects. For tests that pass malformed data on purpose (a wrong
 * type, a missing field, a hostile object): the library checks it at run time, and the public input
 * types stay precise instead of being widened for these tests.
 */
export const untyped = (value: unknown): never => value as never;
