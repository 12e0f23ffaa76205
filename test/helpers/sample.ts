import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Fresh deep copies of the bundled sample book and market (examples/data), safe to mutate in a test. */
export function sampleMarket(): any {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'data', 'market.json'), 'utf8'));
}
export function sampleBook(): any {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'data', 'book.json'), 'utf8'));
}
/** Recursively freezes a value, so that any mutation by the library throws in strict mode. */
export function deepFreeze<const T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v as object)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}
