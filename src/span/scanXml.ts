import { fileError, lineAt } from './fileText.js';

/** What `XmlHandler.open` may return: `SKIP_ELEMENT` skips the element and everything inside it. */
export const SKIP_ELEMENT = 1;

/**
 * Receives the events of {@link scanXml}, in document order. `offset` is the index of the event in
 * the text (for line numbers). Text is entity-decoded; CDATA sections arrive as text.
 */
export interface XmlHandler {
  open(name: string, attributes: readonly [string, string][] | undefined, offset: number): number | void;
  text(value: string, offset: number): void;
  close(name: string, offset: number): void;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, text: string, offset: number): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&\s]{0,12});?/g, (m, name: string, at: number) => {
    const where = offset + at;
    if (!m.endsWith(';')) throw fileError(`unterminated entity reference ${JSON.stringify(m)}`, [], lineAt(text, where));
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : /^#\d+$/.test(name) ? parseInt(name.slice(1), 10) : NaN;
      if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (name[1] === 'x' && !/^#x[0-9a-fA-F]+$/.test(name))) {
        throw fileError(`invalid character reference ${m}`, [], lineAt(text, where));
      }
      return String.fromCodePoint(code);
    }
    const e = ENTITIES[name];
    if (e === undefined) throw fileError(`unknown entity ${m}`, [], lineAt(text, where));
    return e;
  });
}

const NAME = /^[A-Za-z_:][\w.:-]*$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Parses `name attr="v" attr2='w'` of a start tag; returns name and attributes. */
function parseTag(inner: string, text: string, offset: number): { name: string; attributes?: [string, string][] } {
  let i = 0;
  while (i < inner.length && !isSpace(inner.charCodeAt(i))) i++;
  const name = inner.slice(0, i);
  if (!NAME.test(name)) throw fileError(`invalid element name ${JSON.stringify(name.slice(0, 40))}`, [], lineAt(text, offset));
  let attributes: [string, string][] | undefined;
  const rest = inner.slice(i);
  if (rest.trim().length > 0) {
    attributes = [];
    const re = /\s*([A-Za-z_:][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/gy;
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = re.exec(rest)) !== null) {
      attributes.push([m[1]!, decodeEntities(m[3] ?? m[4] ?? '', text, offset)]);
      end = re.lastIndex;
    }
    if (rest.slice(end).trim().length > 0) throw fileError(`malformed attributes in <${name}>`, [], lineAt(text, offset));
  }
  return attributes ? { name, attributes } : { name };
}

/** Index of the `>` that ends the tag opened at `lt`, skipping `>` inside quoted attribute values. */
function tagEnd(text: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
    else if (c === 60) return -1;
  }
  return -1;
}

/**
 * A streaming scanner for the subset of XML that SPAN files use: elements, attributes, text, the
 * five predefined entities and character references, CDATA sections, comments, processing
 * instructions and a DOCTYPE without an internal subset. It keeps only the stack of open element
 * names: no document tree is built, so memory does not grow with the file. Well-formedness is
 * checked (matching tags, a single root, no stray text); the first problem is a
 * `MarginInputError` (`invalid_span_file`) with its line number.
 *
 * Why hand-written and not a dependency: the format needs none of XML's harder parts (namespaces,
 * DTDs, external entities), a tokenizer over `indexOf` is fast on a 50 MB string, and it keeps the
 * package free of a parser with its own global configuration and security surface (entity expansion).
 */
export function scanXml(text: string, h: XmlHandler): void {
  const stack: string[] = [];
  let rootSeen = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      if (stack.length > 0) h.text(decodeEntities(raw, text, i), i);
      else if (raw.trim().length > 0) throw fileError('text outside the root element', [], lineAt(text, i + raw.search(/\S/)));
    }
    if (lt < 0) break;
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === 47) {
      // </name>
      const gt = text.indexOf('>', lt);
      if (gt < 0) throw fileError('unterminated end tag', [], lineAt(text, lt));
      const name = text.slice(lt + 2, gt).trim();
      const open = stack.pop();
      if (open !== name) throw fileError(open === undefined ? `end tag </${name}> without a start tag` : `end tag </${name}> does not match <${open}>`, [], lineAt(text, lt));
      h.close(name, lt);
      i = gt + 1;
    } else if (c1 === 63) {
      // <?...?>
      const e = text.indexOf('?>', lt + 2);
      if (e < 0) throw fileError('unterminated processing instruction', [], lineAt(text, lt));
      i = e + 2;
    } else if (c1 === 33) {
      if (text.startsWith('<!--', lt)) {
        const e = text.indexOf('-->', lt + 4);
        if (e < 0) throw fileError('unterminated comment', [], lineAt(text, lt));
        i = e + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const e = text.indexOf(']]>', lt + 9);
        if (e < 0) throw fileError('unterminated CDATA section', [], lineAt(text, lt));
        if (stack.length === 0) throw fileError('CDATA outside the root element', [], lineAt(text, lt));
        h.text(text.slice(lt + 9, e), lt);
        i = e + 3;
      } else if (text.startsWith('<!DOCTYPE', lt)) {
        const gt = text.indexOf('>', lt);
        if (gt < 0 || text.slice(lt, gt).includes('[')) throw fileError('DOCTYPE with an internal subset is not supported', [], lineAt(text, lt));
        i = gt + 1;
      } else throw fileError('unexpected markup declaration', [], lineAt(text, lt));
    } else {
      const gt = tagEnd(text, lt);
      if (gt < 0) throw fileError('unterminated start tag', [], lineAt(text, lt));
      const selfClosing = text.charCodeAt(gt - 1) === 47;
      const { name, attributes } = parseTag(text.slice(lt + 1, selfClosing ? gt - 1 : gt), text, lt);
      if (stack.length === 0) {
        if (rootSeen) throw fileError(`second root element <${name}>`, [], lineAt(text, lt));
        rootSeen = true;
      }
      const action = h.open(name, attributes, lt);
      if (action === SKIP_ELEMENT && !selfClosing) {
        i = skipElement(text, name, gt + 1, lt);
        h.close(name, i);
      } else if (selfClosing) {
        h.close(name, lt);
        i = gt + 1;
      } else {
        stack.push(name);
        i = gt + 1;
      }
    }
  }
  if (stack.length > 0) throw fileError(`<${stack[stack.length - 1]}> is not closed`, [], lineAt(text, n));
  if (!rootSeen) throw fileError('no root element', [], 1);
}

/**
 * Index just past the end tag matching an element named `name` whose start tag ended before
 * `from`, counting nested elements of the same name. The skipped content is not validated beyond
 * that (it is not used).
 */
function skipElement(text: string, name: string, from: number, start: number): number {
  let depth = 1;
  let i = from;
  const open = '<' + name;
  const close = '</' + name;
  while (depth > 0) {
    const c = text.indexOf(close, i);
    if (c < 0) throw fileError(`<${name}> is not closed`, [], lineAt(text, start));
    let o = text.indexOf(open, i);
    while (o >= 0 && o < c) {
      const after = text.charCodeAt(o + open.length);
      if (after === 62) depth++;
      else if (isSpace(after)) {
        const gt = tagEnd(text, o);
        if (gt > 0 && text.charCodeAt(gt - 1) !== 47) depth++; // <name .../> opens and closes
      }
      o = text.indexOf(open, o + open.length);
    }
    const gt = text.indexOf('>', c);
    if (gt < 0) throw fileError(`<${name}> is not closed`, [], lineAt(text, start));
    const after = text.charCodeAt(c + close.length);
    if (isSpace(after) || after === 62) depth--;
    i = gt + 1;
  }
  return i;
}
