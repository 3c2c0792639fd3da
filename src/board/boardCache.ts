import type { DirectoryUser, PresenceRecord } from '../presence/types';

/** The last complete board of one signed-in person in one tenant. Never holds a token. */
export interface CachedBoard {
  /** Whose board: tenant and user (see `boardCacheKey`). */
  key: string;
  directorySavedAt: number;
  presenceSavedAt: number;
  users: DirectoryUser[];
  presence: PresenceRecord[];
}

/**
 * Keeps one board. Reading with another key (another account or tenant) clears what was kept,
 * so one person's directory is never shown to another.
 */
export interface BoardCache {
  read(key: string): Promise<CachedBoard | null>;
  write(board: CachedBoard): Promise<void>;
  /** On sign-out. */
  clear(): Promise<void>;
}

/** Where a cache keeps its single record. */
export interface RecordStorage<T> {
  get(): Promise<T | undefined>;
  put(value: T): Promise<void>;
  delete(): Promise<void>;
}

/** The cache rules over any storage; failures of the storage never reach the board. */
export function singleBoardCache(storage: RecordStorage<CachedBoard>): BoardCache {
  return {
    async read(key) {
      try {
        const board = await storage.get();
        if (!board) return null;
        if (board.key === key) return board;
        await storage.delete();
        return null;
      } catch {
        return null;
      }
    },
    async write(board) {
      try {
        await storage.put(board);
      } catch {
        // A full or unavailable storage only costs the next start its head start.
      }
    },
    async clear() {
      try {
        await storage.delete();
      } catch {
        // Nothing kept, nothing to clear.
      }
    },
  };
}

export function memoryBoardCache(): BoardCache {
  let kept: CachedBoard | undefined;
  return singleBoardCache({
    get: () => Promise.resolve(kept),
    put: (value) => {
      kept = structuredClone(value);
      return Promise.resolve();
    },
    delete: () => {
      kept = undefined;
      return Promise.resolve();
    },
  });
}

/** What a kept board belongs to: whose it is, from which Graph, which view, and whether emulated. */
export interface BoardCacheScope {
  identity: { tenantId: string; userId: string };
  graphBaseUrl: string;
  /** A team's group id, or null for the whole organisation. */
  groupId: string | null;
  /** The emulated tenant's size, when the data is emulated (a different tenant per size). */
  emulatedUsers: number | null;
}

export function boardCacheKey({ identity, graphBaseUrl, groupId, emulatedUsers }: BoardCacheScope): string {
  const view = groupId ?? 'organisation';
  const emulated = emulatedUsers === null ? '' : `#emulated-${emulatedUsers}`;
  return `${identity.tenantId}/${identity.userId}@${graphBaseUrl}#${view}${emulated}`;
}
