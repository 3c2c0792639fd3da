import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { boardCacheKey, memoryBoardCache, singleBoardCache, type BoardCache, type CachedBoard } from '@/board/boardCache';
import { BoardStore } from '@/board/boardStore';
import { indexedDbBoardCache } from '@/board/indexedDbBoardCache';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

const board = (key: string): CachedBoard => ({
  key,
  directorySavedAt: 1,
  presenceSavedAt: 2,
  users: [{ id: 'a', displayName: 'Ana', mail: null, userPrincipalName: null }],
  presence: [{ id: 'a', availability: 'Available', activity: 'Available', statusMessage: null, isOutOfOffice: false }],
});

describe.each([
  ['in memory', () => memoryBoardCache()],
  ['in IndexedDB', () => indexedDbBoardCache(new IDBFactory())],
] as Array<[string, () => BoardCache]>)('board cache %s', (_name, makeCache) => {
  it('gives back the board kept for the same person', async () => {
    const cache = makeCache();
    await cache.write(board('t1/u1@g'));
    expect(await cache.read('t1/u1@g')).toEqual(board('t1/u1@g'));
  });

  it('forgets the board when another person reads, so it is never shown to them or back to the first', async () => {
    const cache = makeCache();
    await cache.write(board('t1/u1@g'));
    expect(await cache.read('t1/u2@g')).toBeNull();
    expect(await cache.read('t1/u1@g')).toBeNull();
  });

  it('forgets everything on clear', async () => {
    const cache = makeCache();
    await cache.write(board('k'));
    await cache.clear();
    expect(await cache.read('k')).toBeNull();
  });
});

describe('singleBoardCache', () => {
  it('never lets a failing storage break the board', async () => {
    const broken = singleBoardCache({
      get: () => Promise.reject(new Error('quota')),
      put: () => Promise.reject(new Error('quota')),
      delete: () => Promise.reject(new Error('quota')),
    });
    await expect(broken.read('k')).resolves.toBeNull();
    await expect(broken.write(board('k'))).resolves.toBeUndefined();
    await expect(broken.clear()).resolves.toBeUndefined();
  });

  it("keys by tenant, user, Graph host, view and emulated tenant, so none of them shows another's board", () => {
    const scope = {
      identity: { tenantId: 't', userId: 'u' },
      graphBaseUrl: 'https://graph.microsoft.us/v1.0',
      groupId: null,
      emulatedUsers: null,
    };
    const keys = [
      boardCacheKey(scope),
      boardCacheKey({ ...scope, identity: { tenantId: 't', userId: 'other' } }),
      boardCacheKey({ ...scope, graphBaseUrl: 'https://graph.microsoft.com/v1.0' }),
      boardCacheKey({ ...scope, groupId: 'g' }),
      boardCacheKey({ ...scope, emulatedUsers: 250 }),
      boardCacheKey({ ...scope, emulatedUsers: 50_000 }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe('t/u@https://graph.microsoft.us/v1.0#organisation');
  });
});

describe('storage that misbehaves', () => {
  const KEY = 't/u@g';
  const own = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
  afterEach(() => {
    if (own) Object.defineProperty(globalThis, 'indexedDB', own);
    else delete (globalThis as { indexedDB?: unknown }).indexedDB;
  });

  it('reading window.indexedDB throws (blocked cookies, a sandboxed frame): the cache keeps the board in memory instead', async () => {
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    const cache = indexedDbBoardCache();
    expect(await cache.read(KEY)).toBeNull();
    await cache.write(board(KEY));
    expect(await cache.read(KEY)).toEqual(board(KEY));
    await cache.clear();
    expect(await cache.read(KEY)).toBeNull();
  });

  it('a board whose cache has no IndexedDB at all loads from Graph', async () => {
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    graph.start({ users: 30 });
    const store = new BoardStore({ client: testClient(), cache: indexedDbBoardCache(), cacheKey: KEY, notifyIntervalMs: 1 });
    await store.start();
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', error: null });
    expect(store.getSnapshot().users).toHaveLength(30);
  });

  it('an IndexedDB open that never answers: the cache gives up after its time limit and falls back to memory', async () => {
    let opened = 0;
    const neverAnswers = {
      open: () => {
        opened++;
        return {} as IDBOpenDBRequest;
      },
    } as unknown as IDBFactory;
    const cache = indexedDbBoardCache(neverAnswers, 'whos-online', { openTimeoutMs: 10 });
    expect(await cache.read(KEY)).toBeNull();
    await cache.write(board(KEY));
    expect(await cache.read(KEY)).toEqual(board(KEY));
    expect(opened).toBe(1);
  }, 5000);

  it('a board whose IndexedDB never answers loads from Graph instead of showing "Loading people… 0" for ever', async () => {
    graph.start({ users: 30 });
    const neverAnswers = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const store = new BoardStore({
      client: testClient(),
      cache: indexedDbBoardCache(neverAnswers, 'whos-online', { openTimeoutMs: 10 }),
      cacheKey: KEY,
      notifyIntervalMs: 1,
    });
    await store.start();
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', error: null });
    expect(store.getSnapshot().users).toHaveLength(30);
  }, 5000);

  it('any cache whose read never answers: the board stops waiting after its time limit and loads from Graph', async () => {
    graph.start({ users: 30 });
    const stuck: BoardCache = { read: () => new Promise(() => undefined), write: () => Promise.resolve(), clear: () => Promise.resolve() };
    const store = new BoardStore({ client: testClient(), cache: stuck, cacheKey: KEY, cacheReadTimeoutMs: 10, notifyIntervalMs: 1 });
    await store.start();
    expect(store.getSnapshot().users).toHaveLength(30);
  }, 5000);
});
