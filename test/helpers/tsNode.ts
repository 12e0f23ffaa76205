import { join } from 'node:path';

/**
 * The environment of a ts-node child process of the suite: the repository's ts-node settings with a
 * memoized transpile (test/helpers/tsNodeCache.cjs), so that src/ is transpiled once per change, not
 * once per process. Worker threads of the child inherit it.
 */
export const tsNodeEnv = (): NodeJS.ProcessEnv => ({ ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.tsNode.json') });
