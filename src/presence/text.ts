const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * How much of a message is read: a status message holds at most 280 characters and an automatic
 * reply rarely more than a few hundred, while Graph passes on whatever HTML the mail client wrote.
 */
export const MAX_MESSAGE_INPUT = 4096;

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#x') || body.startsWith('#X')) {
    const code = Number.parseInt(body.slice(2), 16);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  }
  if (body.startsWith('#')) {
    const code = Number.parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
}

/**
 * The first MAX_MESSAGE_INPUT characters, and whether that is all. A cut never splits a
 * surrogate pair, and drops a tag or an entity the cut left open (it would show as text).
 */
export function cutMessage(html: string): { text: string; cut: boolean } {
  if (html.length <= MAX_MESSAGE_INPUT) return { text: html, cut: false };
  let end = MAX_MESSAGE_INPUT;
  const last = html.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  let text = html.slice(0, end);
  const open = text.lastIndexOf('<');
  if (open > text.lastIndexOf('>') && /^<([a-z/!]|$)/i.test(text.slice(open, open + 2))) text = text.slice(0, open);
  text = text.replace(/&#?[a-z0-9]*$/i, '');
  return { text, cut: true };
}

const RAW_TEXT_OPEN = /<(script|style)\b/gi;

/**
 * Replaces each `<script …>…</script>` and `<style …>…</style>` (any case) by a space, in one
 * pass: what `/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi` matches, without its backtracking
 * (every unclosed `<script>` made it scan to the end of the text again).
 */
function dropRawTextElements(html: string): string {
  let out = '';
  let copied = 0;
  // Where a search for each closing tag already failed: a later search from further on fails too.
  const noCloseFrom = new Map<string, number>();
  RAW_TEXT_OPEN.lastIndex = 0;
  for (let open = RAW_TEXT_OPEN.exec(html); open !== null; open = RAW_TEXT_OPEN.exec(html)) {
    const name = open[1]!.toLowerCase();
    const tagEnd = html.indexOf('>', open.index + open[0].length);
    // No `>` after this opening: no later one has one either.
    if (tagEnd === -1) break;
    const from = tagEnd + 1;
    if (from >= (noCloseFrom.get(name) ?? Infinity)) {
      RAW_TEXT_OPEN.lastIndex = open.index + 1;
      continue;
    }
    const close = new RegExp(`</${name}\\s*>`, 'gi');
    close.lastIndex = from;
    const closed = close.exec(html);
    if (closed === null) {
      noCloseFrom.set(name, from);
      RAW_TEXT_OPEN.lastIndex = open.index + 1;
      continue;
    }
    out += `${html.slice(copied, open.index)} `;
    copied = closed.index + closed[0].length;
    RAW_TEXT_OPEN.lastIndex = copied;
  }
  return out + html.slice(copied);
}

/** Removes every `<…>`, in one pass: what `/<[^>]*>/g` matches, without rescanning after an unclosed `<`. */
function dropTags(html: string): string {
  let out = '';
  let copied = 0;
  for (;;) {
    const open = html.indexOf('<', copied);
    if (open === -1) break;
    const close = html.indexOf('>', open + 1);
    // No `>` left: the rest holds no tag.
    if (close === -1) break;
    out += html.slice(copied, open);
    copied = close + 1;
  }
  return out + html.slice(copied);
}

/**
 * Graph status and out-of-office messages may be HTML. The board shows them as plain text:
 * scripts and styles dropped with their content, tags removed, entities decoded, white space folded.
 * Only the first MAX_MESSAGE_INPUT characters are read (a cut message ends in "…"), and every
 * step is linear in what is read. The result is still rendered as text, never as markup.
 */
export function htmlToPlainText(html: string): string {
  const { text, cut } = cutMessage(html);
  const plain = dropTags(dropRawTextElements(text).replace(/<br\s*\/?>|<\/(p|div|li)>/gi, ' '))
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, decodeEntity)
    .replace(/\s+/g, ' ')
    .trim();
  return cut && plain !== '' ? `${plain}…` : plain;
}
