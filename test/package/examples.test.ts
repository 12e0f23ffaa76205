import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every file in examples/ runs with `npx ts-node examples/<file>.ts` and exits 0.
const root = resolve(__dirname, '..', '..');
// tour.ts runs in test/docs/readme.test.ts, which also checks its figures against the README.
const files = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts') && f !== 'tour.ts');

describe('examples run with ts-node', () => {
  it('there are examples', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(f, () => {
      const out = execFileSync('node', [join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), join('examples', f)], { cwd: root, stdio: 'pipe', timeout: 120_000 });
      expect(out.toString().length).toBeGreaterThan(0);
    });
  }
});
