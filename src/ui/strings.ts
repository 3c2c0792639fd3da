import { createContext, useContext } from 'react';
import type { GraphErrorFacts } from '../graph/errors';
import type { StatusGroup } from '../presence/statusGroup';
import type { StatusLabelKey } from '../presence/types';

/**
 * Text from the directory or a person (a name, a mail address, a search) inside one of our
 * sentences, isolated (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE) so that a
 * right-to-left name, or one carrying bidi controls, cannot reorder the words around it.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

type Facts<About extends GraphErrorFacts['about']> = Extract<GraphErrorFacts, { about: About }>;

/** What the board says about calendars; times come formatted in the viewer's locale and time zone. */
export interface CalendarStrings {
  freeUntil: (time: string) => string;
  /** Nothing more in their working day. */
  freeRestOfDay: string;
  meetingUntil: (time: string, thenFree: boolean) => string;
  busyUntil: (time: string) => string;
  outOfOfficeUntil: (when: string) => string;
  outOfOffice: string;
  afterHours: string;
  unavailable: string;
  /** Their local time, where it differs from the viewer's. */
  localTime: (time: string) => string;
  /** A wall tile: when they are next free. */
  freeAt: (time: string) => string;
  show: string;
  /** Calendars are on but the viewer has not granted Calendars.ReadBasic. */
  consentNeeded: string;
  grant: string;
  /** Granted and Graph still refuses: an administrator must allow it. */
  refused: string;
  /** Graph cannot reach the viewer's own mailbox (a guest, no Exchange Online licence), through which calendars are read. */
  noMailbox: string;
  hide: string;
}

/** Whose people the board lists (Everyone · My people · My team), and what it says about My people and My team. */
export interface PeopleStrings {
  /** The switch's name for screen readers. */
  label: string;
  everyone: string;
  mine: string;
  team: string;
  /** The header's count while My people or My team is shown. */
  onlineMine: (count: string) => string;
  onlineTeam: (count: string) => string;
  consentNeeded: string;
  grant: string;
  refused: string;
  showEveryone: string;
  failed: string;
  /** My team without the manager and peers (List manager needs User.Read.All, which an administrator grants). */
  teamWithoutManager: string;
  /** Graph refused the org chart itself (403 on the direct reports): no click of the viewer's helps. */
  teamRefused: string;
  looking: string;
  noneKnown: string;
  noTeam: string;
  nobodyOnlineMine: string;
  nobodyOnlineTeam: string;
}

/** Watches: "tell me when they're available" (docs/features.md, "Watches"). */
export interface WatchStrings {
  /** The bell's label and the menu item: watch, or stop watching. */
  notifyMe: (name: string) => string;
  stopNotifying: (name: string) => string;
  menuNotify: string;
  menuStop: string;
  /** The header's button and the list's title. */
  watching: (count: string) => string;
  listTitle: string;
  /** A row of the list: until when the watch lasts. */
  until: (time: string) => string;
  /** A watched person the directory has not named yet. */
  unknownPerson: string;
  remove: (name: string) => string;
  none: string;
  /** The list's note on privacy and keeping. */
  listNote: string;
  /** A watch fired: the toast's title, the screen reader's announcement, the system notification. */
  nowAvailable: (name: string) => string;
  dismiss: string;
  /** Said once where system notifications cannot be shown (refused, a host's frame, unsupported). */
  toastOnly: string;
  notKept: string;
  relayDown: string;
  relayCap: (max: string | null) => string;
  tabCap: (max: string) => string;
  /** Demo mode with a relay: the activity feed notifications the emulated tenant accepted. */
  sentTitle: string;
  sentNone: string;
  sentFailed: string;
}

/** Every word the board shows, in one place; numbers and times come formatted in the locale. */
export interface Strings {
  language: string;
  appName: string;
  online: (count: string) => string;
  demoBadge: string;
  demoBadgeTitle: string;
  updated: (time: string) => string;
  updating: (time: string) => string;
  /** The presence relay's board is behind: what is shown is from that time. */
  relayStale: (time: string) => string;
  refresh: string;
  signOut: string;
  searchPlaceholder: string;
  /** A phone's placeholder: whole in the field beside the Filters button at 320 px wide. */
  searchPlaceholderPhone: string;
  searchLabel: string;
  filtersLabel: string;
  /** The phone's Filters button and sheet. */
  filters: string;
  /** After the Filters button's count, for screen readers ("Filters 2 on"). */
  filtersOn: string;
  close: string;
  chip: Record<StatusGroup, string>;
  chipLabel: (status: string, count: string) => string;
  showOffline: string;
  groupBy: string;
  group: { none: string; status: string; department: string };
  sortBy: string;
  sort: { status: string; name: string };
  hideGuests: string;
  hideDisabled: string;
  /** Where people work today (Graph's workLocation), on rows and as chips. */
  workLocation: { office: string; remote: string; timeOff: string };
  whereChip: { office: string; remote: string };
  density: string;
  densityChoice: { comfortable: string; compact: string };
  /** The wall display: its page indicator, and the list's name for screen readers. */
  wallPage: (page: string, of: string) => string;
  wallListLabel: string;
  wallCountsLabel: string;
  /** The wall's count when its link shows only some of those online (statuses, a search, a place). */
  wallShownOfOnline: (shown: string, online: string) => string;
  /** A wall asked for one place (`?where=office`) in a tenant whose presence does not say where people work. */
  wallWhereUnknown: string;
  chatWithEveryone: (count: string) => string;
  groupChatLimit: (max: string, shown: string) => string;
  favouritesHeading: string;
  noDepartment: string;
  listLabel: string;
  status: Record<StatusLabelKey, string>;
  outOfOfficeSuffix: string;
  outOfOfficeMessage: string;
  /** What a person's calendar says (docs/calendars.md): the labels, the switch, consent. */
  calendar: CalendarStrings;
  people: PeopleStrings;
  addFavourite: (name: string) => string;
  removeFavourite: (name: string) => string;
  watch: WatchStrings;
  actionsFor: (name: string) => string;
  chat: string;
  call: string;
  mail: string;
  copyMail: string;
  copied: (mail: string) => string;
  actionFailed: (reason: string) => string;
  /** Chat or call with someone (or a group, null) that has no address Teams knows. */
  noTeamsAddress: (name: string | null) => string;
  showMore: string;
  showLess: string;
  guest: string;
  disabled: string;
  loadingPeople: string;
  lookingForPeople: string;
  noMatch: (query: string) => string;
  noMatchFilters: string;
  noneYet: string;
  nobodyOnline: string;
  presenceUnavailable: (count: string, one: boolean) => string;
  loadingProgress: (loaded: string) => string;
  loadingProgressOf: (loaded: string, expected: string) => string;
  grantAccess: string;
  tryAgain: string;
  staleSince: (time: string) => string;
  signInWindowSaid: (message: string) => string;
  signInWindow: {
    cancelled: string;
    blocked: string;
    adminApproval: string;
  };
  adminConsent: {
    title: string;
    /** What an admin is asked to grant, and where. */
    body: (scopes: string) => string;
    linkLabel: string;
    copyLink: string;
    copied: string;
    copyFailed: string;
  };
  /** Menu items where chat and call leave the host for Teams (Outlook, the Microsoft 365 app, a browser). */
  chatInTeams: string;
  callInTeams: string;
  tabConfig: {
    title: string;
    showAmong: string;
    organisation: string;
    team: string;
    defaultSearch: string;
    defaultSearchHint: string;
    permissionNote: string;
    showAs: string;
    asList: string;
    asWall: string;
    asWallHint: string;
  };
  startup: {
    connecting: string;
    configInvalid: string;
    notConnected: [string, string];
    signingIn: [string, string];
    hostUnanswered: [string, string];
    failed: [string, (reason: string) => string];
  };
  errors: {
    consent: [string, string];
    auth: [string, string];
    forbidden: [string, string];
    throttled: [string, string];
    unavailable: [string, string];
    network: [string, string];
    untrusted: [string, (facts: Facts<'untrusted-url'>) => string];
    redirect: [string, (facts: Facts<'redirect'>) => string];
    cutShort: [string, (facts: Facts<'cut-short'>) => string];
    badAnswer: string;
    /** What was wrong with Graph's answer (or the request); `undefined` when the error does not say. */
    badAnswerBody: (facts: GraphErrorFacts | undefined) => string;
    unknown: string;
  };
}

export const en: Strings = {
  language: 'en',
  appName: "Who's Online",
  online: (n) => `${n} online`,
  demoBadge: 'Demo tenant',
  demoBadgeTitle: 'The people on this board are generated; nothing is read from a real directory.',
  updated: (t) => `Updated ${t}`,
  updating: (t) => `Updating… last updated ${t}`,
  relayStale: (t) => `Presence is delayed: showing status from ${t}`,
  refresh: 'Refresh',
  signOut: 'Sign out',
  searchPlaceholder: 'Search by name, mail, job title, department or office',
  searchPlaceholderPhone: 'Name or office',
  searchLabel: 'Search people',
  filters: 'Filters',
  filtersOn: 'on',
  close: 'Close',
  filtersLabel: 'Show by status',
  chip: {
    available: 'Available',
    busy: 'Busy',
    'do-not-disturb': 'Do not disturb',
    away: 'Away / Be right back',
    'out-of-office': 'Out of office',
    offline: 'Offline',
  },
  chipLabel: (s, n) => `${s} (${n})`,
  showOffline: 'Show offline people too',
  groupBy: 'Group by',
  group: { none: 'None', status: 'Status', department: 'Department' },
  sortBy: 'Sort by',
  sort: { status: 'Status', name: 'Name' },
  hideGuests: 'Hide guests',
  hideDisabled: 'Hide disabled accounts',
  workLocation: { office: 'In the office', remote: 'Remote', timeOff: 'Time off' },
  whereChip: { office: 'In the office', remote: 'Remote' },
  density: 'Rows',
  densityChoice: { comfortable: 'Comfortable', compact: 'Compact' },
  wallPage: (page, of) => `Page ${page} of ${of}`,
  wallListLabel: 'People online',
  wallCountsLabel: 'Online per status',
  wallShownOfOnline: (shown, online) => `${shown} shown of ${online} online`,
  wallWhereUnknown: "This tenant's presence does not say where people work: everyone online is shown.",
  chatWithEveryone: (n) => `Chat with everyone shown (${n})`,
  groupChatLimit: (max, shown) =>
    `Teams allows group chats of up to ${max} people besides you: the first ${max} of the ${shown} shown are invited.`,
  favouritesHeading: 'Favourites',
  noDepartment: 'No department',
  listLabel: 'People',
  status: {
    Available: 'Available',
    'Available, idle': 'Available, idle',
    Away: 'Away',
    'Be right back': 'Be right back',
    Busy: 'Busy',
    'Busy, idle': 'Busy, idle',
    'Do not disturb': 'Do not disturb',
    Offline: 'Offline',
    'Status unknown': 'Status unknown',
    'In a call': 'In a call',
    'In a conference call': 'In a conference call',
    'In a meeting': 'In a meeting',
    Presenting: 'Presenting',
    Focusing: 'Focusing',
    'Urgent interruptions only': 'Urgent interruptions only',
    'Off work': 'Off work',
    'Out of office': 'Out of office',
  },
  outOfOfficeSuffix: ', out of office',
  outOfOfficeMessage: 'Automatic reply:',
  calendar: {
    freeUntil: (time) => `Free until ${time}`,
    freeRestOfDay: 'Free for the rest of the day',
    meetingUntil: (time, thenFree) => `In a meeting until ${time}${thenFree ? ' · then free' : ''}`,
    busyUntil: (time) => `Busy until ${time}`,
    outOfOfficeUntil: (when) => `Out of office until ${when}`,
    outOfOffice: 'Out of office',
    afterHours: 'Outside working hours',
    unavailable: 'Calendar unavailable',
    localTime: (time) => `${time} local time`,
    freeAt: (time) => `free at ${time}`,
    show: 'Show calendars',
    consentNeeded:
      "To show when people are free, Who's Online needs your permission to read free/busy times (Calendars.ReadBasic). It never reads subjects, places or attendees.",
    grant: 'Grant access',
    refused:
      "Your organisation does not let Who's Online read free/busy times (Calendars.ReadBasic). An administrator can grant it; until then calendars are not shown.",
    noMailbox:
      'Calendars cannot be shown: Microsoft 365 reads free/busy times through your own Outlook mailbox, and your account has none it can reach (a guest account, or no Exchange Online licence).',
    hide: 'Hide calendars',
  },
  people: {
    label: 'Whose people',
    everyone: 'Everyone',
    mine: 'My people',
    team: 'My team',
    onlineMine: (n) => `${n} of your people online`,
    onlineTeam: (n) => `${n} of your team online`,
    consentNeeded:
      "To show the people you work with most, Who's Online needs your permission to read them (People.Read). Until then everyone is shown.",
    grant: 'Grant access',
    refused:
      "Your organisation does not let Who's Online read the people you work with (People.Read). An administrator can grant it; until then everyone is shown.",
    showEveryone: 'Show everyone',
    failed: 'The people you work with could not be read just now, so everyone is shown. The next refresh asks again.',
    teamWithoutManager:
      'Showing your direct reports: your manager and their team need a permission an administrator grants (User.Read.All).',
    teamRefused:
      "Your organisation does not let Who's Online read your team (your manager and direct reports). An administrator can allow it; until then everyone is shown.",
    looking: 'Looking for the people you work with…',
    noneKnown: 'Microsoft 365 does not know yet whom you work with.',
    noTeam: 'No manager or direct reports were found for you.',
    nobodyOnlineMine: 'None of your people is online right now.',
    nobodyOnlineTeam: 'No one in your team is online right now.',
  },
  addFavourite: (name) => `Pin ${isolate(name)} to favourites`,
  removeFavourite: (name) => `Unpin ${isolate(name)} from favourites`,
  watch: {
    notifyMe: (name) => `Notify me when ${isolate(name)} is available`,
    stopNotifying: (name) => `Stop notifying me about ${isolate(name)}`,
    menuNotify: 'Notify me when available',
    menuStop: 'Stop notifying me',
    watching: (n) => `Watching (${n})`,
    listTitle: 'Notify me when available',
    until: (time) => `until ${time}`,
    unknownPerson: 'Someone not in this list',
    remove: (name) => `Stop notifying me about ${isolate(name)}`,
    none: 'No one is watched.',
    listNote:
      'You are told once, when they turn Available; a watch ends after 8 hours. Only you see your watches: nobody is told they are watched.',
    nowAvailable: (name) => `${isolate(name)} is available`,
    dismiss: 'Dismiss',
    toastOnly: 'This browser does not allow system notifications here: you are told on this page while it is open.',
    notKept: 'This browser does not let the board keep your watches: they last until this page is closed.',
    relayDown: 'Watches could not be registered with the notification service: you are told on this page while it is open.',
    relayCap: (max) =>
      `The notification service holds ${max === null ? 'no more' : `at most ${max}`} watches per person: you are told about this one on this page while it is open.`,
    tabCap: (max) => `You can watch at most ${max} people at once.`,
    sentTitle: 'Notifications sent to Teams (demo)',
    sentNone: 'None yet: close the tab and the relay tells Teams when a watched person turns Available.',
    sentFailed: 'The relay could not say which notifications it sent.',
  },
  actionsFor: (name) => `Actions for ${isolate(name)}`,
  chat: 'Chat',
  call: 'Call',
  mail: 'Send mail',
  copyMail: 'Copy mail address',
  copied: (mail) => `Copied ${isolate(mail)}`,
  actionFailed: (reason) => `That did not work: ${isolate(reason)}`,
  noTeamsAddress: (name) =>
    name === null ? 'No one here has an address Teams knows.' : `${isolate(name)} has no address Teams knows (no sign-in name or mail).`,
  showMore: 'Show more',
  showLess: 'Show less',
  guest: 'Guest',
  disabled: 'Disabled account',
  loadingPeople: 'Loading people',
  lookingForPeople: 'Looking for people online…',
  noMatch: (q) => `No one matches “${isolate(q)}”.`,
  noMatchFilters: 'No one matches these filters.',
  noneYet: 'No one to show yet.',
  nobodyOnline: 'Nobody is online right now.',
  presenceUnavailable: (n, one) =>
    `Presence unavailable for ${n} ${one ? 'person' : 'people'}: they are not on the board. The next refresh asks again.`,
  loadingProgress: (n) => `Loading people… ${n}`,
  loadingProgressOf: (n, total) => `Loading people… ${n} of about ${total}`,
  grantAccess: 'Grant access',
  tryAgain: 'Try again',
  staleSince: (t) => ` Showing status from ${t}.`,
  signInWindowSaid: (m) => ` The sign-in window said: ${m}`,
  signInWindow: {
    cancelled: 'The sign-in window was closed before access was granted. Press Grant access to try again.',
    blocked: 'The sign-in window could not open: allow pop-ups for this app, then press Grant access again.',
    adminApproval: 'Your organisation lets only an administrator grant this access.',
  },
  adminConsent: {
    title: 'An administrator can grant access for everyone',
    body: (scopes) =>
      `Send this link to an administrator of your organisation (a Global Administrator, Privileged Role Administrator or Cloud Application Administrator). It asks them to grant Who's Online these delegated permissions for all users: ${scopes}. Afterwards, press Grant access again.`,
    linkLabel: 'Admin consent link',
    copyLink: 'Copy link',
    copied: 'Link copied',
    copyFailed: 'This window may not use the clipboard: select the link above and copy it.',
  },
  chatInTeams: 'Chat in Teams',
  callInTeams: 'Call in Teams',
  tabConfig: {
    title: "Who's Online in this channel",
    showAmong: 'Show who is online among',
    organisation: 'Everyone in the organisation',
    team: "This team's members",
    defaultSearch: 'Start with this search (optional)',
    defaultSearchHint: "For example a department's mail domain or a surname.",
    permissionNote: "Showing this team's members needs the GroupMember.Read.All permission; you may be asked to grant it the first time.",
    showAs: 'Show as',
    asList: 'A list to search and filter',
    asWall: 'A wall display',
    asWallHint: 'Large tiles that turn page by themselves, for a screen in the office that nobody touches.',
  },
  startup: {
    connecting: 'Connecting to Microsoft 365…',
    configInvalid: 'The configuration is not valid',
    notConnected: [
      'Not connected to a directory',
      'This build has no emulated tenant and no sign-in configured. Start it with GRAPH_TOKEN set, or run it in Teams with VITE_CLIENT_ID (see the README).',
    ],
    signingIn: ['Signing you in…', 'Taking you to Microsoft sign-in.'],
    hostUnanswered: [
      'Microsoft 365 did not answer',
      'Teams, Outlook or the Microsoft 365 app did not connect to this tab (it waits up to 15 seconds). Close the tab and open it again. If you opened this page outside them, open it in its own browser tab instead.',
    ],
    failed: [
      'The board could not start',
      (reason) => `${reason} Close the tab and open it again; if it keeps happening, tell your administrator.`,
    ],
  },
  errors: {
    consent: [
      'Access needed',
      "Who's Online needs your permission to read your organisation's directory and presence (User.ReadBasic.All, Presence.Read.All).",
    ],
    auth: [
      'Sign-in needed',
      'Microsoft Graph did not accept the sign-in, even after a fresh token. Sign in again; if you started the app with GRAPH_TOKEN, get a new one (they last about an hour) and start again.',
    ],
    forbidden: [
      'Permission needed',
      'This board needs the delegated permissions User.ReadBasic.All and Presence.Read.All. Ask an administrator to grant consent, then try again.',
    ],
    throttled: ['Microsoft Graph is busy', 'Too many requests reached Microsoft Graph just now. Wait a minute, then try again.'],
    unavailable: ['Microsoft Graph is unavailable', 'The service did not answer in time. Wait a minute, then try again.'],
    network: ['No connection', 'Could not reach Microsoft Graph. Check your network connection, then try again.'],
    untrusted: [
      'Request refused',
      ({ origin, graphOrigin }) =>
        `Refused to call ${origin}: it is not the configured Graph host ${graphOrigin}. Your sign-in was not sent.`,
    ],
    cutShort: [
      'Directory listing cut short',
      ({ pages, people, totalCount }) =>
        `Microsoft Graph kept naming more pages of the directory: the listing stopped after ${pages} pages (${people} people)${totalCount === null ? '' : `; it said it holds ${totalCount}`}. The board shows the people listed so far.`,
    ],
    redirect: [
      'Redirect refused',
      ({ to, status }) =>
        `Microsoft Graph answered with a redirect${to === null ? '' : ` to ${to}`}${status === undefined ? '' : ` (HTTP ${status})`}. Graph does not redirect this call, so it was not followed. Your sign-in and the people asked about were not sent there. If it happens again, check the Graph address the app is set up with, or what on the network redirects it.`,
    ],
    badAnswer: 'Unexpected answer from Microsoft Graph',
    badAnswerBody: (facts) => {
      switch (facts?.about) {
        case 'status':
          return facts.status >= 400 && facts.status < 500
            ? `Microsoft Graph refused the request (HTTP ${facts.status})${facts.graphSaid ? `: ${facts.graphSaid}` : ''}`
            : `Microsoft Graph answered HTTP ${facts.status}${facts.graphSaid ? `: ${facts.graphSaid}` : ''}`;
        case 'not-json':
          return 'Microsoft Graph sent an answer that is not JSON.';
        case 'no-list':
          return {
            users: 'Microsoft Graph sent a users page without a list of users.',
            batch: 'Microsoft Graph sent a batch answer without a list of responses.',
            presences: 'Microsoft Graph sent a presence answer without a list of presences.',
          }[facts.of];
        case 'not-object-id':
          return `Presence is asked for by user object id (a GUID); the directory gave "${facts.id}".`;
        default:
          return 'Microsoft Graph answered in a way the board cannot read.';
      }
    },
    unknown: 'Something went wrong',
  },
};

export const de: Strings = {
  language: 'de',
  appName: "Who's Online",
  online: (n) => `${n} online`,
  demoBadge: 'Demo-Mandant',
  demoBadgeTitle: 'Die Personen auf dieser Übersicht sind erzeugt; nichts wird aus einem echten Verzeichnis gelesen.',
  updated: (t) => `Aktualisiert ${t}`,
  updating: (t) => `Wird aktualisiert… zuletzt ${t}`,
  relayStale: (t) => `Status verzögert: angezeigt wird der Stand von ${t}`,
  refresh: 'Aktualisieren',
  signOut: 'Abmelden',
  searchPlaceholder: 'Nach Name, E-Mail, Position, Abteilung oder Büro suchen',
  searchPlaceholderPhone: 'Name oder Büro',
  searchLabel: 'Personen suchen',
  filters: 'Filter',
  filtersOn: 'aktiv',
  close: 'Schließen',
  filtersLabel: 'Nach Status anzeigen',
  chip: {
    available: 'Verfügbar',
    busy: 'Beschäftigt',
    'do-not-disturb': 'Nicht stören',
    away: 'Abwesend / Gleich zurück',
    'out-of-office': 'Außer Haus',
    offline: 'Offline',
  },
  chipLabel: (s, n) => `${s} (${n})`,
  showOffline: 'Auch Personen anzeigen, die offline sind',
  groupBy: 'Gruppieren nach',
  group: { none: 'Keine', status: 'Status', department: 'Abteilung' },
  sortBy: 'Sortieren nach',
  sort: { status: 'Status', name: 'Name' },
  hideGuests: 'Gäste ausblenden',
  hideDisabled: 'Deaktivierte Konten ausblenden',
  workLocation: { office: 'Im Büro', remote: 'Remote', timeOff: 'Abwesend' },
  whereChip: { office: 'Im Büro', remote: 'Remote' },
  density: 'Zeilen',
  densityChoice: { comfortable: 'Ausführlich', compact: 'Kompakt' },
  wallPage: (page, of) => `Seite ${page} von ${of}`,
  wallListLabel: 'Personen online',
  wallCountsLabel: 'Online nach Status',
  wallShownOfOnline: (shown, online) => `${shown} von ${online} online angezeigt`,
  wallWhereUnknown: 'Die Anwesenheit in diesem Mandanten sagt nicht, wo gearbeitet wird: Alle, die online sind, werden gezeigt.',
  chatWithEveryone: (n) => `Chat mit allen Angezeigten (${n})`,
  groupChatLimit: (max, shown) =>
    `Teams erlaubt Gruppenchats mit bis zu ${max} Personen außer Ihnen: Die ersten ${max} der ${shown} Angezeigten werden eingeladen.`,
  favouritesHeading: 'Favoriten',
  noDepartment: 'Ohne Abteilung',
  listLabel: 'Personen',
  status: {
    Available: 'Verfügbar',
    'Available, idle': 'Verfügbar, inaktiv',
    Away: 'Abwesend',
    'Be right back': 'Bin gleich zurück',
    Busy: 'Beschäftigt',
    'Busy, idle': 'Beschäftigt, inaktiv',
    'Do not disturb': 'Nicht stören',
    Offline: 'Offline',
    'Status unknown': 'Status unbekannt',
    'In a call': 'In einem Anruf',
    'In a conference call': 'In einer Telefonkonferenz',
    'In a meeting': 'In einer Besprechung',
    Presenting: 'Präsentiert',
    Focusing: 'Konzentriert sich',
    'Urgent interruptions only': 'Nur dringende Unterbrechungen',
    'Off work': 'Nicht im Dienst',
    'Out of office': 'Außer Haus',
  },
  outOfOfficeSuffix: ', außer Haus',
  outOfOfficeMessage: 'Automatische Antwort:',
  calendar: {
    freeUntil: (time) => `Frei bis ${time}`,
    freeRestOfDay: 'Für den Rest des Tages frei',
    meetingUntil: (time, thenFree) => `In einer Besprechung bis ${time}${thenFree ? ' · danach frei' : ''}`,
    busyUntil: (time) => `Beschäftigt bis ${time}`,
    outOfOfficeUntil: (when) => `Abwesend bis ${when}`,
    outOfOffice: 'Abwesend',
    afterHours: 'Außerhalb der Arbeitszeit',
    unavailable: 'Kalender nicht verfügbar',
    localTime: (time) => `${time} Ortszeit`,
    freeAt: (time) => `frei ab ${time}`,
    show: 'Kalender anzeigen',
    consentNeeded:
      "Um zu zeigen, wann jemand frei ist, braucht Who's Online Ihre Erlaubnis, Frei/Gebucht-Zeiten zu lesen (Calendars.ReadBasic). Betreff, Ort und Teilnehmende werden nie gelesen.",
    grant: 'Zugriff erlauben',
    refused:
      "Ihre Organisation erlaubt Who's Online nicht, Frei/Gebucht-Zeiten zu lesen (Calendars.ReadBasic). Eine Administratorin oder ein Administrator kann es erlauben; bis dahin werden keine Kalender gezeigt.",
    noMailbox:
      'Kalender können nicht angezeigt werden: Microsoft 365 liest Frei/Gebucht-Zeiten über Ihr eigenes Outlook-Postfach, und Ihr Konto hat keines, das es erreicht (ein Gastkonto oder keine Exchange Online-Lizenz).',
    hide: 'Kalender ausblenden',
  },
  people: {
    label: 'Wessen Personen',
    everyone: 'Alle',
    mine: 'Meine Kontakte',
    team: 'Mein Team',
    onlineMine: (n) => `${n} Ihrer Kontakte online`,
    onlineTeam: (n) => `${n} aus Ihrem Team online`,
    consentNeeded:
      "Um die Personen zu zeigen, mit denen Sie am meisten arbeiten, braucht Who's Online Ihre Erlaubnis, sie zu lesen (People.Read). Bis dahin werden alle angezeigt.",
    grant: 'Zugriff erlauben',
    refused:
      "Ihre Organisation erlaubt Who's Online nicht, Ihre Kontakte zu lesen (People.Read). Eine Administratorin oder ein Administrator kann es erlauben; bis dahin werden alle angezeigt.",
    showEveryone: 'Alle anzeigen',
    failed: 'Ihre Kontakte konnten gerade nicht gelesen werden, daher werden alle angezeigt. Die nächste Aktualisierung fragt erneut.',
    teamWithoutManager:
      'Angezeigt werden Ihre direkt Unterstellten: Ihre Führungskraft und deren Team brauchen eine Berechtigung, die eine Administratorin oder ein Administrator erteilt (User.Read.All).',
    teamRefused:
      "Ihre Organisation erlaubt Who's Online nicht, Ihr Team (Ihre Führungskraft und Ihre direkt Unterstellten) zu lesen. Eine Administratorin oder ein Administrator kann es erlauben; bis dahin werden alle angezeigt.",
    looking: 'Suche nach den Personen, mit denen Sie arbeiten…',
    noneKnown: 'Microsoft 365 weiß noch nicht, mit wem Sie arbeiten.',
    noTeam: 'Für Sie wurden keine Führungskraft und keine direkt Unterstellten gefunden.',
    nobodyOnlineMine: 'Gerade ist keiner Ihrer Kontakte online.',
    nobodyOnlineTeam: 'Gerade ist niemand aus Ihrem Team online.',
  },
  addFavourite: (name) => `${isolate(name)} an Favoriten anheften`,
  removeFavourite: (name) => `${isolate(name)} von Favoriten lösen`,
  watch: {
    notifyMe: (name) => `Benachrichtigen, wenn ${isolate(name)} verfügbar ist`,
    stopNotifying: (name) => `Nicht mehr über ${isolate(name)} benachrichtigen`,
    menuNotify: 'Benachrichtigen, wenn verfügbar',
    menuStop: 'Nicht mehr benachrichtigen',
    watching: (n) => `Beobachtet (${n})`,
    listTitle: 'Benachrichtigen, wenn verfügbar',
    until: (time) => `bis ${time}`,
    unknownPerson: 'Jemand, der nicht in dieser Liste ist',
    remove: (name) => `Nicht mehr über ${isolate(name)} benachrichtigen`,
    none: 'Niemand wird beobachtet.',
    listNote:
      'Sie werden einmal benachrichtigt, sobald die Person „Verfügbar“ wird; nach 8 Stunden endet die Beobachtung. Nur Sie sehen Ihre Beobachtungen: Niemand erfährt, dass er beobachtet wird.',
    nowAvailable: (name) => `${isolate(name)} ist verfügbar`,
    dismiss: 'Schließen',
    toastOnly:
      'Dieser Browser erlaubt hier keine Systembenachrichtigungen: Sie werden auf dieser Seite benachrichtigt, solange sie geöffnet ist.',
    notKept: 'Dieser Browser lässt die Übersicht Ihre Beobachtungen nicht speichern: Sie gelten, bis diese Seite geschlossen wird.',
    relayDown:
      'Die Beobachtungen konnten beim Benachrichtigungsdienst nicht angemeldet werden: Sie werden auf dieser Seite benachrichtigt, solange sie geöffnet ist.',
    relayCap: (max) =>
      `Der Benachrichtigungsdienst nimmt ${max === null ? 'keine weiteren' : `höchstens ${max}`} Beobachtungen pro Person an: Über diese werden Sie auf dieser Seite benachrichtigt, solange sie geöffnet ist.`,
    tabCap: (max) => `Sie können höchstens ${max} Personen gleichzeitig beobachten.`,
    sentTitle: 'An Teams gesendete Benachrichtigungen (Demo)',
    sentNone: 'Noch keine: Schließen Sie den Tab, dann benachrichtigt der Relay Teams, sobald eine beobachtete Person verfügbar wird.',
    sentFailed: 'Der Relay konnte nicht sagen, welche Benachrichtigungen er gesendet hat.',
  },
  actionsFor: (name) => `Aktionen für ${isolate(name)}`,
  chat: 'Chat',
  call: 'Anrufen',
  mail: 'E-Mail senden',
  copyMail: 'E-Mail-Adresse kopieren',
  copied: (mail) => `${isolate(mail)} kopiert`,
  actionFailed: (reason) => `Das hat nicht geklappt: ${isolate(reason)}`,
  noTeamsAddress: (name) =>
    name === null
      ? 'Niemand hier hat eine Adresse, die Teams kennt.'
      : `${isolate(name)} hat keine Adresse, die Teams kennt (keinen Anmeldenamen und keine E-Mail).`,
  showMore: 'Mehr anzeigen',
  showLess: 'Weniger anzeigen',
  guest: 'Gast',
  disabled: 'Deaktiviertes Konto',
  loadingPeople: 'Personen werden geladen',
  lookingForPeople: 'Suche nach Personen, die online sind…',
  noMatch: (q) => `Niemand passt zu „${isolate(q)}“.`,
  noMatchFilters: 'Niemand passt zu diesen Filtern.',
  noneYet: 'Noch niemand anzuzeigen.',
  nobodyOnline: 'Gerade ist niemand online.',
  presenceUnavailable: (n, one) =>
    `Status für ${n} ${one ? 'Person' : 'Personen'} nicht verfügbar: ${one ? 'Sie fehlt' : 'Sie fehlen'} auf der Übersicht. Die nächste Aktualisierung fragt erneut.`,
  loadingProgress: (n) => `Personen werden geladen… ${n}`,
  loadingProgressOf: (n, total) => `Personen werden geladen… ${n} von etwa ${total}`,
  grantAccess: 'Zugriff erlauben',
  tryAgain: 'Erneut versuchen',
  staleSince: (t) => ` Status von ${t} wird angezeigt.`,
  signInWindowSaid: (m) => ` Das Anmeldefenster meldete: ${m}`,
  signInWindow: {
    cancelled:
      'Das Anmeldefenster wurde geschlossen, bevor der Zugriff erlaubt war. Wählen Sie „Zugriff erlauben“, um es erneut zu versuchen.',
    blocked:
      'Das Anmeldefenster konnte sich nicht öffnen: Erlauben Sie Pop-ups für diese App und wählen Sie dann erneut „Zugriff erlauben“.',
    adminApproval: 'In Ihrer Organisation kann nur eine Administratorin oder ein Administrator diesen Zugriff erlauben.',
  },
  adminConsent: {
    title: 'Eine Administratorin oder ein Administrator kann den Zugriff für alle erlauben',
    body: (scopes) =>
      `Senden Sie diesen Link an eine Administratorin oder einen Administrator Ihrer Organisation (Globaler Administrator, Administrator für privilegierte Rollen oder Cloudanwendungsadministrator). Damit werden Who's Online diese delegierten Berechtigungen für alle erteilt: ${scopes}. Wählen Sie danach erneut „Zugriff erlauben“.`,
    linkLabel: 'Link zur Administratorzustimmung',
    copyLink: 'Link kopieren',
    copied: 'Link kopiert',
    copyFailed: 'Dieses Fenster darf die Zwischenablage nicht nutzen: Markieren Sie den Link oben und kopieren Sie ihn.',
  },
  chatInTeams: 'Chat in Teams',
  callInTeams: 'Anruf in Teams',
  tabConfig: {
    title: "Who's Online in diesem Kanal",
    showAmong: 'Zeigen, wer online ist, unter',
    organisation: 'Allen in der Organisation',
    team: 'Den Mitgliedern dieses Teams',
    defaultSearch: 'Mit dieser Suche beginnen (optional)',
    defaultSearchHint: 'Zum Beispiel die Mail-Domäne einer Abteilung oder ein Nachname.',
    permissionNote:
      'Für die Mitglieder dieses Teams braucht die App die Berechtigung GroupMember.Read.All; beim ersten Mal werden Sie vielleicht gebeten, sie zu erteilen.',
    showAs: 'Anzeigen als',
    asList: 'Liste zum Suchen und Filtern',
    asWall: 'Wandanzeige',
    asWallHint: 'Große Kacheln, die von selbst weiterblättern, für einen Bildschirm im Büro, den niemand bedient.',
  },
  startup: {
    connecting: 'Verbindung mit Microsoft 365…',
    configInvalid: 'Die Konfiguration ist ungültig',
    notConnected: [
      'Mit keinem Verzeichnis verbunden',
      'Dieser Build hat keinen emulierten Mandanten und keine Anmeldung. Starten Sie ihn mit GRAPH_TOKEN oder in Teams mit VITE_CLIENT_ID (siehe README).',
    ],
    signingIn: ['Anmeldung…', 'Sie werden zur Microsoft-Anmeldung weitergeleitet.'],
    hostUnanswered: [
      'Microsoft 365 hat nicht geantwortet',
      'Teams, Outlook oder die Microsoft 365-App haben sich nicht mit dieser Registerkarte verbunden (sie wartet bis zu 15 Sekunden). Schließen Sie die Registerkarte und öffnen Sie sie erneut. Wenn Sie diese Seite außerhalb davon geöffnet haben, öffnen Sie sie in einem eigenen Browsertab.',
    ],
    failed: [
      'Die Übersicht konnte nicht starten',
      (reason) =>
        `${reason} Schließen Sie die Registerkarte und öffnen Sie sie erneut; wenn es wieder passiert, wenden Sie sich an Ihre Administration.`,
    ],
  },
  errors: {
    consent: [
      'Zugriff nötig',
      "Who's Online braucht Ihre Erlaubnis, das Verzeichnis und den Status Ihrer Organisation zu lesen (User.ReadBasic.All, Presence.Read.All).",
    ],
    auth: [
      'Anmeldung nötig',
      'Microsoft Graph hat die Anmeldung auch mit einem neuen Token nicht angenommen. Melden Sie sich erneut an; wenn Sie die App mit GRAPH_TOKEN gestartet haben, holen Sie ein neues (es gilt etwa eine Stunde) und starten Sie neu.',
    ],
    forbidden: [
      'Berechtigung nötig',
      'Diese Übersicht braucht die delegierten Berechtigungen User.ReadBasic.All und Presence.Read.All. Bitten Sie eine Administratorin oder einen Administrator um die Zustimmung und versuchen Sie es dann erneut.',
    ],
    throttled: [
      'Microsoft Graph ist ausgelastet',
      'Gerade kamen zu viele Anfragen bei Microsoft Graph an. Warten Sie eine Minute und versuchen Sie es erneut.',
    ],
    unavailable: [
      'Microsoft Graph ist nicht erreichbar',
      'Der Dienst hat nicht rechtzeitig geantwortet. Warten Sie eine Minute und versuchen Sie es erneut.',
    ],
    network: ['Keine Verbindung', 'Microsoft Graph war nicht erreichbar. Prüfen Sie Ihre Netzwerkverbindung und versuchen Sie es erneut.'],
    untrusted: [
      'Anfrage abgelehnt',
      ({ origin, graphOrigin }) =>
        `${origin} wurde nicht aufgerufen: Es ist nicht der eingerichtete Graph-Host ${graphOrigin}. Ihre Anmeldung wurde nicht gesendet.`,
    ],
    cutShort: [
      'Verzeichnisliste gekürzt',
      ({ pages, people, totalCount }) =>
        `Microsoft Graph nannte immer weitere Seiten des Verzeichnisses: Die Liste endete nach ${pages} Seiten (${people} Personen)${totalCount === null ? '' : `; laut Graph sind es ${totalCount}`}. Die Übersicht zeigt die bis dahin gelisteten Personen.`,
    ],
    redirect: [
      'Umleitung abgelehnt',
      ({ to, status }) =>
        `Microsoft Graph antwortete mit einer Umleitung${to === null ? '' : ` nach ${to}`}${status === undefined ? '' : ` (HTTP ${status})`}. Graph leitet diesen Aufruf nie um, daher wurde ihr nicht gefolgt. Ihre Anmeldung und die abgefragten Personen wurden nicht dorthin gesendet. Wenn es wieder passiert, prüfen Sie die Graph-Adresse, mit der die App eingerichtet ist, oder was im Netzwerk sie umleitet.`,
    ],
    badAnswer: 'Unerwartete Antwort von Microsoft Graph',
    badAnswerBody: (facts) => {
      switch (facts?.about) {
        case 'status':
          return facts.status >= 400 && facts.status < 500
            ? `Microsoft Graph hat die Anfrage abgelehnt (HTTP ${facts.status})${facts.graphSaid ? `. Graph meldet: ${facts.graphSaid}` : ''}`
            : `Microsoft Graph antwortete mit HTTP ${facts.status}${facts.graphSaid ? `. Graph meldet: ${facts.graphSaid}` : ''}`;
        case 'not-json':
          return 'Microsoft Graph hat eine Antwort gesendet, die kein JSON ist.';
        case 'no-list':
          return {
            users: 'Microsoft Graph hat eine Benutzerseite ohne Liste von Benutzern gesendet.',
            batch: 'Microsoft Graph hat eine Batch-Antwort ohne Liste von Antworten gesendet.',
            presences: 'Microsoft Graph hat eine Präsenzantwort ohne Liste von Präsenzen gesendet.',
          }[facts.of];
        case 'not-object-id':
          return `Präsenz wird über die Objekt-ID eines Benutzers (eine GUID) abgefragt; das Verzeichnis lieferte „${facts.id}“.`;
        default:
          return 'Microsoft Graph hat so geantwortet, dass die Übersicht die Antwort nicht lesen kann.';
      }
    },
    unknown: 'Etwas ist schiefgegangen',
  },
};

/** German for a German locale (de, de-DE, de-AT, de-CH…), English otherwise. */
export function stringsFor(locale: string | undefined): Strings {
  return locale?.toLowerCase().split(/[-_]/)[0] === 'de' ? de : en;
}

/** The status label in the reader's language: the activity or availability, and out of office. */
export function statusText(strings: Strings, view: { labelKey: StatusLabelKey; outOfOffice: boolean }): string {
  const base = strings.status[view.labelKey];
  return view.outOfOffice && view.labelKey !== 'Out of office' ? `${base}${strings.outOfOfficeSuffix}` : base;
}

export const StringsContext = createContext<Strings>(en);

export function useStrings(): Strings {
  return useContext(StringsContext);
}
