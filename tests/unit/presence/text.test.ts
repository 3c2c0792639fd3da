import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToPlainText, MAX_MESSAGE_INPUT } from '@/presence/text';
import { seeded } from '../properties/seed';

/** How much of a message is read (4 KB: a status message holds 280 characters; an automatic reply rarely more). */
const LIMIT = 4096;

/**
 * The regex pipeline the board used to strip HTML with, kept here as the reference: the linear
 * stripper must give the same text for every input it reads whole (its regexes took seconds, or a
 * minute, on a long message full of unclosed tags).
 */
function referenceStrip(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  const decode = (entity: string, body: string) => {
    const hex = body.startsWith('#x') || body.startsWith('#X');
    if (hex || body.startsWith('#')) {
      const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return named[body.toLowerCase()] ?? entity;
  };
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li)>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, decode)
    .replace(/\s+/g, ' ')
    .trim();
}

describe('htmlToPlainText', () => {
  it('removes tags and keeps their text', () => {
    expect(htmlToPlainText('<p>On the <b>support rota</b> today</p>')).toBe('On the support rota today');
  });

  it('drops scripts and styles with their content', () => {
    expect(htmlToPlainText('Hi<script>alert(1)</script><style>p{}</style> there')).toBe('Hi there');
    expect(htmlToPlainText('a<SCRIPT type="x">1</script >b<style>2</STYLE>c')).toBe('a b c');
  });

  it('decodes entities once, so encoded markup stays text', () => {
    expect(htmlToPlainText('Tom &amp; Jerry &lt;b&gt; &#233;t&#xE9; &nbsp;ok')).toBe('Tom & Jerry <b> été ok');
  });

  it('turns line breaks and paragraphs into spaces and folds white space', () => {
    expect(htmlToPlainText('<p>one</p><p>two</p>line<br/>three\n\n  four')).toBe('one two line three four');
  });

  it('keeps a lone "<" that opens no tag, and a script that is never closed loses only its tag', () => {
    expect(htmlToPlainText('3 < 4 and 5 > 2')).toBe('3 2');
    expect(htmlToPlainText('a < b')).toBe('a < b');
    expect(htmlToPlainText('x<script>alert(1)')).toBe('xalert(1)');
  });

  it('gives the same text as the old regex pipeline for any message it reads whole', () => {
    const piece = fc.constantFrom(
      '<',
      '>',
      '/',
      ' ',
      '\n',
      'a',
      'B',
      '&',
      ';',
      '#',
      'x',
      '1',
      'amp',
      'lt',
      '#x41',
      '#65',
      'script',
      'SCRIPT',
      'style',
      'p',
      'br',
      'div',
      'li',
      '<script>',
      '</script>',
      '<style x>',
      '</style >',
      '<br/>',
      '</p>',
      'İ',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }).map((parts) => parts.join('')),
        (html) => {
          expect(htmlToPlainText(html)).toBe(referenceStrip(html));
        },
      ),
      seeded({ numRuns: 2000 }),
    );
  });

  it(`reads at most the first ${LIMIT.toLocaleString('en')} characters of a 400 KB message, and marks the cut`, () => {
    expect(MAX_MESSAGE_INPUT).toBe(LIMIT);
    const message = `${'<p>Away until <b>Monday</b></p>'.repeat(13_000)}THE END`;
    expect(message.length).toBeGreaterThan(400_000);
    const text = htmlToPlainText(message);
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toContain('THE END');
    expect(text.length).toBeLessThanOrEqual(LIMIT + 1);
    expect(text.startsWith('Away until Monday Away until Monday')).toBe(true);
  });

  it('strips 400 KB of unclosed tags and unclosed scripts (quadratic for backtracking regexes) to the right text', () => {
    // The old regexes needed about a minute for the first in Node; these finish in milliseconds.
    expect(htmlToPlainText('<'.repeat(400_000))).toBe(`${'<'.repeat(LIMIT - 1)}…`);
    expect(htmlToPlainText(`${'<script>'.repeat(50_000)}hello`)).toBe('');
    expect(htmlToPlainText(`x${'<a'.repeat(200_000)}`)).toBe(`x${'<a'.repeat(LIMIT / 2 - 1)}…`);
  });

  it('does not cut a tag, an entity or a surrogate pair in half at the limit', () => {
    const pad = 'a'.repeat(LIMIT - 3);
    expect(htmlToPlainText(`${pad}<b>bold</b>`)).toBe(`${pad}…`);
    expect(htmlToPlainText(`${pad}&amp; more`)).toBe(`${pad}…`);
    expect(htmlToPlainText(`${'a'.repeat(LIMIT - 1)}😀 more`)).toBe(`${'a'.repeat(LIMIT - 1)}…`);
  });
});
