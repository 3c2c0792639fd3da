import {
  Avatar,
  Button,
  Link,
  Toast,
  ToastBody,
  ToastFooter,
  Toaster,
  ToastTitle,
  ToastTrigger,
  useId,
  useToastController,
} from '@fluentui/react-components';
import { CallRegular } from '@fluentui/react-icons/svg/call';
import { ChatRegular } from '@fluentui/react-icons/svg/chat';
import { useEffect, useRef, useState } from 'react';
import { documentTitleHost, TitleCount } from '../../board/titleCount';
import { statusText, useStrings } from '../strings';
import type { WatchAlertsProps } from './Watches.types';
import { useWatchesStyles } from './useWatchesStyles.styles';

/** Fluent's own announcement is left out: the live region below says it once, in the board's words. */
const silent = () => undefined;

/** At most this many toasts at once (several people turning Available together). */
const MAX_TOASTS = 4;

/**
 * How a watch that fired is told while the page is open: a toast (the person, their status, Chat
 * and Call), an announcement for screen readers, a count in the document's title until the viewer
 * looks, and, in a plain browser tab where permitted, a system notification. Loaded once the
 * viewer has watches; a watch that fires before it is here waits for it (WatchCenter).
 */
export default function WatchAlerts({ center, notifications, onChat, onCall, chatOpensTeams, photos }: WatchAlertsProps) {
  const strings = useStrings();
  const classes = useWatchesStyles();
  const toasterId = useId('watches');
  const { dispatchToast } = useToastController(toasterId);
  const [announcement, setAnnouncement] = useState('');
  // What a toast uses, as of when it is made; the title's count is not reset when these change.
  const latest = useRef({ strings, onChat, onCall, chatOpensTeams, photos });
  useEffect(() => {
    latest.current = { strings, onChat, onCall, chatOpensTeams, photos };
  });

  useEffect(() => {
    const title = new TitleCount(documentTitleHost());
    let told = 0;
    const stop = center.onFired(({ person }) => {
      const { strings, onChat, onCall, chatOpensTeams, photos } = latest.current;
      const name = person.user.displayName;
      const status = statusText(strings, person.view);
      const toastId = `watch-${person.user.id}-${++told}`;
      const photo = photos.photoOf(person.user.id);
      dispatchToast(
        <Toast data-watch-toast={person.user.id}>
          <ToastTitle
            media={
              <Avatar
                name={name}
                image={photo ? { src: photo, alt: '' } : undefined}
                size={32}
                badge={{ status: person.view.badge, outOfOffice: person.view.outOfOffice }}
                aria-hidden
              />
            }
            action={
              <ToastTrigger>
                <Link as="button">{strings.watch.dismiss}</Link>
              </ToastTrigger>
            }
          >
            {strings.watch.nowAvailable(name)}
          </ToastTitle>
          <ToastBody>{status}</ToastBody>
          <ToastFooter>
            <Button size="small" icon={<ChatRegular />} onClick={() => onChat(person)}>
              {chatOpensTeams ? strings.chatInTeams : strings.chat}
            </Button>
            <Button size="small" icon={<CallRegular />} onClick={() => onCall(person)}>
              {chatOpensTeams ? strings.callInTeams : strings.call}
            </Button>
          </ToastFooter>
        </Toast>,
        // It stays until dismissed: the viewer may be in another window when it comes.
        { toastId, timeout: -1, intent: 'info' },
      );
      // Told with the status, so a second person in a row is read out too.
      setAnnouncement(`${strings.watch.nowAvailable(name)}. ${status}.`);
      title.add();
      notifications.show(strings.watch.nowAvailable(name), status, toastId, () => window.focus());
    });
    return () => {
      stop();
      title.dispose();
    };
  }, [center, notifications, dispatchToast]);

  return (
    <>
      <Toaster toasterId={toasterId} position="bottom-end" limit={MAX_TOASTS} announce={silent} />
      <div role="status" aria-live="polite" className={classes.visuallyHidden} data-watch-announcement="">
        {announcement}
      </div>
    </>
  );
}
