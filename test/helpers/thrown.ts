import { MarginInputError } from '../../src/index.js';

/** The MarginInputError `f` throws; anything else (another exception, or no exception) fails the test. */
export function thrown(f: () => unknown): MarginInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof MarginInputError) return e;
    throw e;
  }
  throw new Error('expected a MarginInputError');
}
