/**
 * A JSON reader that keeps every number as its source text, so that integers beyond 2^53 (Derive's
 * 18-decimal fixed-point values) and decimals with more than 17 digits lose nothing. Node 20's
 * JSON.parse has no access to a number's source text; this is the ~80 lines that replace it for
 * the conformance runner (RFC 8259 grammar; strings decoded by JSON.parse itself).
 *
 * Numbers come back as `JsonNumber` objects: `{ text: '1500833279310993817600' }`.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type Json = null | boolean | string | JsonNumber | Json[] | { [key: string]: Json };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function readJson(text: string): Json {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`JSON: ${what} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [key: string]: Json } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const k = match(STRING) ?? fail('expected a key');
        ws();
        if (text[i++] !== ':') fail('expected ":"');
        Object.defineProperty(out, JSON.parse(k) as string, { value: value(), enumerable: true, writable: true, configurable: true });
        ws();
        const d = text[i++];
        if (d === '}') return out;
        if (d !== ',') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const out: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return out;
        if (d !== ',') fail('expected "," or "]"');
      }
    }
    if (c === '"') return JSON.parse(match(STRING) ?? fail('bad string')) as string;
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    const n = match(NUMBER);
    if (n !== undefined) return new JsonNumber(n);
    return fail('unexpected character');
  };
  const out = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return out;
}
