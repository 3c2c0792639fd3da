import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { PhotoStore } from '@/board/photoStore';
import { getPhotos, MAX_REQUESTS_PER_BATCH } from '@/graph/photos';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

const batches = (emulator: ReturnType<typeof graph.start>) => emulator.requests.filter((r) => r.url.endsWith('/$batch'));

function settled(store: PhotoStore, ids: readonly string[]): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (ids.every((id) => store.photoOf(id) !== undefined)) resolve();
    };
    store.subscribe(check);
    check();
  });
}

describe('photos', () => {
  it('keeps at most maxPhotos, dropping those kept longest, and asks again for a dropped one that is wanted', async () => {
    const emulator = graph.start({ users: 60 });
    const store = new PhotoStore({ client: testClient(), gatherMs: 1, maxPhotos: 20 });
    const first = emulator.users.slice(0, 20).map((u) => u.id);
    const next = emulator.users.slice(20, 40).map((u) => u.id);
    store.want(first);
    await settled(store, first);
    store.want(next);
    await settled(store, next);
    expect(first.filter((id) => store.photoOf(id) !== undefined)).toEqual([]);
    const asked = batches(emulator).length;
    store.want(first.slice(0, 3));
    await settled(store, first.slice(0, 3));
    expect(batches(emulator).length).toBe(asked + 1);
    store.dispose();
  });

  it('asks for 20 users in one $batch and gives a picture, or none for a user without a photo', async () => {
    const emulator = graph.start({ users: 40 });
    const ids = emulator.users.slice(0, MAX_REQUESTS_PER_BATCH).map((u) => u.id);
    const answers = await getPhotos(testClient(), ids);
    expect(batches(emulator)).toHaveLength(1);
    expect(batches(emulator)[0]!.batchUrls).toEqual(ids.map((id) => `/users/${id}/photos/48x48/$value`));
    for (const id of ids) {
      const answer = answers.get(id)!;
      if (emulator.hasPhoto(id)) expect(answer.kind === 'photo' && answer.url.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
      else expect(answer).toEqual({ kind: 'none' });
    }
    await expect(
      getPhotos(
        testClient(),
        emulator.users.slice(0, 21).map((u) => u.id),
      ),
    ).rejects.toThrow(RangeError);
  });

  it('asks only for the people it is told are on screen, once each for the session, 20 to a batch', async () => {
    const emulator = graph.start({ users: 500 });
    const store = new PhotoStore({ client: testClient(), gatherMs: 1 });
    const onScreen = emulator.users.slice(100, 145).map((u) => u.id);
    store.want(onScreen);
    await settled(store, onScreen);
    expect(batches(emulator).map((r) => r.idCount)).toEqual([20, 20, 5]);
    const asked = batches(emulator).flatMap((r) => r.batchUrls ?? []);
    expect(new Set(asked)).toEqual(new Set(onScreen.map((id) => `/users/${id}/photos/48x48/$value`)));

    // The same people again (a refresh, a scroll back): nothing more is asked.
    store.want(onScreen);
    await new Promise((r) => setTimeout(r, 20));
    expect(batches(emulator)).toHaveLength(3);
    expect(onScreen.filter((id) => store.photoOf(id) === null).every((id) => !emulator.hasPhoto(id))).toBe(true);
    store.dispose();
  });

  it('a throttled item inside the batch is "later", not "no photo"', async () => {
    const emulator = graph.start({ users: 30 });
    const ids = emulator.users.slice(0, 3).map((u) => u.id);
    graph.server.use(
      http.post('https://graph.microsoft.com/v1.0/$batch', () =>
        HttpResponse.json({
          responses: [
            { id: '1', status: 429, headers: { 'Retry-After': '5' }, body: { error: { code: 'TooManyRequests' } } },
            { id: '2', status: 404, body: { error: { code: 'ImageNotFound' } } },
            { id: '3', status: 200, headers: { 'Content-Type': 'text/html' }, body: 'PHNjcmlwdD4=' },
          ],
        }),
      ),
    );
    const answers = await getPhotos(testClient(), ids);
    expect([...answers.values()]).toEqual([{ kind: 'later' }, { kind: 'none' }, { kind: 'none' }]);
  });

  it('after a failed batch, those people keep initials and are asked for again only after a while', async () => {
    const emulator = graph.start({ users: 30 });
    let now = 0;
    const store = new PhotoStore({ client: testClient({ maxAttempts: 1 }), gatherMs: 1, retryAfterMs: 1000, now: () => now });
    const ids = emulator.users.slice(0, 10).map((u) => u.id);
    emulator.unavailableRate = 1;
    store.want(ids);
    await vi.waitFor(() => expect(batches(emulator)).toHaveLength(1), { timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 10));
    emulator.unavailableRate = 0;
    expect(ids.every((id) => store.photoOf(id) === undefined)).toBe(true);
    store.want(ids);
    await new Promise((r) => setTimeout(r, 20));
    expect(batches(emulator)).toHaveLength(1);
    now = 2000;
    store.want(ids);
    await settled(store, ids);
    expect(batches(emulator)).toHaveLength(2);
    expect(ids.filter((id) => emulator.hasPhoto(id)).every((id) => store.photoOf(id)?.startsWith('data:image/png'))).toBe(true);
    store.dispose();
  });
});
