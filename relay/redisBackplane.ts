import { Redis } from 'ioredis';
import type { Logger } from './log';
import { errorText } from './log';
import type { Backplane, BoardState, Commit, CommitResult, EventBody, PresenceRecord, StoredEvent } from './types';
import { WATCH_TTL_MS, type CreateWatchResult, type SendOutcome, type Watch, type WatchCounts } from './watches';

const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Every watch ends within WATCH_TTL_MS of its creation, so a watch key untouched for longer holds only expired
 * ones: each script that writes one sets this TTL on it (a key written first by a fire, a claim or a send
 * would otherwise have none). What was sent is kept a day, its key a day and an hour.
 */
const WATCH_KEY_TTL_MS = WATCH_TTL_MS + 3_600_000;
const SENT_KEY_TTL_MS = 86_400_000 + 3_600_000;

// Forgets a watch everywhere it is indexed (its data names its person and watcher).
const FORGET = `
local function forget(data, byPerson, byWatcher, expiry, due, claim, id)
  local raw = redis.call('HGET', data, id)
  if raw then
    local w = cjson.decode(raw)
    redis.call('ZREM', byPerson, w.personId .. '|' .. id)
    redis.call('ZREM', byWatcher, w.watcher .. '|' .. w.personId .. '|' .. id)
  end
  redis.call('HDEL', data, id)
  redis.call('ZREM', expiry, id)
  redis.call('ZREM', due, id)
  redis.call('HDEL', claim, id)
end
`;

// KEYS: lease, epoch, seq, board, log, meta, then the watches' data, byPerson, byWatcher, expiry, due, claim.
// ARGV: owner, newEpoch, kind, sweptAt, intervalMs, deltaLink ('' for none), logMax, channel, body,
//       expectEpoch ('' for none), expectSeq, nUpserts, nFired, fireDueAt, id/json pairs…, fired person ids…, removed ids…
// Returns false when owner does not hold the lease; {'conflict', epoch or '', seq} when a changes or swept
// commit finds no board, or another board than the one it expects; else {epoch, seq}. A changes commit
// also fires the armed, unexpired watches on the fired people (due to send at fireDueAt), in the same step.
const COMMIT = `${FORGET}
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
local nf = tonumber(ARGV[13])
for i = 0, n - 1 do redis.call('HSET', KEYS[4], ARGV[15 + 2 * i], ARGV[16 + 2 * i]) end
for i = 15 + 2 * n + nf, #ARGV do redis.call('HDEL', KEYS[4], ARGV[i]) end
if ARGV[3] == 'changes' then
  local now = tonumber(ARGV[4])
  for i = 15 + 2 * n, 15 + 2 * n + nf - 1 do
    local p = ARGV[i]
    local members = redis.call('ZRANGEBYLEX', KEYS[8], '[' .. p .. '|', '(' .. p .. '|\\255')
    for _, m in ipairs(members) do
      local id = string.sub(m, #p + 2)
      local raw = redis.call('HGET', KEYS[7], id)
      if not raw then
        redis.call('ZREM', KEYS[8], m)
      else
        local w = cjson.decode(raw)
        if tonumber(w.expiresAt) <= now then
          forget(KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12], id)
        else
          redis.call('ZREM', KEYS[8], m)
          redis.call('ZREM', KEYS[9], w.watcher .. '|' .. p .. '|' .. id)
          redis.call('ZADD', KEYS[11], ARGV[14], id)
          redis.call('PEXPIRE', KEYS[11], ${WATCH_KEY_TTL_MS})
        end
      end
    end
  end
end
local message = epoch .. ' ' .. seq .. ' ' .. ARGV[9]
redis.call('RPUSH', KEYS[5], message)
redis.call('LTRIM', KEYS[5], -tonumber(ARGV[7]), -1)
redis.call('PUBLISH', ARGV[8], message)
return {epoch, seq}`;

// The watch scripts' KEYS: data, byPerson, byWatcher, expiry, due, claim, sent, lease.
// data: hash id → the watch's JSON. byPerson: "person|id" and byWatcher: "watcher|person|id", armed only,
// sorted sets of score 0 read by lex range. expiry: id by expiresAt. due: fired ids by when they may be
// claimed. claim: id → "attempt owner" (owner '' between attempts). sent: id by when Graph accepted it.

// ARGV: now, watcher, personId, id, max, json, expiresAt, keyTtlMs. Returns {1, json} (created),
// {0, json} (the watcher's armed watch on that person), or {-1} (the watcher holds max).
const CREATE_WATCH = `${FORGET}
local now = tonumber(ARGV[1])
local mine = '[' .. ARGV[2] .. '|'
local mineEnd = '(' .. ARGV[2] .. '|\\255'
for _, m in ipairs(redis.call('ZRANGEBYLEX', KEYS[3], mine, mineEnd)) do
  local id = string.match(m, '([^|]+)$')
  local raw = redis.call('HGET', KEYS[1], id)
  if not raw then
    redis.call('ZREM', KEYS[3], m)
  else
    local w = cjson.decode(raw)
    if tonumber(w.expiresAt) <= now then
      forget(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], id)
    elseif w.personId == ARGV[3] then
      return {0, raw}
    end
  end
end
if redis.call('ZLEXCOUNT', KEYS[3], mine, mineEnd) >= tonumber(ARGV[5]) then return {-1} end
redis.call('HSET', KEYS[1], ARGV[4], ARGV[6])
redis.call('ZADD', KEYS[2], 0, ARGV[3] .. '|' .. ARGV[4])
redis.call('ZADD', KEYS[3], 0, ARGV[2] .. '|' .. ARGV[3] .. '|' .. ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[7], ARGV[4])
for i = 1, 6 do redis.call('PEXPIRE', KEYS[i], ARGV[8]) end
return {1, ARGV[6]}`;

// ARGV: id, watcher, now. 1 when removed; 0 when not the watcher's, unknown, or being sent now.
const DELETE_WATCH = `${FORGET}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
if cjson.decode(raw).watcher ~= ARGV[2] then return 0 end
local c = redis.call('HGET', KEYS[6], ARGV[1])
if c and string.match(c, ' (.+)$') then
  local at = redis.call('ZSCORE', KEYS[5], ARGV[1])
  if at and tonumber(at) > tonumber(ARGV[3]) then return 0 end
end
forget(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1])
return 1`;

// ARGV: id, owner, now, leaseMs. {json, attempt} when claimed; false when owner lacks the sweep lease,
// or the watch is not due, claimed by a live sender, gone or expired.
const CLAIM_WATCH = `${FORGET}
if redis.call('GET', KEYS[8]) ~= ARGV[2] then return false end
local now = tonumber(ARGV[3])
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then
  redis.call('ZREM', KEYS[5], ARGV[1])
  redis.call('HDEL', KEYS[6], ARGV[1])
  return false
end
local at = redis.call('ZSCORE', KEYS[5], ARGV[1])
if (not at) or tonumber(at) > now then return false end
if tonumber(cjson.decode(raw).expiresAt) <= now then
  forget(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1])
  return false
end
local attempt = 1
local c = redis.call('HGET', KEYS[6], ARGV[1])
if c then attempt = tonumber(string.match(c, '^(%d+)')) + 1 end
redis.call('HSET', KEYS[6], ARGV[1], attempt .. ' ' .. ARGV[2])
redis.call('ZADD', KEYS[5], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[5], ${WATCH_KEY_TTL_MS})
redis.call('PEXPIRE', KEYS[6], ${WATCH_KEY_TTL_MS})
return {raw, attempt}`;

// ARGV: id, owner, attempt, kind (sent, drop, retry), retryAt, now. 1 when recorded; 0 when the claim is
// no longer this attempt of this owner's (it ran out and another sender took the watch).
const FINISH_WATCH = `${FORGET}
if redis.call('HGET', KEYS[6], ARGV[1]) ~= ARGV[3] .. ' ' .. ARGV[2] then return 0 end
if ARGV[4] == 'retry' then
  redis.call('HSET', KEYS[6], ARGV[1], ARGV[3] .. ' ')
  redis.call('ZADD', KEYS[5], ARGV[5], ARGV[1])
  return 1
end
forget(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1])
if ARGV[4] == 'sent' then
  redis.call('ZADD', KEYS[7], ARGV[6], ARGV[1])
  redis.call('PEXPIRE', KEYS[7], ${SENT_KEY_TTL_MS})
  redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', tonumber(ARGV[6]) - 86400000)
end
return 1`;

// ARGV: now, limit. Forgets up to limit expired watches; returns how many.
const PURGE_WATCHES = `${FORGET}
local ids = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do forget(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', tonumber(ARGV[1]) - 86400000)
return #ids`;

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
    const fired = commit.kind === 'changes' ? (commit.fired ?? []) : [];
    const result = (await this.cmd.eval(
      COMMIT,
      12,
      this.key(tenant, 'lease'),
      this.key(tenant, 'epoch'),
      this.key(tenant, 'seq'),
      this.key(tenant, 'board'),
      this.key(tenant, 'log'),
      this.key(tenant, 'meta'),
      ...this.watchKeys(tenant).slice(0, 6),
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
      String(fired.length),
      String(commit.fireDueAt ?? commit.sweptAt),
      ...pairs,
      ...fired,
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

  /** The watch scripts' KEYS (see above): data, byPerson, byWatcher, expiry, due, claim, sent, lease. */
  private watchKeys(tenant: string): string[] {
    return [...['data', 'byPerson', 'byWatcher', 'expiry', 'due', 'claim', 'sent'].map((k) => this.key(tenant, `w:${k}`)), this.key(tenant, 'lease')];
  }

  private watchScript(script: string, tenant: string, ...args: string[]): Promise<unknown> {
    return this.cmd.eval(script, 8, ...this.watchKeys(tenant), ...args);
  }

  async createWatch(tenant: string, watch: Watch, max: number, now: number): Promise<CreateWatchResult> {
    const json = JSON.stringify(watch);
    const keyTtl = String(WATCH_KEY_TTL_MS);
    const result = (await this.watchScript(
      CREATE_WATCH,
      tenant,
      String(now),
      watch.watcher,
      watch.personId,
      watch.id,
      String(max),
      json,
      String(watch.expiresAt),
      keyTtl,
    )) as [number, string?];
    if (result[0] === -1) return { full: true };
    return { watch: JSON.parse(result[1]!) as Watch, created: result[0] === 1 };
  }

  async listWatches(tenant: string, watcher: string, now: number): Promise<Watch[]> {
    const members = await this.cmd.zrangebylex(this.key(tenant, 'w:byWatcher'), `[${watcher}|`, `(${watcher}|\xff`);
    if (members.length === 0) return [];
    const ids = members.map((m) => m.slice(m.lastIndexOf('|') + 1));
    const raw = await this.cmd.hmget(this.key(tenant, 'w:data'), ...ids);
    return raw
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as Watch)
      .filter((w) => w.watcher === watcher && w.expiresAt > now)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async deleteWatch(tenant: string, watcher: string, id: string, now: number): Promise<boolean> {
    return (await this.watchScript(DELETE_WATCH, tenant, id, watcher, String(now))) === 1;
  }

  async dueWatches(tenant: string, now: number, limit: number): Promise<string[]> {
    return this.cmd.zrangebyscore(this.key(tenant, 'w:due'), '-inf', now, 'LIMIT', 0, limit);
  }

  async claimWatch(tenant: string, id: string, owner: string, leaseMs: number, now: number): Promise<{ watch: Watch; attempt: number } | null> {
    const result = (await this.watchScript(CLAIM_WATCH, tenant, id, owner, String(now), String(leaseMs))) as [string, number] | null;
    if (!result) return null;
    return { watch: JSON.parse(result[0]) as Watch, attempt: Number(result[1]) };
  }

  async finishWatch(tenant: string, id: string, owner: string, attempt: number, outcome: SendOutcome, now: number): Promise<boolean> {
    const retryAt = outcome.kind === 'retry' ? String(outcome.retryAt) : '0';
    return (await this.watchScript(FINISH_WATCH, tenant, id, owner, String(attempt), outcome.kind, retryAt, String(now))) === 1;
  }

  async purgeExpiredWatches(tenant: string, now: number): Promise<number> {
    return Number(await this.watchScript(PURGE_WATCHES, tenant, String(now), '1000'));
  }

  async watchCounts(tenant: string): Promise<WatchCounts> {
    const [data, due] = await Promise.all([this.cmd.hlen(this.key(tenant, 'w:data')), this.cmd.zcard(this.key(tenant, 'w:due'))]);
    return { armed: data - due, pending: due };
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
