import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLOW_FIRST } from '../helpers/slowFirst.js';

// vitest.config.ts's sequencer starts these files first; a renamed or deleted file would silently
// drop out of the list (its entry matches nothing), so every entry must name a test file that exists.
describe('the slow-first list of vitest.config.ts', () => {
  it('names existing test files, each once', () => {
    const root = join(__dirname, '..', '..');
    for (const f of SLOW_FIRST) expect(existsSync(join(root, f)), f).toBe(true);
    expect(SLOW_FIRST.every((f) => f.startsWith('test/') && f.endsWith('.test.ts'))).toBe(true);
    expect(new Set(SLOW_FIRST).size).toBe(SLOW_FIRST.length);
  });
});
