import { Avatar, Button, mergeClasses, Popover, PopoverSurface, Text } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons/svg/dismiss';
import { useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { SentNotification } from '../../board/relayWatches';
import { statusText, useStrings } from '../strings';
import type { WatchListProps } from './Watches.types';
import { useWatchesStyles } from './useWatchesStyles.styles';

/** How often the demo's "Notifications sent" is read again while the list is open. */
const SENT_EVERY_MS = 5000;

/** Demo mode with a relay: what Teams' activity feed was sent for the viewer, read while the list is open. */
function useSentNotifications(read: (() => Promise<SentNotification[]>) | undefined): SentNotification[] | 'failed' | null {
  const [sent, setSent] = useState<SentNotification[] | 'failed' | null>(null);
  useEffect(() => {
    if (!read) return;
    let live = true;
    const poll = () =>
      read().then(
        (list) => live && setSent(list),
        () => live && setSent('failed'),
      );
    void poll();
    const timer = setInterval(() => void poll(), SENT_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [read]);
  return sent;
}

const hoursAndMinutes = (at: number, locale?: string) =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(at));

/**
 * The one place that lists the viewer's watches: each watched person (name, status now, until when
 * the watch lasts) with a button that ends the watch. Loaded the first time it opens.
 */
export default function WatchList({ center, target, onClose, locale, photos, sentNotifications }: WatchListProps) {
  const strings = useStrings();
  const classes = useWatchesStyles();
  const titleId = useId();
  const watches = useSyncExternalStore(center.subscribe, center.getSnapshot);
  const people = useSyncExternalStore(center.people.subscribe, center.people.people);
  const known = new Map(people.map((p) => [p.personId, p.person]));
  const sent = useSentNotifications(sentNotifications);
  // After a remove, focus stays in the list: on the next remove button (or the one before, or the list itself).
  const surface = useRef<HTMLDivElement>(null);
  const removedAt = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = removedAt.current;
    if (at === null) return;
    removedAt.current = null;
    const buttons = surface.current?.querySelectorAll<HTMLElement>('[data-watch-remove]') ?? [];
    (buttons[Math.min(at, buttons.length - 1)] ?? surface.current)?.focus();
  }, [watches]);
  return (
    <Popover
      open
      positioning={{ target, position: 'below', align: 'end' }}
      trapFocus
      onOpenChange={(_, data) => (data.open ? undefined : onClose())}
    >
      <PopoverSurface ref={surface} tabIndex={-1} className={classes.surface} aria-labelledby={titleId} data-watch-list="">
        <Text as="h2" weight="semibold" size={400} id={titleId}>
          {strings.watch.listTitle}
        </Text>
        {watches.length === 0 ? <Text>{strings.watch.none}</Text> : null}
        <ul className={classes.list}>
          {watches.map((watch, index) => {
            const person = known.get(watch.personId) ?? null;
            const name = person?.user.displayName ?? strings.watch.unknownPerson;
            const photo = person ? photos.photoOf(person.user.id) : undefined;
            return (
              <li key={watch.personId} className={classes.item} data-watched-person={watch.personId}>
                <Avatar
                  name={person?.user.displayName}
                  image={photo ? { src: photo, alt: '' } : undefined}
                  size={32}
                  badge={person ? { status: person.view.badge, outOfOffice: person.view.outOfOffice } : undefined}
                  aria-hidden
                />
                <div className={classes.itemText}>
                  <Text weight="semibold" className={classes.line} dir="auto">
                    {name}
                  </Text>
                  <Text size={200} className={mergeClasses(classes.line, classes.secondary)}>
                    {[person ? statusText(strings, person.view) : null, strings.watch.until(hoursAndMinutes(watch.expiresAt, locale))]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </div>
                <Button
                  appearance="subtle"
                  icon={<DismissRegular />}
                  aria-label={strings.watch.remove(name)}
                  title={strings.watch.remove(name)}
                  data-watch-remove=""
                  onClick={() => {
                    removedAt.current = index;
                    center.remove(watch.personId);
                  }}
                />
              </li>
            );
          })}
        </ul>
        <Text size={200} className={classes.note}>
          {strings.watch.listNote}
        </Text>
        {sentNotifications ? (
          <section aria-label={strings.watch.sentTitle} data-sent-notifications="">
            <Text as="h3" weight="semibold" size={300}>
              {strings.watch.sentTitle}
            </Text>
            {sent === 'failed' ? (
              <Text size={200} block className={classes.note}>
                {strings.watch.sentFailed}
              </Text>
            ) : sent !== null && sent.length === 0 ? (
              <Text size={200} block className={classes.note}>
                {strings.watch.sentNone}
              </Text>
            ) : (
              <ul className={classes.list}>
                {(sent ?? []).slice(0, 10).map((n, i) => (
                  <li key={`${n.at}-${i}`}>
                    <Text size={200} dir="auto">
                      {hoursAndMinutes(n.at, locale)} · {n.text}
                    </Text>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
      </PopoverSurface>
    </Popover>
  );
}
