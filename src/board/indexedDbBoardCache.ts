import { memoryBoardCache, singleBoardCache, type BoardCache, type CachedBoard } from './boardCache';

const STORE = 'board';
const RECORD = 'last';

/** How long opening the database may take before the cache keeps the board in memory instead. */
export const OPEN_TIMEOUT_MS = 2000;

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Opens the database, or resolves null when there is none to be had: reading `indexedDB` throws
 * (blocked cookies, a sandboxed frame), it is absent, `open` throws or fails, or it has not
 * answered within `timeoutMs` (a database that answers later is closed at once).
 */
function openDatabase(factory: () => IDBFactory | undefined, name: string, timeoutMs: number): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (db: IDBDatabase | null) => {
      if (settled) {
        db?.close();
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(db);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    try {
      const found = factory();
      if (!found) {
        done(null);
        return;
      }
      const request = found.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => done(request.result);
      request.onerror = () => done(null);
    } catch {
      done(null);
    }
  });
}

export interface IndexedDbBoardCacheOptions {
  /** Default OPEN_TIMEOUT_MS. */
  openTimeoutMs?: number;
}

/**
 * The board cache in this browser's IndexedDB (database `whos-online`). Where IndexedDB cannot be
 * had (see openDatabase) the board is kept in memory for the visit instead: the cache never stops
 * the board from loading.
 */
export function indexedDbBoardCache(
  factory: IDBFactory | (() => IDBFactory | undefined) = () => globalThis.indexedDB,
  databaseName = 'whos-online',
  { openTimeoutMs = OPEN_TIMEOUT_MS }: IndexedDbBoardCacheOptions = {},
): BoardCache {
  const getFactory = typeof factory === 'function' ? factory : () => factory;
  let chosen: Promise<BoardCache> | null = null;
  const choose = () =>
    (chosen ??= openDatabase(getFactory, databaseName, openTimeoutMs).then((db) => (db ? databaseCache(db) : memoryBoardCache())));
  return {
    read: async (key) => (await choose()).read(key),
    write: async (board) => (await choose()).write(board),
    clear: async () => (await choose()).clear(),
  };
}

function databaseCache(db: IDBDatabase): BoardCache {
  const withStore = <T>(mode: IDBTransactionMode, makeRequest: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> =>
    requestResult(makeRequest(db.transaction(STORE, mode).objectStore(STORE)));
  return singleBoardCache({
    get: () => withStore<CachedBoard | undefined>('readonly', (s) => s.get(RECORD) as IDBRequest<CachedBoard | undefined>),
    put: async (value) => {
      await withStore('readwrite', (s) => s.put(value, RECORD));
    },
    delete: async () => {
      await withStore('readwrite', (s) => s.delete(RECORD));
    },
  });
}
