import { Avatar, Button, Text, Toaster, useId, useToastController } from '@fluentui/react-components';
import { CallRegular } from '@fluentui/react-icons/svg/call';
import { ChatRegular } from '@fluentui/react-icons/svg/chat';
import { DismissRegular } from '@fluentui/react-icons/svg/dismiss';
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
 *
 * The toasts are Fluent's Toaster and toast controller; each toast's surface is drawn here from
 * Fluent's Avatar, Text and Button with design tokens, as Fluent's Toast lays it out. Fluent's own
 * Toast and Link, imported from this lazily loaded part, made the bundler split the first paint's
 * shared modules into a dozen chunks: +5 KB gzip on the first paint for code it never runs.
 */
export default function WatchAlerts({ center, notifications, onChat, onCall, chatOpensTeams, photos }: WatchAlertsProps) {
  const strings = useStrings();
  const classes = useWatchesStyles();
  const toasterId = useId('watches');
  const { dispatchToast, dismissToast } = useToastController(toasterId);
  const [announcement, setAnnouncement] = useState('');
  // What a toast uses, as of when it is made; the title's count is not reset when these change.
  const latest = useRef({ strings, classes, onChat, onCall, chatOpensTeams, photos });
  useEffect(() => {
    latest.current = { strings, classes, onChat, onCall, chatOpensTeams, photos };
  });

  useEffect(() => {
    const title = new TitleCount(documentTitleHost());
    let told = 0;
    const stop = center.onFired(({ person }) => {
      const { strings, classes, onChat, onCall, chatOpensTeams, photos } = latest.current;
      const name = person.user.displayName;
      const status = statusText(strings, person.view);
      const toastId = `watch-${person.user.id}-${++told}`;
      const photo = photos.photoOf(person.user.id);
      const titleId = `${toastId}-title`;
      dispatchToast(
        <div className={classes.toast} role="group" aria-labelledby={titleId} data-watch-toast={person.user.id}>
          <Avatar
            name={name}
            image={photo ? { src: photo, alt: '' } : undefined}
            size={32}
            badge={{ status: person.view.badge, outOfOffice: person.view.outOfOffice }}
            aria-hidden
          />
          <div className={classes.toastText}>
            <Text weight="semibold" id={titleId} className={classes.title} dir="auto">
              {strings.watch.nowAvailable(name)}
            </Text>
            <Text size={200} className={classes.secondary}>
              {status}
            </Text>
            <div className={classes.actions}>
              <Button size="small" icon={<ChatRegular />} onClick={() => onChat(person)}>
                {chatOpensTeams ? strings.chatInTeams : strings.chat}
              </Button>
              <Button size="small" icon={<CallRegular />} onClick={() => onCall(person)}>
                {chatOpensTeams ? strings.callInTeams : strings.call}
              </Button>
            </div>
          </div>
          <Button
            appearance="subtle"
            size="small"
            icon={<DismissRegular />}
            aria-label={strings.watch.dismiss}
            title={strings.watch.dismiss}
            onClick={() => dismissToast(toastId)}
          />
        </div>,
        // It stays until dismissed: the viewer may be in another window when it comes.
        { toastId, timeout: -1 },
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
  }, [center, notifications, dispatchToast, dismissToast]);

  return (
    <>
      <Toaster toasterId={toasterId} position="bottom-end" limit={MAX_TOASTS} announce={silent} className={classes.toaster} />
      <div role="status" aria-live="polite" className={classes.visuallyHidden} data-watch-announcement="">
        {announcement}
      </div>
    </>
  );
}
