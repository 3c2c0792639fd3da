import { singleBoardCache, type BoardCache, type CachedBoard } from './boardCache';

const STORE = 'board';
const RECORD = 'last';

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The board cache in this browser's IndexedDB (database `whos-online`). */
export function indexedDbBoardCache(factory: IDBFactory = indexedDB, databaseName = 'whos-online'): BoardCache {
  let database: Promise<IDBDatabase> | null = null;
  const open = () => {
    database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(databaseName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return database;
  };
  const withStore = async <T>(mode: IDBTransactionMode, makeRequest: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    return requestResult(makeRequest(db.transaction(STORE, mode).objectStore(STORE)));
  };
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
