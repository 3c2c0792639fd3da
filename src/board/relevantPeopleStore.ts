import { InteractionRequiredError } from '../auth/errors';
import type { GraphClient } from '../graph/client';
import { GraphError, isAbortError } from '../graph/errors';
import { getPresences, MAX_IDS_PER_PRESENCE_CALL } from '../graph/presence';
import { getMyTeam, getRelevantPeople } from '../graph/relevantPeople';
import { idKey } from '../presence/people';
import type { DirectoryUser, PresenceRecord } from '../presence/types';
import { isLargeTenant, MY_PEOPLE_TOP, type PeopleChoice, type PeopleList, type PeopleSource } from './peopleChoice';

/**
 * Where a list stands:
 * - `idle`: not asked for yet; `loading`: its people and their presence are on their way;
 * - `ready`: read (possibly empty);
 * - `needs-consent`: the token lacks People.Read (MSAL wants the viewer, or Graph said 403): nothing
 *   more is asked until the viewer grants it (a click) and `retry()` is called;
 * - `refused`: granted and Graph still refuses (My team: Graph refuses the org chart, which the board's
 *   own scopes read): an administrator must allow it;
 * - `failed`: Graph could not answer (throttled, unavailable, offline); the next refresh asks again.
 */
export type ListAccess = 'idle' | 'loading' | 'ready' | 'needs-consent' | 'refused' | 'failed';

/** What the page needs to know about My people and My team. */
export interface PeopleAccess {
  /** What `auto` stands for, decided once the tenant's size is known (null: not yet). */
  auto: 'everyone' | 'mine' | null;
  mine: ListAccess;
  team: ListAccess;
  /** Graph refused the manager (List manager needs User.Read.All): My team holds the direct reports only. */
  teamWithoutManager: boolean;
}

/** One list: its people (in the order Graph gave them) and their presence by id key. */
export interface ReadList {
  users: readonly DirectoryUser[];
  presence: ReadonlyMap<string, PresenceRecord>;
}

export interface RelevantPeopleStoreOptions {
  /** The board's client (its start-up scopes): presence, and the org chart (User.ReadBasic.All; the manager wants User.Read.All). */
  client: GraphClient;
  /** A client whose token carries People.Read, for `/me/people` only: the start-up scopes stay as they are. */
  peopleClient: GraphClient;
  /** How many relevant people (default MY_PEOPLE_TOP). */
  top?: number;
  /** Whether `auto` may mean My people (false for a team's channel tab, which lists the team). Default true. */
  autoMine?: boolean;
  /** Presence of the lists is read again at most this often (default 15 s; a relay's stream would otherwise ask on every change). */
  minRefreshMs?: number;
  /** The people API is asked again, not only presence, after this long (default 1 hour: relevance changes slowly). */
  relistMs?: number;
  /** False where the cloud's Graph offers no presence (China): the lists are read, their presence never asked for. */
  presence?: boolean;
  now?: () => number;
}

interface ListState extends ReadList {
  access: ListAccess;
  readAt: number;
  listedAt: number;
  running: boolean;
}

const emptyList = (): ListState => ({ access: 'idle', users: [], presence: new Map(), readAt: 0, listedAt: 0, running: false });

/** Whether an error says the viewer's token lacks a permission (as opposed to Graph being unable to answer now). */
function wantsConsent(error: unknown): boolean {
  return (
    error instanceof InteractionRequiredError || (error instanceof GraphError && (error.kind === 'forbidden' || error.kind === 'auth'))
  );
}

/**
 * My people and My team, read apart from the directory so they show in a tenant of any size after
 * two round trips: My people is one `GET /me/people` (the `top` most relevant organisation users)
 * then one getPresencesByUserId for them; My team is the org chart (`/me`, `/me/manager`,
 * `/me/directReports` at once, then the manager's reports) then one presence call. A list is read
 * only once it is chosen (or, for a viewer who never chose, while the tenant's size is unknown: it
 * may turn out large), and its presence is read again with the board's refresh.
 *
 * Consent: People.Read is not a start-up scope. Its own client asks for it silently when My people
 * is first shown; without consent (MSAL wants the viewer, or Graph's 403) the list says
 * `needs-consent`, the view falls back to Everyone, and nothing more is asked until the viewer's
 * click grants it (`retry()`).
 */
export class RelevantPeopleStore {
  private readonly lists: Record<PeopleList, ListState> = { mine: emptyList(), team: emptyList() };
  private auto: PeopleAccess['auto'] = null;
  private choice: PeopleChoice = 'auto';
  private teamWithoutManager = false;
  private grantedOnce = false;
  private accessNow: PeopleAccess;
  private readonly listeners = new Set<() => void>();
  private readonly controller = new AbortController();
  private readonly now: () => number;

  constructor(private readonly options: RelevantPeopleStoreOptions) {
    this.now = options.now ?? Date.now;
    this.accessNow = this.makeAccess();
  }

  /** The same object until something in it changes. */
  get access(): PeopleAccess {
    return this.accessNow;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A list as read so far (empty until it is ready). */
  listOf(list: PeopleList): ReadList {
    return this.lists[list];
  }

  /** The viewer's choice: the list it needs is read unless it is known. */
  setChoice(choice: PeopleChoice): void {
    this.choice = choice;
    this.loadWanted();
  }

  /**
   * The tenant's size as the board knows it (the kept board's, the directory's count, or what it has
   * listed once it stopped): the first size known decides what `auto` means, for the whole visit.
   */
  noteTenantSize(size: number | null): void {
    if (this.auto !== null || size === null) return;
    this.auto = this.options.autoMine !== false && isLargeTenant(size) ? 'mine' : 'everyone';
    this.changed();
    this.loadWanted();
  }

  /** What the view for `choice` shows now: the list when it is read, nothing while it comes, Everyone when it cannot be had. */
  shownFor(choice: PeopleChoice): PeopleSource {
    const resolved = choice === 'auto' ? this.auto : choice;
    if (resolved === null) return this.options.autoMine === false ? 'everyone' : 'pending';
    if (resolved === 'everyone') return 'everyone';
    const { access } = this.lists[resolved];
    if (access === 'ready') return resolved;
    return access === 'idle' || access === 'loading' ? 'pending' : 'everyone';
  }

  /**
   * The board's presence was read again (or the viewer pressed Refresh: `now`): the lists read so far
   * have theirs read again, one call each, at most every minRefreshMs; a list that failed is asked again.
   */
  refresh(now = false): void {
    for (const list of ['mine', 'team'] as const) {
      const state = this.lists[list];
      if (state.running) continue;
      if (state.access === 'failed') void this.read(list);
      else if (state.access === 'ready' && (now || this.now() - state.readAt >= (this.options.minRefreshMs ?? 15_000))) {
        void this.read(list, this.now() - state.listedAt < (this.options.relistMs ?? 3_600_000));
      }
    }
  }

  /** The viewer granted People.Read (a click): My people, which waits for it, is read (My team does not need it). */
  retry(): void {
    this.grantedOnce = true;
    const state = this.lists.mine;
    if (state.access === 'needs-consent' || state.access === 'refused') state.access = 'idle';
    this.changed();
    this.loadWanted();
  }

  dispose(): void {
    this.controller.abort();
    this.listeners.clear();
  }

  /** Reads the list the choice needs; for a viewer who never chose, My people while the tenant may turn out large. */
  private loadWanted(): void {
    const wanted: PeopleList | null =
      this.choice === 'mine' || this.choice === 'team'
        ? this.choice
        : this.choice === 'auto' && this.options.autoMine !== false && this.auto !== 'everyone'
          ? 'mine'
          : null;
    if (wanted && this.lists[wanted].access === 'idle') void this.read(wanted);
  }

  /** Reads a list's people (unless `presenceOnly`) and then their presence, in one call. */
  private async read(list: PeopleList, presenceOnly = false): Promise<void> {
    const state = this.lists[list];
    state.running = true;
    if (state.access !== 'ready') this.setAccess(list, 'loading');
    const signal = this.controller.signal;
    let users = state.users;
    try {
      if (!presenceOnly) users = list === 'mine' ? await this.readMine(signal) : await this.readTeam(signal);
    } catch (error) {
      state.running = false;
      if (isAbortError(error)) return;
      // Consent missing: nothing more is asked until the viewer grants it; granted and still refused: an administrator's.
      // My team is read with the board's own scopes, which no click of the viewer's adds to: refused is an administrator's.
      const access: ListAccess = wantsConsent(error)
        ? list === 'team' || (this.grantedOnce && !(error instanceof InteractionRequiredError))
          ? 'refused'
          : 'needs-consent'
        : state.access === 'ready'
          ? 'ready'
          : 'failed';
      this.setAccess(list, access);
      return;
    }
    // One presence call (the list is at most MY_PEOPLE_TOP, a team a few dozen); one that fails leaves
    // the people without presence until the next refresh: the list is shown, nothing is lost.
    const presence = new Map<string, PresenceRecord>();
    try {
      const ids = this.options.presence === false ? [] : users.map((u) => u.id).slice(0, MAX_IDS_PER_PRESENCE_CALL);
      if (ids.length > 0) for (const record of await getPresences(this.options.client, ids, signal)) presence.set(idKey(record.id), record);
    } catch (error) {
      if (isAbortError(error)) {
        state.running = false;
        return;
      }
      if (presenceOnly) for (const [key, record] of state.presence) presence.set(key, record);
    }
    state.users = users;
    state.presence = presence;
    state.readAt = this.now();
    if (!presenceOnly) state.listedAt = state.readAt;
    state.running = false;
    state.access = 'ready';
    this.changed();
  }

  private readMine(signal: AbortSignal): Promise<DirectoryUser[]> {
    return getRelevantPeople(this.options.peopleClient, this.options.top ?? MY_PEOPLE_TOP, signal);
  }

  /** Manager, peers and direct reports, each once; where the manager is refused, the direct reports alone (said once). */
  private async readTeam(signal: AbortSignal): Promise<DirectoryUser[]> {
    const team = await getMyTeam(this.options.client, signal, { withoutManagerIfRefused: true });
    if ((team.managerRefused === true) !== this.teamWithoutManager) {
      this.teamWithoutManager = team.managerRefused === true;
      this.changed();
    }
    const seen = new Set<string>();
    return [...(team.manager ? [team.manager] : []), ...team.peers, ...team.directReports].filter((user) => {
      const key = idKey(user.id);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private setAccess(list: PeopleList, access: ListAccess): void {
    if (this.lists[list].access === access) return;
    this.lists[list].access = access;
    this.changed();
  }

  private makeAccess(): PeopleAccess {
    return { auto: this.auto, mine: this.lists.mine.access, team: this.lists.team.access, teamWithoutManager: this.teamWithoutManager };
  }

  private changed(): void {
    const next = this.makeAccess();
    const was = this.accessNow;
    if (next.auto !== was.auto || next.mine !== was.mine || next.team !== was.team || next.teamWithoutManager !== was.teamWithoutManager) {
      this.accessNow = next;
    }
    for (const listener of this.listeners) listener();
  }
}
