import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { listUserPages, MAX_USERS_PAGES, usersPageLimit } from '@/graph/users';
import { describeError } from '@/ui/errorMessage';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const USERS = 'https://graph.microsoft.com/v1.0/users';
/** The hard cap on users pages: 200 pages of 999, about 200,000 people. */
const HARD_CAP = 200;
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/**
 * A server that never stops: every users page names a fresh next page. Graph writes
 * `@odata.nextLink` first, so the client sees it before the rest of the page.
 */
function endlessPages(options: { count?: number; pageSize?: number; delayMs?: number } = {}) {
  const asked: number[] = [];
  const aborted: number[] = [];
  graph.server.use(
    http.get(USERS, async ({ request }) => {
      const page = Number(new URL(request.url).searchParams.get('$skiptoken') ?? 0);
      asked.push(page);
      let answered = false;
      request.signal.addEventListener('abort', () => answered || aborted.push(page));
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      answered = true;
      return HttpResponse.json({
        ...(options.count === undefined ? {} : { '@odata.count': options.count }),
        '@odata.nextLink': `${USERS}?$skiptoken=${page + 1}`,
        value: Array.from({ length: options.pageSize ?? 5 }, () => ({ id: crypto.randomUUID(), displayName: `Page ${page}` })),
      });
    }),
  );
  return { asked, aborted };
}

describe('a users listing that never ends', () => {
  it(`stops after ${HARD_CAP} pages without @odata.count, says it was cut, and asks for nothing after`, async () => {
    graph.start();
    const server = endlessPages();
    let pages = 0;
    let cut: unknown = null;
    for await (const page of listUserPages(testClient())) {
      pages++;
      cut = page.cut;
      if (pages > 10 * HARD_CAP) break; // a listing that ignores every bound: fail, do not run out of memory
    }
    expect(MAX_USERS_PAGES).toBe(HARD_CAP);
    expect(pages).toBe(HARD_CAP);
    expect(cut).toMatchObject({ kind: 'cut-short' });
    expect(server.asked.length).toBeLessThanOrEqual(HARD_CAP + 1);
    const atEnd = server.asked.length;
    await settle();
    expect(server.asked.length).toBe(atEnd);
  });

  it('stops near what @odata.count says the directory holds', async () => {
    graph.start();
    const server = endlessPages({ count: 3000, pageSize: 999 });
    const limit = usersPageLimit(3000, 999);
    expect(limit).toBeLessThan(10);
    let people = 0;
    let pages = 0;
    for await (const page of listUserPages(testClient())) {
      pages++;
      people += page.users.length;
      if (pages > 10 * HARD_CAP) break;
    }
    expect(pages).toBe(limit);
    expect(people).toBeGreaterThanOrEqual(3000);
    expect(server.asked.length).toBeLessThanOrEqual(limit + 1);
  });

  it('asks at most one page ahead of a slow reader', async () => {
    graph.start();
    const server = endlessPages();
    let read = 0;
    let mostAhead = 0;
    for await (const page of listUserPages(testClient())) {
      void page;
      read++;
      // The reader takes its time over each page; meanwhile the next page arrives (and names the one after).
      await settle();
      mostAhead = Math.max(mostAhead, server.asked.length - read);
      if (read === 10) break;
    }
    expect(mostAhead).toBe(1);
    const atEnd = server.asked.length;
    await settle();
    expect(server.asked.length).toBe(atEnd);
    expect(atEnd).toBeLessThanOrEqual(11);
  });

  it('aborts the page in flight when the reader stops early', async () => {
    graph.start();
    const server = endlessPages({ delayMs: 30 });
    for await (const page of listUserPages(testClient())) {
      void page;
      break;
    }
    await settle();
    // Page 1 was asked for ahead (its link came with page 0) and given up when the listing ended.
    expect(server.asked).toEqual([0, 1]);
    expect(server.aborted).toEqual([1]);
  });

  it('the board shows the people listed so far, with their presence, and a notice that the listing was cut', async () => {
    graph.start();
    endlessPages({ count: 100, pageSize: 50 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    await store.load();
    const state = store.getSnapshot();
    const limit = usersPageLimit(100, 50);
    expect(state.phase).toBe('ready');
    expect(state.users).toHaveLength(limit * 50);
    expect(state.error).toMatchObject({ kind: 'cut-short' });
    expect(describeError(state.error).title).toBe('Directory listing cut short');
    expect(state.presenceUnavailable).toBe(0);
    expect(state.presence.size).toBe(limit * 50);
    expect(describeError(state.error).body).toContain(`stopped after ${limit} pages (${limit * 50} people); it said it holds 100.`);
  });
});

describe('usersPageLimit', () => {
  it('allows the pages @odata.count implies at the page size seen, with slack; never more than the hard cap', () => {
    expect(usersPageLimit(null, 999)).toBe(MAX_USERS_PAGES);
    expect(usersPageLimit(2500, 999)).toBe(5);
    expect(usersPageLimit(1000, 137)).toBe(11);
    expect(usersPageLimit(0, 0)).toBe(2);
    expect(usersPageLimit(10_000_000, 999)).toBe(MAX_USERS_PAGES);
  });
});
