import { formatCount, formatTime } from '../format';
import { useStrings } from '../strings';
import { useNarrow } from '../useNarrow';
import type { BoardHeaderProps, BoardHeaderState } from './BoardHeader.types';

/** The header's texts from its props: the online count and when the board was last read. */
export function useBoardHeader({
  onlineCount,
  demo,
  updatedAt,
  refreshing,
  staleSince,
  busy,
  onRefresh,
  locale,
  account,
  counted,
  countText,
  extra,
}: BoardHeaderProps): BoardHeaderState {
  const strings = useStrings();
  const narrow = useNarrow();
  const count = formatCount(onlineCount, locale);
  return {
    narrow,
    extra,
    strings,
    online:
      countText ??
      (counted === 'mine'
        ? strings.people.onlineMine(count)
        : counted === 'team'
          ? strings.people.onlineTeam(count)
          : strings.online(count)),
    demo,
    updated: updatedAt
      ? refreshing
        ? strings.updating(formatTime(updatedAt, locale))
        : strings.updated(formatTime(updatedAt, locale))
      : null,
    stale: staleSince ? strings.relayStale(formatTime(staleSince, locale)) : null,
    busy,
    onRefresh,
    account,
    onSignOut: () => void account?.signOut(),
  };
}
