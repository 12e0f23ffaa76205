import { describe, expect, it } from 'vitest';
import { MarginInputError } from '../../src/schema/MarginInputError.js';
import { SKIP_ELEMENT, scanXml, type XmlHandler } from '../../src/span/scanXml.js';

/** Records the events as strings: `<name a=v>`, `"text"`, `</name>`. */
function events(xml: string, skip: string[] = []): string[] {
  const out: string[] = [];
  const h: XmlHandler = {
    open(name, attributes) {
      out.push(`<${name}${(attributes ?? []).map(([k, v]) => ` ${k}=${v}`).join('')}>`);
      return skip.includes(name) ? SKIP_ELEMENT : undefined;
    },
    text(value) {
      if (value.trim()) out.push(JSON.stringify(value));
    },
    close(name) {
      out.push(`</${name}>`);
    },
  };
  scanXml(xml, h);
  return out;
}

function failure(xml: string): { line?: number; message: string } {
  try {
    events(xml);
  } catch (e) {
    expect(e).toBeInstanceOf(MarginInputError);
    const i = (e as MarginInputError).issues[0]!;
    expect(i.code).toBe('invalid_span_file');
    return { line: i.line, message: i.message };
  }
  throw new Error('expected a failure');
}

describe('scanXml: the subset of XML SPAN files use', () => {
  it('elements, text, declaration, comments, DOCTYPE, self-closing tags', () => {
    expect(events('<?xml version="1.0"?>\n<!DOCTYPE spanFile>\n<!-- a comment -->\n<a><b>1</b><c/><!-- <d>not an element</d> --></a>')).toEqual(['<a>', '<b>', '"1"', '</b>', '<c>', '</c>', '</a>']);
  });

  it('the five predefined entities and character references are decoded', () => {
    expect(events('<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</a>')).toEqual(['<a>', JSON.stringify('<>&"\'AB'), '</a>']);
  });

  it('CDATA arrives as raw text, markup inside it is not parsed', () => {
    expect(events('<a><![CDATA[<b>&amp;</b>]]></a>')).toEqual(['<a>', JSON.stringify('<b>&amp;</b>'), '</a>']);
  });

  it('attributes, quoted either way, with entities and a ">" inside the value', () => {
    expect(events(`<a x="1 &amp; 2" y='>'><b z="q"/></a>`)).toEqual(['<a x=1 & 2 y=>>', '<b z=q>', '</b>', '</a>']);
  });

  it('a skipped element is passed over with everything inside, nested same-name elements included', () => {
    expect(events('<a><s><s>1</s><s/><s k="v"/></s><b>2</b></a>', ['s'])).toEqual(['<a>', '<s>', '</s>', '<b>', '"2"', '</b>', '</a>']);
  });

  it('a byte-order mark is allowed', () => {
    expect(events('\ufeff<a/>')).toEqual(['<a>', '</a>']);
  });

  it.each([
    ['mismatched end tag', '<a>\n<b>\n</a>', 3, 'does not match'],
    ['unclosed root', '<a>\n<b></b>\n', 3, 'not closed'],
    ['unknown entity', '<a>\n&nbsp;</a>', 2, 'unknown entity'],
    ['unterminated entity', '<a>&amp</a>', 1, 'unterminated entity'],
    ['bad character reference', '<a>&#xZZ;</a>', 1, 'invalid character reference'],
    ['unterminated comment', '<a>\n<!-- x</a>', 2, 'unterminated comment'],
    ['unterminated CDATA', '<a><![CDATA[x</a>', 1, 'unterminated CDATA'],
    ['text outside the root', '<a/>\nstray', 2, 'outside the root'],
    ['second root', '<a/>\n<b/>', 2, 'second root'],
    ['internal DTD subset', '<!DOCTYPE a [<!ENTITY x "y">]><a/>', 1, 'internal subset'],
    ['malformed attribute', '<a x=1/>', 1, 'malformed attributes'],
    ['invalid name', '<1a/>', 1, 'invalid element name'],
    ['end tag without start', '</a>', 1, 'without a start tag'],
    ['empty text', '', 1, 'no root element'],
  ])('%s is a typed error with its line', (_name, xml, line, message) => {
    const f = failure(xml);
    expect(f.line).toBe(line);
    expect(f.message).toContain(message);
  });
});
