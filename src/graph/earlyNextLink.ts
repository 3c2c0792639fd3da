/**
 * Graph writes `@odata.nextLink` before `value` in a page. Reading it from the first bytes lets
 * the next page be asked for while the rest of this one is still arriving.
 *
 * Returns the link when the text so far has it before the first `[`; null when the list began
 * without one; undefined when more text is needed. Anything unusual gives null: the link is then
 * read from the whole page as usual.
 */
export function findLeadingNextLink(text: string): string | null | undefined {
  const listStart = text.indexOf('[');
  const head = listStart === -1 ? text : text.slice(0, listStart);
  const match = /"@odata\.nextLink"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(head);
  if (match) {
    try {
      return JSON.parse(`"${match[1]}"`) as string;
    } catch {
      return null;
    }
  }
  return listStart === -1 && text.length < 65_536 ? undefined : null;
}

/** Reads a whole body as text, telling `onNextLink` the page's next link as soon as it shows. */
export async function readTextWatchingNextLink(body: ReadableStream<Uint8Array>, onNextLink: (link: string) => void): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let watching = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (watching) {
      const link = findLeadingNextLink(text);
      if (link !== undefined) watching = false;
      if (typeof link === 'string') onNextLink(link);
    }
  }
  return text + decoder.decode();
}
