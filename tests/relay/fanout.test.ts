import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type EmulatorServer } from '../../src/emulator/nodeServer';
import { MemoryBackplane } from '../../relay/memoryBackplane';
import type { RunningRelay } from '../../relay/server';
import { startTestIssuer, type TestIssuer } from './support/keys';
import { streamUrl, testRelay } from './support/relays';
import { TestViewer } from './support/sse';

function truth(emulator: EmulatorServer, id: string): string {
  return emulator.emulator.presenceOf(id)!.availability;
}

describe('fan-out over Server-Sent Events', () => {
  let emulator: EmulatorServer;
  let issuer: TestIssuer;
  let relay: RunningRelay;
  let auth: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulatorServer({ users: 1_000 });
    issuer = await startTestIssuer();
    relay = await testRelay(emulator, new MemoryBackplane(), issuer.jwksTemplate, { ringSize: 3 });
    auth = { Authorization: `Bearer ${await issuer.sign()}` };
  });
  afterAll(async () => {
    await relay.close();
    await issuer.close();
    await emulator.close();
  });

  it('sends the whole board at once, then only the people whose presence changed', async () => {
    const viewer = await TestViewer.open(streamUrl(relay), auth);
    await viewer.until(() => viewer.board.size === 1_000, 10_000, 'a full snapshot');
    // Before the first sweep ends the board is empty (a snapshot without an id); the first sweep's board follows.
    expect(viewer.events[0]!.event).toBe('snapshot');
    expect(viewer.eventsOf('snapshot').at(-1)!.id).toMatch(/^[\w-]+:\d+$/);
    expect(viewer.eventsOf('status').at(-1)).toBeDefined();
    expect(viewer.status?.staleSince).toBeNull();
    const record = [...viewer.board.values()][0]!;
    // The emulated tenant says where people work (workLocation), as Graph does where the tenant has it.
    expect(Object.keys(record).sort()).toEqual([
      'activity',
      'availability',
      'id',
      'isOutOfOffice',
      'outOfOfficeMessage',
      'statusMessage',
      'workLocation',
    ]);

    const id = emulator.emulator.users[5]!.id;
    const next = truth(emulator, id) === 'Busy' ? 'Away' : 'Busy';
    emulator.emulator.setPresence(id, { availability: next as 'Busy', activity: next as 'Busy' });
    await viewer.until(() => viewer.board.get(id)?.availability === next, 10_000, 'the change');
    const change = viewer.eventsOf('changes').at(-1)!;
    const body = JSON.parse(change.data) as { upserts: Array<{ id: string }>; removed: string[]; seenAt: number };
    expect(body.upserts.map((u) => u.id)).toEqual([id]);
    expect(body.removed).toEqual([]);
    expect(typeof body.seenAt).toBe('number');
    viewer.close();
  });

  it('resumes from Last-Event-ID without loss, and sends a snapshot when the gap is older than its log', async () => {
    const viewer = await TestViewer.open(streamUrl(relay), auth);
    await viewer.until(() => viewer.board.size === 1_000);
    viewer.close();
    const resumeFrom = viewer.lastEventId!;
    const changedIds = emulator.emulator.users.slice(100, 102).map((u) => u.id);
    for (const id of changedIds) emulator.emulator.setPresence(id, { availability: 'BeRightBack', activity: 'BeRightBack' });
    const hub = relay.hubs.values().next().value!;
    const before = hub.seq;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (changedIds.every((id) => hub.board.get(id)?.availability === 'BeRightBack') && hub.seq > before) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const snapshotsBefore = viewer.eventsOf('snapshot').length;
    await viewer.reconnect(streamUrl(relay), auth);
    await viewer.until(() => changedIds.every((id) => viewer.board.get(id)?.availability === 'BeRightBack'), 10_000, 'the missed changes');
    expect(viewer.eventsOf('snapshot').length).toBe(snapshotsBefore); // resumed, no snapshot
    expect(viewer.lastEventId).not.toBe(resumeFrom);
    viewer.close();

    // Four changes later, a log of three no longer reaches back: a snapshot instead.
    const old = viewer.lastEventId!;
    for (let round = 0; round < 4; round++) {
      const seq = hub.seq;
      const id = emulator.emulator.users[200 + round]!.id;
      const next = truth(emulator, id) === 'Busy' ? 'Away' : 'Busy';
      emulator.emulator.setPresence(id, { availability: next as 'Busy', activity: next as 'Busy' });
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (hub.seq > seq) {
            clearInterval(check);
            resolve();
          }
        }, 20);
      });
    }
    const late = await TestViewer.open(streamUrl(relay), { ...auth, 'Last-Event-ID': old });
    await late.until(() => late.events.length > 0);
    expect(late.events[0]!.event).toBe('snapshot');
    for (const u of emulator.emulator.users.slice(200, 204)) expect(late.board.get(u.id)?.availability).toBe(truth(emulator, u.id));
    late.close();
  });

  it('keeps a quiet stream alive with comment lines', async () => {
    const answer = await fetch(streamUrl(relay), { headers: auth });
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    const reader = answer.body!.getReader();
    let text = '';
    const deadline = Date.now() + 3_000;
    while (!text.includes(': keep-alive') && Date.now() < deadline) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain(': keep-alive');
    await reader.cancel();
  });
});
