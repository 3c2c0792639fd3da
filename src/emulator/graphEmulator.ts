import { generateTenant, randomPresence, type EmulatedPresence, type EmulatedUser } from './tenant';
import { randomGuid, seededRandom, type Random } from './random';
import { calendarItems, calendarProfile, type CalendarItem, type CalendarProfile } from './calendars';
import { buildOrgChart, directReportsOf, managerOf, relevantPeople, type OrgChart, type PersonEntry } from './org';
import { collatorFor, type Collation, type Collator } from './collation';
import type { RangeFilterSupport } from './userQuery';

/** One change to the directory, as the users delta query reports it. */
export interface DirectoryChange {
  version: number;
  id: string;
  removed: boolean;
}

export interface EmulatorOptions {
  /** People in the tenant (default 250, or as many as `displayNames`). */
  users?: number;
  /**
   * The display names of the first people, in order (property tests of listings: names in every
   * script and case, duplicates); set at creation, so no directory change is logged for them.
   */
  displayNames?: readonly string[];
  /** Same seed, same tenant (default 1). */
  seed?: number;
  /**
   * What one HTTP request costs before the server's own work: the network round trip and Graph's
   * front door (default 0). A `$batch` pays it once. See "What the emulator charges" in docs/speed.md.
   */
  latencyMs?: number;
  /** The server's own time for each request, or each request inside a `$batch` (default 0). */
  serverBaseMs?: number;
  /**
   * The server's time for each item an answer carries: users in a page, ids in a presence call
   * (default 0). A page of 999 takes `serverBaseMs + 999 × serverMsPerItem` on top of `latencyMs`.
   */
  serverMsPerItem?: number;
  /** What a CORS preflight (OPTIONS) costs on the node server (default 0): a browser sends one per new URL. */
  preflightLatencyMs?: number;
  /** `Access-Control-Max-Age` on preflight answers, in seconds (default 600; an assumption, Graph documents none). */
  preflightMaxAgeSeconds?: number;
  /** How `$filter` and `$orderby` compare strings (default 'ordinal-ignore-case'; collation.ts). */
  collation?: Collation;
  /** Whether `ge`/`le` on users' string properties work by default, only in advanced queries (default), or not at all (userQuery.ts). */
  rangeFilters?: RangeFilterSupport;
  /** Added to every `@odata.count` (default 0): a count that lies, for tests of clients that check it. */
  countOffset?: number;
  /** The server's own page-size cap: pages may be smaller than `$top` asks (default 999). */
  maxPageSize?: number;
  /** Share of requests answered 429 with Retry-After (0..1, default 0). */
  throttleRate?: number;
  /** Retry-After seconds on an injected 429 (default 1); null sends none, as a browser sees it without CORS exposure. */
  retryAfterSeconds?: number | null;
  /** Share of requests answered 503 (0..1, default 0). */
  unavailableRate?: number;
  /** Every this many ms a share of people change presence; 0 keeps presence still (default 0). */
  driftEveryMs?: number;
  /** Share of people whose presence changes at each drift step (default 0.03). */
  driftShare?: number;
  now?: () => number;
  /** Microsoft 365 groups (teams): id → how many of the first users are members (default: one team of 40). */
  groups?: Record<string, number>;
  /**
   * Whether the signed-in user's token carries User.Read.All (default true). Without it a
   * `$select` of profile fields beyond the basic ones is a 403, as in Graph.
   */
  userReadAll?: boolean;
  /** Whether presence carries `workLocation` (default true); false plays a tenant without it. */
  workLocations?: boolean;
  /** Requests kept in `requests`, the latest (default: all; the demo in a page that runs for days keeps 1,000). */
  requestLogLimit?: number;
  /**
   * Whether a token that is not a JWT (tests and the demo use opaque strings) carries Calendars.ReadBasic
   * (default true). A JWT is judged by its own `scp` claim: getSchedule answers 403 ErrorAccessDenied
   * unless it names Calendars.ReadBasic, Calendars.Read or Calendars.ReadWrite.
   */
  calendarConsent?: boolean;
  /** Likewise People.Read (or People.Read.All) for `/me/people` (default true). */
  peopleConsent?: boolean;
  /**
   * Likewise TeamsActivity.Send (application, or TeamsActivity.Send.User by resource-specific consent)
   * for `POST /users/{id}/teamwork/sendActivityNotification` (default true).
   */
  activitySendConsent?: boolean;
  /**
   * Share of getSchedule calls answered 429 with Retry-After (0..1, default 0), on top of `throttleRate`:
   * Outlook's mailbox throttling, which hits calendar calls while the rest of Graph answers.
   */
  calendarThrottleRate?: number;
}

/** An activity feed notification the emulated tenant accepted for a user. */
export interface ActivityNotificationRecord {
  /** The recipient's user id (lower case). */
  userId: string;
  /** When it was accepted (ms since the epoch). */
  at: number;
  topic: { source: string; value: string; webUrl?: string };
  activityType: string;
  previewText: { content: string };
  templateParameters: Array<{ name: string; value: string }>;
}

/** The team the emulated tenant has unless told otherwise. */
export const DEMO_TEAM_ID = '02bd9fd6-8f93-4758-87c3-1fb73740a315';

/** A request inside a `$batch`, as the batch's log entry records it. */
export interface LoggedBatchItem {
  method: string;
  /** Relative, as the batch gave it (`/users?$filter=...`). */
  url: string;
  status: number;
  idCount?: number;
}

export interface LoggedRequest {
  method: string;
  url: string;
  status: number;
  authorization: string | null;
  /** When the request was taken up (ms since the epoch): a load's span is measured from outside (bench:ui). */
  receivedAt?: number;
  /** When the answer was sent (ms since the epoch): rates over time (the relay's benchmark). */
  at?: number;
  /**
   * For presence calls: how many ids were asked for; for `$batch`: how many requests it held; for
   * getSchedule: how many schedules (addresses) were asked for.
   */
  idCount?: number;
  /** For `$batch`: the relative URL of each request inside it. */
  batchUrls?: string[];
  /**
   * For `$batch`: each request inside it as it was answered, in the order answered (none when the
   * whole batch was refused): its method, relative URL and status, and its `idCount` as above.
   */
  batchItems?: LoggedBatchItem[];
  /** The server time charged for this answer (EmulatorOptions.serverBaseMs, serverMsPerItem), besides `latencyMs`. */
  serverMs?: number;
}

/** A CORS preflight the node server answered (never in `requests`: it is not a Graph call). */
export interface LoggedPreflight {
  url: string;
  /** When it was answered (ms since the epoch). */
  at: number;
}

/**
 * The emulator's own idea of "online", kept apart from the app's domain code on purpose: tests
 * compare what the page shows with this, so the two must not share an implementation.
 */
export const ONLINE_AVAILABILITIES: ReadonlySet<string> = new Set([
  'Available',
  'AvailableIdle',
  'Away',
  'BeRightBack',
  'Busy',
  'BusyIdle',
  'DoNotDisturb',
]);

/** The state of an emulated tenant: its people, their presence over time, faults and a request log. */
export class GraphEmulator {
  readonly users: readonly EmulatedUser[];
  latencyMs: number;
  /** EmulatorOptions.serverBaseMs. */
  serverBaseMs: number;
  /** EmulatorOptions.serverMsPerItem. */
  serverMsPerItem: number;
  /** EmulatorOptions.preflightLatencyMs. */
  preflightLatencyMs: number;
  /** EmulatorOptions.preflightMaxAgeSeconds. */
  preflightMaxAgeSeconds: number;
  /** EmulatorOptions.rangeFilters. */
  rangeFilters: RangeFilterSupport;
  /** EmulatorOptions.countOffset. */
  countOffset: number;
  /** Preflights answered by the node server, oldest first (a bench empties it as it does `requests`). */
  readonly preflights: LoggedPreflight[] = [];
  readonly maxPageSize: number;
  readonly seed: number;
  throttleRate: number;
  retryAfterSeconds: number | null;
  unavailableRate: number;
  readonly requests: LoggedRequest[] = [];
  /** EmulatorOptions.requestLogLimit. */
  readonly requestLogLimit: number;
  userReadAll: boolean;
  /** Presence answers carry `workLocation` (EmulatorOptions.workLocations). */
  workLocations: boolean;
  /** Group id (lower case) → its user members. */
  readonly groups: ReadonlyMap<string, readonly EmulatedUser[]>;
  /** EmulatorOptions.calendarConsent. */
  calendarConsent: boolean;
  /** EmulatorOptions.peopleConsent. */
  peopleConsent: boolean;
  /** EmulatorOptions.activitySendConsent. */
  activitySendConsent: boolean;
  /** Activity feed notifications the tenant accepted (204), oldest first: what tests and the demo show. */
  readonly activityNotifications: ActivityNotificationRecord[] = [];
  /** EmulatorOptions.calendarThrottleRate. */
  calendarThrottleRate: number;
  /**
   * The instant calendars are laid out around (the emulator's start, by its `now`): a share of people
   * are in a meeting then, and a share are out of office for days around its day (calendars.ts).
   */
  readonly calendarAnchor: number;

  private collatorNow: Collator;
  private readonly presence: Map<string, EmulatedPresence>;
  private readonly userIndex: Map<string, EmulatedUser>;
  private readonly faultRandom: Random;
  private readonly driftRandom: Random;
  private readonly driftEveryMs: number;
  private readonly driftShare: number;
  private readonly now: () => number;
  private readonly startedAt: number;
  private driftStepsApplied = 0;
  /** The same array as `users`, for the directory changes below (users delta query). */
  private readonly userArray: EmulatedUser[];
  private readonly directoryLog: DirectoryChange[] = [];
  private directoryVersionNow = 0;
  private deltaEpoch = 1;
  private sortedCache: { version: number; users: EmulatedUser[] } | null = null;
  private readonly directoryRandom: Random;
  private readonly calendarRandom: Random;
  private calendarCallsToThrottle = 0;
  private mailCache: { version: number; byMail: Map<string, EmulatedUser> } | null = null;
  private orgCache: { version: number; chart: OrgChart } | null = null;
  private peopleCache: { version: number; people: PersonEntry[] } | null = null;

  constructor(options: EmulatorOptions = {}) {
    this.seed = options.seed ?? 1;
    const tenant = generateTenant(options.users ?? options.displayNames?.length ?? 250, this.seed);
    options.displayNames?.forEach((name, i) => {
      if (tenant.users[i]) tenant.users[i].displayName = name;
    });
    this.users = tenant.users;
    this.userArray = tenant.users;
    this.presence = tenant.presence;
    this.userIndex = new Map(tenant.users.map((u) => [u.id.toLowerCase(), u]));
    this.latencyMs = options.latencyMs ?? 0;
    this.serverBaseMs = options.serverBaseMs ?? 0;
    this.serverMsPerItem = options.serverMsPerItem ?? 0;
    this.preflightLatencyMs = options.preflightLatencyMs ?? 0;
    this.preflightMaxAgeSeconds = options.preflightMaxAgeSeconds ?? 600;
    this.collatorNow = collatorFor(options.collation ?? 'ordinal-ignore-case');
    this.rangeFilters = options.rangeFilters ?? 'advanced';
    this.countOffset = options.countOffset ?? 0;
    this.maxPageSize = options.maxPageSize ?? 999;
    this.throttleRate = options.throttleRate ?? 0;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.unavailableRate = options.unavailableRate ?? 0;
    this.userReadAll = options.userReadAll ?? true;
    this.workLocations = options.workLocations ?? true;
    this.requestLogLimit = options.requestLogLimit ?? Infinity;
    this.driftEveryMs = options.driftEveryMs ?? 0;
    this.driftShare = options.driftShare ?? 0.03;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    const groups = options.groups ?? { [DEMO_TEAM_ID]: 40 };
    this.groups = new Map(Object.entries(groups).map(([id, size]) => [id.toLowerCase(), this.users.slice(0, size)]));
    this.faultRandom = seededRandom(this.seed + 101);
    this.driftRandom = seededRandom(this.seed + 202);
    this.directoryRandom = seededRandom(this.seed + 303);
    this.calendarRandom = seededRandom(this.seed + 404);
    this.calendarConsent = options.calendarConsent ?? true;
    this.peopleConsent = options.peopleConsent ?? true;
    this.activitySendConsent = options.activitySendConsent ?? true;
    this.calendarThrottleRate = options.calendarThrottleRate ?? 0;
    this.calendarAnchor = this.startedAt;
  }

  /** How `$filter` and `$orderby` compare strings (EmulatorOptions.collation). */
  get collator(): Collator {
    return this.collatorNow;
  }

  /** Changes the collation from the next request on (tests of a server whose rules change). */
  setCollation(name: Collation): void {
    this.collatorNow = collatorFor(name);
  }

  /** The server time for an answer carrying `items` items (EmulatorOptions.serverBaseMs, serverMsPerItem). */
  serverTimeFor(items: number): number {
    return this.serverBaseMs + this.serverMsPerItem * items;
  }

  /** Answers the next `count` getSchedule calls 429 with Retry-After (mailbox throttling, on cue). */
  throttleCalendarCalls(count: number): void {
    this.calendarCallsToThrottle = Math.max(0, Math.floor(count));
  }

  /** Whether the next getSchedule call is throttled (`throttleCalendarCalls`, then `calendarThrottleRate`). */
  nextCalendarThrottle(): boolean {
    if (this.calendarCallsToThrottle > 0) {
      this.calendarCallsToThrottle--;
      return true;
    }
    return this.calendarThrottleRate > 0 && this.calendarRandom() < this.calendarThrottleRate;
  }

  /** The signed-in user every token stands for: the first enabled member with mail below the head of the org (org.ts). */
  get me(): EmulatedUser | undefined {
    return this.orgChart().me;
  }

  /** The org chart, rebuilt when the directory changes. */
  orgChart(): OrgChart {
    if (this.orgCache?.version !== this.directoryVersionNow) {
      this.orgCache = { version: this.directoryVersionNow, chart: buildOrgChart(this.userArray) };
    }
    return this.orgCache.chart;
  }

  /** A person's manager: null at the head of the org, undefined for someone not in it (guests, unknown ids). */
  managerOf(id: string): EmulatedUser | null | undefined {
    return managerOf(this.orgChart(), id);
  }

  /** The people who report to this person. */
  directReportsOf(id: string): EmulatedUser[] {
    return directReportsOf(this.orgChart(), id);
  }

  /** The signed-in user's relevant people, most relevant first (`/me/people`). */
  relevantPeople(): readonly PersonEntry[] {
    if (this.peopleCache?.version !== this.directoryVersionNow) {
      const team = this.groups.values().next().value ?? [];
      this.peopleCache = { version: this.directoryVersionNow, people: relevantPeople(this.orgChart(), this.seed, team) };
    }
    return this.peopleCache.people;
  }

  /** The user whose mail is this SMTP address (any case), if any: what getSchedule resolves. */
  userByMail(address: string): EmulatedUser | undefined {
    if (this.mailCache?.version !== this.directoryVersionNow) {
      const byMail = new Map<string, EmulatedUser>();
      for (const u of this.userArray) if (u.mail !== null) byMail.set(u.mail.toLowerCase(), u);
      this.mailCache = { version: this.directoryVersionNow, byMail };
    }
    return this.mailCache.byMail.get(address.trim().toLowerCase());
  }

  /** What kind of calendar this person has (mailbox state, zone, working hours…), fixed by seed and id. */
  calendarProfileOf(id: string): CalendarProfile {
    const user = this.findUser(id);
    if (!user) throw new Error(`No emulated user ${id}`);
    return calendarProfile(this.seed, user);
  }

  /** This person's calendar items overlapping [from, to) (UTC ms), as getSchedule reports them. */
  calendarOf(id: string, from: number, to: number): CalendarItem[] {
    const user = this.findUser(id);
    if (!user) throw new Error(`No emulated user ${id}`);
    return calendarItems(this.seed, user, this.calendarAnchor, from, to);
  }

  /** The fault to inject into the next request, if any. */
  nextFault(): 'throttle' | 'unavailable' | null {
    const roll = this.faultRandom();
    if (roll < this.throttleRate) return 'throttle';
    if (roll < this.throttleRate + this.unavailableRate) return 'unavailable';
    return null;
  }

  /** The user with this id (any case), if in the tenant. */
  findUser(id: string): EmulatedUser | undefined {
    return this.userIndex.get(id.toLowerCase());
  }

  /** Whether this user has a profile photo: about 60 % do, decided by the id (the same every run). */
  hasPhoto(id: string): boolean {
    const user = this.findUser(id);
    return user !== undefined && user.userType === 'Member' && Number.parseInt(user.id[0]!, 16) < 10;
  }

  /** Current presence of a user, after any drift that is due. */
  presenceOf(id: string): EmulatedPresence | undefined {
    this.applyDueDrift();
    const user = this.findUser(id);
    return user ? this.presence.get(user.id) : undefined;
  }

  /** Ids of the people who are online now by Graph's availability (the emulator's own count). */
  onlineUserIds(): string[] {
    this.applyDueDrift();
    return this.users.filter((u) => ONLINE_AVAILABILITIES.has(this.presence.get(u.id)!.availability)).map((u) => u.id);
  }

  /** Changes one person's directory entry (tests and demos: hostile names, missing mail…). */
  updateUser(id: string, change: Partial<Omit<EmulatedUser, 'id'>>): void {
    const user = this.findUser(id);
    if (!user) throw new Error(`No emulated user ${id}`);
    Object.assign(user, change);
    this.logDirectoryChange(user.id, false);
  }

  /** The directory's version: it grows by one with every change (users delta query). */
  get directoryVersion(): number {
    return this.directoryVersionNow;
  }

  /** Which delta tokens are still good: `expireDeltaTokens` moves it on, and older tokens get 410 Gone. */
  get deltaTokenEpoch(): number {
    return this.deltaEpoch;
  }

  /** Makes every delta token handed out so far stale (Graph then answers 410 and the client starts over). */
  expireDeltaTokens(): void {
    this.deltaEpoch++;
  }

  /** Adds a person to the directory (tests and demos), with a presence; returns them. */
  addUser(change: Partial<EmulatedUser> = {}): EmulatedUser {
    const id = change.id ?? randomGuid(this.directoryRandom);
    const n = this.userArray.length + 1;
    const user: EmulatedUser = {
      id,
      displayName: `New Person ${n}`,
      givenName: 'New',
      surname: `Person ${n}`,
      mail: `new.person${n}@contoso.com`,
      userPrincipalName: `new.person${n}@contoso.com`,
      jobTitle: null,
      department: null,
      officeLocation: null,
      businessPhones: [],
      mobilePhone: null,
      preferredLanguage: 'en-US',
      accountEnabled: true,
      userType: 'Member',
      ...change,
    };
    this.userArray.push(user);
    this.userIndex.set(id.toLowerCase(), user);
    this.presence.set(id, randomPresence(this.directoryRandom));
    this.logDirectoryChange(id, false);
    return user;
  }

  /** Deletes a person from the directory (tests and demos). */
  removeUser(id: string): void {
    const user = this.findUser(id);
    if (!user) throw new Error(`No emulated user ${id}`);
    this.userArray.splice(this.userArray.indexOf(user), 1);
    this.userIndex.delete(user.id.toLowerCase());
    this.presence.delete(user.id);
    this.logDirectoryChange(user.id, true);
  }

  /** Everyone, ordered by id: the order the users delta query pages through (stable while people come and go). */
  usersById(): readonly EmulatedUser[] {
    if (this.sortedCache?.version !== this.directoryVersionNow) {
      const users = [...this.userArray].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.sortedCache = { version: this.directoryVersionNow, users };
    }
    return this.sortedCache.users;
  }

  /** What changed after `since` up to `until` (both directory versions): each id once, the last change winning. */
  directoryChangesBetween(since: number, until: number): DirectoryChange[] {
    const last = new Map<string, DirectoryChange>();
    for (const change of this.directoryLog) {
      if (change.version > since && change.version <= until) last.set(change.id, change);
    }
    return [...last.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private logDirectoryChange(id: string, removed: boolean): void {
    this.directoryVersionNow++;
    this.directoryLog.push({ version: this.directoryVersionNow, id, removed });
  }

  /** Sets one person's presence (tests and demos). */
  setPresence(id: string, change: Partial<EmulatedPresence>): void {
    const user = this.findUser(id);
    if (!user) throw new Error(`No emulated user ${id}`);
    this.presence.set(user.id, { ...this.presence.get(user.id)!, ...change });
  }

  private applyDueDrift(): void {
    if (this.driftEveryMs <= 0 || this.users.length === 0) return;
    const due = Math.floor((this.now() - this.startedAt) / this.driftEveryMs);
    const changesPerStep = Math.max(1, Math.round(this.users.length * this.driftShare));
    for (; this.driftStepsApplied < due; this.driftStepsApplied++) {
      for (let i = 0; i < changesPerStep; i++) {
        const user = this.users[Math.floor(this.driftRandom() * this.users.length)]!;
        this.presence.set(user.id, randomPresence(this.driftRandom));
      }
    }
  }
}
