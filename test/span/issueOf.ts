import { expect } from 'vitest';
import { MarginInputError, type MarginIssue } from '../../src/schema/MarginInputError.js';

/** The first issue of the MarginInputError that `f` throws (fails the test if it throws anything else, or nothing). */
export function issueOf(f: () => unknown): MarginIssue {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MarginInputError);
    return (e as MarginInputError).issues[0]!;
  }
  throw new Error('expected a MarginInputError');
}
