import { MAX_IDS_PER_PRESENCE_CALL } from '../graph/presence';

/**
 * Packs the ids of users pages into presence calls of up to 650 ids, so a load makes about
 * ⌈N / 650⌉ presence calls instead of two per 999-user page: the first page is asked for at
 * once (the first people appear after two round trips), full calls go out as soon as they fill,
 * and ids left over wait for at most one more page.
 */
export class IdBatcher {
  private held: string[] = [];
  private pages = 0;

  constructor(private readonly max = MAX_IDS_PER_PRESENCE_CALL) {}

  /** Takes a page's ids; returns the calls to make now. */
  add(ids: readonly string[]): string[][] {
    const first = this.pages++ === 0;
    const olderHeld = this.held.length;
    const buffer = this.held.concat(ids);
    this.held = [];
    if (first && buffer.length <= this.max) return buffer.length > 0 ? [buffer] : [];
    const fullLength = buffer.length - (buffer.length % this.max);
    const calls: string[][] = [];
    for (let i = 0; i < fullLength; i += this.max) calls.push(buffer.slice(i, i + this.max));
    const rest = buffer.slice(fullLength);
    // Ids held from an earlier page are in `rest` when the full calls did not take them all.
    if (rest.length > 0 && olderHeld > fullLength) calls.push(rest);
    else this.held = rest;
    return calls;
  }

  /** The ids still held, as one last call, when no page will come. */
  flush(): string[][] {
    const rest = this.held;
    this.held = [];
    return rest.length > 0 ? [rest] : [];
  }
}
