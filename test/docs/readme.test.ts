import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's tour quotes figures of the sample book (in code comments and in the table of presets).
// examples/tour.ts prints them; this test runs the tour and checks that every figure the README
// quotes appears in its output, so that a change of methodology cannot leave the README behind.
// (The figures themselves are checked against independent sources elsewhere: test/golden/.)
// The tour runs once, here, as a user runs it (test/package/examples.test.ts skips it for that reason).
const ROOT = resolve(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const tour = readme.slice(readme.indexOf('## A tour of the API'), readme.indexOf('\n## ', readme.indexOf('## A tour of the API') + 5));

/** The figures the tour section quotes: numbers in `//` comments of code blocks and in tables with an IM column. */
function quotedFigures(section: string): string[] {
  const texts: string[] = [];
  for (const block of section.matchAll(/```ts\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      const at = line.indexOf('//');
      if (at >= 0) texts.push(line.slice(at + 2));
    }
  }
  for (const table of section.matchAll(/(^\|.*\|$\n?)+/gm)) {
    if (/\|\s*IM\s*\|/.test(table[0])) texts.push(table[0]);
  }
  return [...new Set(texts.flatMap((t) => t.match(/-?\d[\d,]*(?:\.\d+)?/g) ?? []).map(normalise))];
}

/** `124,183.09` -> `124183.09`; `61,808.40` -> `61808.4`; `-45.6` stays. */
function normalise(n: string): string {
  const plain = n.replaceAll(',', '');
  return plain.includes('.') ? plain.replace(/0+$/, '').replace(/\.$/, '') : plain;
}

describe("the README's tour", () => {
  it('quotes figures', () => expect(quotedFigures(tour).length).toBeGreaterThan(40));
  it('prints every figure it quotes (npx ts-node examples/tour.ts)', () => {
    const output = execFileSync(process.execPath, [join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), join('examples', 'tour.ts')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const missing = quotedFigures(tour).filter((n) => !output.includes(n));
    expect(missing).toEqual([]);
  });
});
