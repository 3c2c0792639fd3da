import { Redis } from 'ioredis';
import type { Logger } from './log';
import { errorText } from './log';
import type { Backplane, BoardState, Commit, CommitResult, EventBody, PresenceRecord, StoredEvent } from './types';

const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 0`;

// KEYS: lease, epoch, seq, board, log, meta.
// ARGV: owner, newEpoch, kind, sweptAt, intervalMs, deltaLink ('' for none), logMax, channel, body,
//       expectEpoch ('' for none), expectSeq, nUpserts, id/json pairs…, removed ids…
// Returns false when owner does not hold the lease; {'conflict', epoch or '', seq} when a changes or swept
// commit finds no board, or another board than the one it expects; else {epoch, seq}.
const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
local epoch = redis.call('GET', KEYS[2])
local seq = tonumber(redis.call('GET', KEYS[3]) or '0')
if ARGV[3] ~= 'reset' then
  if (not epoch) or (ARGV[10] ~= '' and (epoch ~= ARGV[10] or seq ~= tonumber(ARGV[11]))) then
    return {'conflict', epoch or '', seq}
  end
end
redis.call('HSET', KEYS[6], 'sweptAt', ARGV[4], 'intervalMs', ARGV[5], 'deltaLink', ARGV[6])
if ARGV[3] == 'swept' then
  redis.call('PUBLISH', ARGV[8], epoch .. ' ' .. seq .. ' ' .. ARGV[9])
  return {epoch, seq}
end
if ARGV[3] == 'reset' then
  epoch = ARGV[2]
  redis.call('SET', KEYS[2], epoch)
  redis.call('SET', KEYS[3], 0)
  redis.call('DEL', KEYS[4], KEYS[5])
end
seq = redis.call('INCR', KEYS[3])
local n = tonumber(ARGV[12])
for i = 0, n - 1 do redis.call('HSET', KEYS[4], ARGV[13 + 2 * i], ARGV[14 + 2 * i]) end
for i = 13 + 2 * n, #ARGV do redis.call('HDEL', KEYS[4], ARGV[i]) end
local message = epoch .. ' ' .. seq .. ' ' .. ARGV[9]
redis.call('RPUSH', KEYS[5], message)
redis.call('LTRIM', KEYS[5], -tonumber(ARGV[7]), -1)
redis.call('PUBLISH', ARGV[8], message)
return {epoch, seq}`;

export interface RedisBackplaneOptions {
  url: string;
  /** Key prefix, so one Redis can serve several deployments (default "whos-online:relay:"). */
  prefix?: string;
  logMax?: number;
  log: Logger;
}

function parseMessage(message: string): StoredEvent | null {
  const first = message.indexOf(' ');
  const second = message.indexOf(' ', first + 1);
  if (first < 0 || second < 0) return null;
  try {
    return {
      epoch: message.slice(0, first),
      seq: Number(message.slice(first + 1, second)),
      body: JSON.parse(message.slice(second + 1)) as EventBody,
    };
  } catch {
    return null;
  }
}

/** Lease, board, change log, pub/sub and tickets in Redis: instances behind a load balancer share one stream. */
export class RedisBackplane implements Backplane {
  readonly kind = 'redis';
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private readonly logMax: number;
  private readonly listeners = new Map<string, Set<(event: StoredEvent) => void>>();
  private readonly healthListeners = new Set<(up: boolean) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private up = false;

  constructor(private readonly options: RedisBackplaneOptions) {
    this.prefix = options.prefix ?? 'whos-online:relay:';
    this.logMax = options.logMax ?? 1_000;
    const common = {
      lazyConnect: true,
      // Fail at once while Redis is away: the relay says "stale" rather than queueing.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (times: number) => Math.min(200 * times, 2_000),
    };
    this.cmd = new Redis(options.url, common);
    this.sub = new Redis(options.url, { ...common, enableOfflineQueue: true });
    this.cmd.on('ready', () => this.setUp(true));
    this.cmd.on('close', () => this.setUp(false));
    this.cmd.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    // After a lost connection ioredis resubscribes by itself, but whatever was published meanwhile is gone
    // (a reset published before the subscription is back would be missed until the next event): subscribe
    // again here, and once Redis confirms, tell the hubs to read what they missed from the store.
    this.sub.on('ready', () => void this.resubscribe());
    this.sub.on('message', (channel: string, message: string) => {
      const event = parseMessage(message);
      if (!event) return;
      for (const listener of this.listeners.get(channel) ?? []) listener(event);
    });
  }

  /** Connects (retrying in the background when Redis is not there yet). */
  async connect(): Promise<void> {
    await Promise.allSettled([this.cmd.connect(), this.sub.connect()]);
  }

  private async resubscribe(): Promise<void> {
    const channels = [...this.listeners.keys()];
    if (channels.length === 0) return;
    try {
      await this.sub.subscribe(...channels);
    } catch (error) {
      this.options.log('warn', 'could not subscribe again; will on the next connection', { error: errorText(error) });
      return;
    }
    for (const listener of this.resyncListeners) listener();
  }

  private setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.options.log(up ? 'info' : 'warn', up ? 'Redis is reachable' : 'Redis is unreachable');
    for (const listener of this.healthListeners) listener(up);
  }

  private key(tenant: string, what: string): string {
    // The hash tag keeps a tenant's keys in one slot (a Redis cluster can run the scripts).
    return `${this.prefix}{${tenant}}:${what}`;
  }

  private channel(tenant: string): string {
    return this.key(tenant, 'events');
  }

  async acquireLease(tenant: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.cmd.eval(ACQUIRE, 1, this.key(tenant, 'lease'), owner, String(ttlMs))) === 1;
  }

  async releaseLease(tenant: string, owner: string): Promise<void> {
    await this.cmd.eval(RELEASE, 1, this.key(tenant, 'lease'), owner);
  }

  async commit(tenant: string, owner: string, commit: Commit): Promise<CommitResult> {
    const body: EventBody =
      commit.kind === 'swept'
        ? { kind: 'swept', sweptAt: commit.sweptAt, intervalMs: commit.intervalMs }
        : commit.kind === 'reset'
          ? { kind: 'reset', sweptAt: commit.sweptAt }
          : { kind: 'changes', sweptAt: commit.sweptAt, seenAt: commit.seenAt, upserts: commit.upserts, removed: commit.removed };
    const pairs: string[] = [];
    for (const record of commit.upserts) pairs.push(record.id, JSON.stringify(record));
    const result = (await this.cmd.eval(
      COMMIT,
      6,
      this.key(tenant, 'lease'),
      this.key(tenant, 'epoch'),
      this.key(tenant, 'seq'),
      this.key(tenant, 'board'),
      this.key(tenant, 'log'),
      this.key(tenant, 'meta'),
      owner,
      commit.newEpoch,
      commit.kind,
      String(commit.sweptAt),
      String(commit.intervalMs),
      commit.deltaLink ?? '',
      String(this.logMax),
      this.channel(tenant),
      JSON.stringify(body),
      commit.expect?.epoch ?? '',
      String(commit.expect?.seq ?? 0),
      String(commit.upserts.length),
      ...pairs,
      ...commit.removed,
    )) as [string, number] | ['conflict', string, number] | null;
    if (!result) return null;
    if (result.length === 3) return { conflict: { epoch: result[1] === '' ? null : String(result[1]), seq: Number(result[2]) } };
    return { epoch: String(result[0]), seq: Number(result[1]) };
  }

  async load(tenant: string): Promise<BoardState | null> {
    const answers = await this.cmd
      .multi()
      .get(this.key(tenant, 'epoch'))
      .get(this.key(tenant, 'seq'))
      .hgetall(this.key(tenant, 'board'))
      .hgetall(this.key(tenant, 'meta'))
      .exec();
    if (!answers) throw new Error('Redis did not run the board transaction.');
    for (const [error] of answers) if (error) throw error;
    const epoch = answers[0]![1] as string | null;
    if (epoch === null) return null;
    const board = answers[2]![1] as Record<string, string>;
    const meta = answers[3]![1] as Record<string, string>;
    const records: PresenceRecord[] = [];
    for (const json of Object.values(board)) records.push(JSON.parse(json) as PresenceRecord);
    return {
      epoch,
      seq: Number(answers[1]![1] ?? 0),
      records,
      sweptAt: meta.sweptAt ? Number(meta.sweptAt) : null,
      intervalMs: meta.intervalMs ? Number(meta.intervalMs) : null,
      deltaLink: meta.deltaLink ? meta.deltaLink : null,
    };
  }

  async eventsAfter(tenant: string, epoch: string, seq: number): Promise<StoredEvent[] | null> {
    const raw = await this.cmd.lrange(this.key(tenant, 'log'), 0, -1);
    const events = raw.map(parseMessage).filter((e): e is StoredEvent => e !== null && e.epoch === epoch && e.seq > seq);
    const current = Number((await this.cmd.get(this.key(tenant, 'seq'))) ?? 0);
    const currentEpoch = await this.cmd.get(this.key(tenant, 'epoch'));
    if (currentEpoch !== epoch || seq > current) return null;
    if (seq < current && (events.length === 0 || events[0]!.seq !== seq + 1)) return null;
    return events;
  }

  async subscribe(tenant: string, listener: (event: StoredEvent) => void): Promise<() => Promise<void>> {
    const channel = this.channel(tenant);
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    // Not subscribed now (Redis away): the next connection's resubscribe() covers it.
    if (first)
      await this.sub
        .subscribe(channel)
        .catch((error: unknown) => this.options.log('warn', 'could not subscribe yet', { error: errorText(error) }));
    return async () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(channel);
        await this.sub
          .unsubscribe(channel)
          .catch((error: unknown) => this.options.log('warn', 'unsubscribe failed', { error: errorText(error) }));
      }
    };
  }

  async putTicket(hash: string, value: string, ttlMs: number): Promise<void> {
    await this.cmd.set(`${this.prefix}ticket:${hash}`, value, 'PX', ttlMs);
  }

  async takeTicket(hash: string): Promise<string | null> {
    return this.cmd.getdel(`${this.prefix}ticket:${hash}`);
  }

  isUp(): boolean {
    return this.up;
  }

  onHealth(listener: (up: boolean) => void): void {
    this.healthListeners.add(listener);
  }

  onResync(listener: () => void): void {
    this.resyncListeners.add(listener);
  }

  async close(): Promise<void> {
    this.cmd.disconnect();
    this.sub.disconnect();
  }
}
