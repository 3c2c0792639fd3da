import { Button } from '@fluentui/react-components';
import { AlertRegular } from '@fluentui/react-icons/svg/alert';
import { lazy, Suspense, useState, useSyncExternalStore } from 'react';
import { formatCount } from '../format';
import { useStrings } from '../strings';
import { LoadFailureBoundary } from '../lazyParts';
import type { SentNotification } from '../../board/relayWatches';
import type { WatchCenter } from '../../board/watchCenter';
import type { PhotoSource } from '../PeopleList/PeopleList.types';
import { useNarrow } from '../useNarrow';
import { useWatchesStyles } from './useWatchesStyles.styles';

/** The list of watches' code arrives the first time it is opened. */
const WatchList = lazy(() => import('./WatchList'));

export interface WatchingButtonProps {
  center: WatchCenter;
  locale?: string;
  photos: PhotoSource;
  /** Demo mode with a relay: the button stays (with "Notifications sent") when no watch is left. */
  sentNotifications?: () => Promise<SentNotification[]>;
}

/** "Watching (2)" in the header while there are watches: opens the one place that lists them, with their remove buttons. */
export function WatchingButton({ center, locale, photos, sentNotifications }: WatchingButtonProps) {
  const strings = useStrings();
  // A phone's header: the bell and the count only (the label is the button's name).
  const narrow = useNarrow();
  const classes = useWatchesStyles();
  const watches = useSyncExternalStore(center.subscribe, center.getSnapshot);
  const [open, setOpen] = useState(false);
  const [button, setButton] = useState<HTMLElement | null>(null);
  if (watches.length === 0 && !open && !sentNotifications) return null;
  const count = formatCount(watches.length, locale);
  const label = strings.watch.watching(count);
  return (
    <>
      <Button
        ref={setButton}
        appearance="subtle"
        className={classes.touch}
        icon={<AlertRegular />}
        aria-label={narrow ? label : undefined}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={label}
        data-watching=""
        onClick={() => setOpen((o) => !o)}
      >
        {narrow ? count : label}
      </Button>
      {open && button ? (
        <LoadFailureBoundary fallback={null}>
          <Suspense fallback={null}>
            <WatchList
              center={center}
              target={button}
              locale={locale}
              photos={photos}
              {...(sentNotifications ? { sentNotifications } : {})}
              onClose={() => {
                setOpen(false);
                button.focus();
              }}
            />
          </Suspense>
        </LoadFailureBoundary>
      ) : null}
    </>
  );
}
