import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../../src/emulator/nodeServer';

interface DeltaPage {
  value: Array<{ id: string; displayName?: string; '@removed'?: { reason: string } }>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const APP_TOKEN = { Authorization: 'Bearer app-only-token' };

async function round(url: string): Promise<{ items: DeltaPage['value']; deltaLink: string; pages: number }> {
  const items: DeltaPage['value'] = [];
  let next = url;
  let pages = 0;
  for (;;) {
    const answer = await fetch(next, { headers: APP_TOKEN });
    expect(answer.status).toBe(200);
    const page = (await answer.json()) as DeltaPage;
    pages++;
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'], pages };
    expect(page['@odata.nextLink']).toBeDefined();
    next = page['@odata.nextLink']!;
  }
}

describe('the emulated users delta query', () => {
  let server: EmulatorServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lists everyone first (nextLink pages, then a deltaLink), then only what changed, with deleted people @removed', async () => {
    server = await startEmulatorServer({ users: 250, maxPageSize: 100 });
    const { emulator, baseUrl } = server;
    const first = await round(`${baseUrl}/users/delta?$select=id,displayName`);
    expect(first.pages).toBe(3);
    expect(new Set(first.items.map((u) => u.id))).toEqual(new Set(emulator.users.map((u) => u.id)));
    expect(Object.keys(first.items[0]!).sort()).toEqual(['displayName', 'id']);

    const quiet = await round(first.deltaLink);
    expect(quiet.items).toEqual([]);

    const gone = emulator.users[3]!.id;
    const renamed = emulator.users[7]!.id;
    emulator.removeUser(gone);
    emulator.updateUser(renamed, { displayName: 'Renamed Person' });
    const added = emulator.addUser({ displayName: 'Brand New' });
    const changes = await round(quiet.deltaLink);
    const byId = new Map(changes.items.map((u) => [u.id, u]));
    expect(byId.size).toBe(3);
    expect(byId.get(gone)).toEqual({ id: gone, '@removed': { reason: 'deleted' } });
    expect(byId.get(renamed)?.displayName).toBe('Renamed Person');
    expect(byId.get(added.id)?.displayName).toBe('Brand New');
    expect(emulator.users).toHaveLength(250);

    // The app-only listing is logged like any other call, bearer token and all.
    expect(emulator.requests.every((r) => r.authorization === 'Bearer app-only-token')).toBe(true);
  });

  it('answers 410 Gone to a stale token, 400 to a garbled one, and 401 without a token', async () => {
    server = await startEmulatorServer({ users: 20 });
    const { emulator, baseUrl } = server;
    const first = await round(`${baseUrl}/users/delta`);
    emulator.expireDeltaTokens();
    expect((await fetch(first.deltaLink, { headers: APP_TOKEN })).status).toBe(410);
    expect((await fetch(`${baseUrl}/users/delta?$deltatoken=garbage`, { headers: APP_TOKEN })).status).toBe(400);
    expect((await fetch(`${baseUrl}/users/delta`)).status).toBe(401);
  });

  it('$deltatoken=latest lists no one and gives a deltaLink from now on ("sync from now", delta-query-overview)', async () => {
    server = await startEmulatorServer({ users: 250, maxPageSize: 100 });
    const { emulator, baseUrl } = server;
    const before = emulator.users[5]!.id;
    emulator.removeUser(before);
    const answer = await fetch(`${baseUrl}/users/delta?$select=id,displayName&$deltatoken=latest`, { headers: APP_TOKEN });
    expect(answer.status).toBe(200);
    const page = (await answer.json()) as DeltaPage;
    expect(page.value).toEqual([]);
    expect(page['@odata.nextLink']).toBeUndefined();
    expect(page['@odata.deltaLink']).toMatch(/\/users\/delta\?\$deltatoken=/);

    // Only what changed after the mark (not the one removed before it), with the $select asked with it.
    const added = emulator.addUser({ displayName: 'Brand New' });
    const changes = await round(page['@odata.deltaLink']!);
    expect(changes.items).toEqual([{ id: added.id, displayName: 'Brand New' }]);
    // A $select naming no property of a user is refused as in a first request.
    expect((await fetch(`${baseUrl}/users/delta?$select=nope&$deltatoken=latest`, { headers: APP_TOKEN })).status).toBe(400);
  });
});
