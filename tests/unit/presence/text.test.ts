import { describe, expect, it } from 'vitest';
import { htmlToPlainText } from '../../../src/presence/text';

describe('htmlToPlainText', () => {
  it('removes tags and keeps their text', () => {
    expect(htmlToPlainText('<p>On the <b>support rota</b> today</p>')).toBe('On the support rota today');
  });

  it('drops scripts and styles with their content', () => {
    expect(htmlToPlainText('Hi<script>alert(1)</script><style>p{}</style> there')).toBe('Hi there');
  });

  it('decodes entities once, so encoded markup stays text', () => {
    expect(htmlToPlainText('Tom &amp; Jerry &lt;b&gt; &#233;t&#xE9; &nbsp;ok')).toBe('Tom & Jerry <b> été ok');
  });

  it('turns line breaks and paragraphs into spaces and folds white space', () => {
    expect(htmlToPlainText('<p>one</p><p>two</p>line<br/>three\n\n  four')).toBe('one two line three four');
  });
});
