import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { boardCacheKey, memoryBoardCache, singleBoardCache, type BoardCache, type CachedBoard } from '../../../src/board/boardCache';
import { indexedDbBoardCache } from '../../../src/board/indexedDbBoardCache';

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
