import type { SystemNotifications } from '../../board/systemNotifications';
import type { WatchCenter } from '../../board/watchCenter';
import type { Person } from '../../presence/types';
import type { PhotoSource } from '../PeopleList/PeopleList.types';

/** The board's watches (docs/features.md, "Watches"): where they are kept and how a fired one is told. */
export interface BoardWatches {
  center: WatchCenter;
  /** The browser's system notifications (a plain browser tab only; permission asked from the first bell). */
  notifications: SystemNotifications;
}

export interface WatchListProps {
  center: WatchCenter;
  /** The header's button the list opens from (focus goes back there on close). */
  target: HTMLElement;
  onClose: () => void;
  locale?: string;
  photos: PhotoSource;
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
