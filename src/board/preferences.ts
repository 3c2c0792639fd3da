import { DEFAULT_CHOICES, type ViewChoices } from './boardView';
import { PEOPLE_CHOICES } from './peopleChoice';
import { STATUS_GROUPS, type StatusGroup } from '../presence/statusGroup';

/** The few bytes the page keeps for a person in one tenant: their view choices and favourites. */
export interface Preferences {
  choices: ViewChoices;
  /** Favourites' ids, lower-case. */
  favourites: string[];
}

/** Where preferences live: localStorage in the browser (no token, no directory data is kept there). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const PREFIX = 'whos-online:preferences:';
const MAX_FAVOURITES = 500;

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

/** Reads what was kept, taking only well-formed values: anything else falls back to the defaults. */
export function parsePreferences(text: string | null): Preferences {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed === 'object' && parsed !== null) raw = parsed as Record<string, unknown>;
  } catch {
    // A damaged entry is ignored, not fatal.
  }
  const c = (typeof raw.choices === 'object' && raw.choices !== null ? raw.choices : {}) as Record<string, unknown>;
  const statuses = Array.isArray(c.statuses)
    ? [...new Set(c.statuses.filter((s): s is StatusGroup => (STATUS_GROUPS as readonly unknown[]).includes(s)))]
    : [];
  const favourites = Array.isArray(raw.favourites)
    ? raw.favourites.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 64).map((id) => id.toLowerCase())
    : [];
  return {
    choices: {
      statuses,
      showOffline: flag(c.showOffline, DEFAULT_CHOICES.showOffline),
      groupBy: oneOf(c.groupBy, ['none', 'status', 'department'] as const, DEFAULT_CHOICES.groupBy),
      sortBy: oneOf(c.sortBy, ['status', 'name'] as const, DEFAULT_CHOICES.sortBy),
      hideGuests: flag(c.hideGuests, DEFAULT_CHOICES.hideGuests),
      hideDisabled: flag(c.hideDisabled, DEFAULT_CHOICES.hideDisabled),
      where: oneOf(c.where, ['anywhere', 'office', 'remote'] as const, DEFAULT_CHOICES.where),
      density: oneOf(c.density, ['comfortable', 'compact'] as const, DEFAULT_CHOICES.density),
      calendars: flag(c.calendars, DEFAULT_CHOICES.calendars),
      people: oneOf(c.people, PEOPLE_CHOICES, DEFAULT_CHOICES.people),
    },
    favourites: [...new Set(favourites)].slice(0, MAX_FAVOURITES),
  };
}

/** Preferences of one person in one tenant (`owner`: "tenant/user"), read once and written on change. */
export class PreferenceStore {
  private readonly key: string;
  private current: Preferences;

  constructor(
    owner: string,
    private readonly storage: KeyValueStorage | null,
  ) {
    this.key = `${PREFIX}${owner}`;
    let text: string | null = null;
    try {
      text = storage?.getItem(this.key) ?? null;
    } catch {
      // Storage can be blocked (privacy settings): the board works, choices are not kept.
    }
    this.current = parsePreferences(text);
  }

  get(): Preferences {
    return this.current;
  }

  save(next: Preferences): void {
    this.current = next;
    try {
      this.storage?.setItem(this.key, JSON.stringify(next));
    } catch {
      // Full or blocked storage: keep the choice for this visit only.
    }
  }
}

/** The browser's localStorage when it may be used, else null. */
export function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
