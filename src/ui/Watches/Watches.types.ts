import type { SentNotification } from '../../board/relayWatches';
import type { SystemNotifications } from '../../board/systemNotifications';
import type { WatchCenter } from '../../board/watchCenter';
import type { Person } from '../../presence/types';
import type { PhotoSource } from '../PeopleList/PeopleList.types';

/** The board's watches (docs/features.md, "Watches"): where they are kept and how a fired one is told. */
export interface BoardWatches {
  center: WatchCenter;
  /** The browser's system notifications (a plain browser tab only; permission asked from the first bell). */
  notifications: SystemNotifications;
  /** Demo mode with a relay: the activity feed notifications the relay's emulated tenant accepted for the viewer. */
  sentNotifications?: () => Promise<SentNotification[]>;
}

export interface WatchListProps {
  center: WatchCenter;
  /** The header's button the list opens from (focus goes back there on close). */
  target: HTMLElement;
  onClose: () => void;
  locale?: string;
  photos: PhotoSource;
  /** Demo mode with a relay: what Teams' activity feed was sent, shown under the watches. */
  sentNotifications?: () => Promise<SentNotification[]>;
}

export interface WatchAlertsProps {
  center: WatchCenter;
  notifications: SystemNotifications;
  onChat: (person: Person) => void;
  onCall: (person: Person) => void;
  /** Chat and call leave this host for Teams: the buttons say so. */
  chatOpensTeams: boolean;
  photos: PhotoSource;
}
