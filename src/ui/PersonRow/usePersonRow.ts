import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { outOfOfficeOf, personRowHeight, roleOf } from '../../board/rowLayout';
import { statusText, useStrings } from '../strings';
import type { PersonRowProps, PersonRowState } from './PersonRow.types';

/** The row's state from its props: texts, the keyboard stop, the expanded messages, Enter opening the menu. */
export function usePersonRow(props: PersonRowProps): PersonRowState {
  const { person, active, handlers, menuOpen, density = 'comfortable' } = props;
  const strings = useStrings();
  // The menu's target, kept in state only once the menu opens (before the frame is painted). Set by
  // the button's ref as each row mounted, it re-rendered every new row at once in the task that
  // drew them (a state update from inside React's commit is drawn straight after it): 30-60 ms on
  // the page's thread each time a large board's list changed (docs/speed.md, "No long task from
  // navigation").
  const menuButtonRef = useRef<HTMLButtonElement | null>(null);
  const [menuButton, setMenuButton] = useState<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (menuOpen) setMenuButton(menuButtonRef.current);
  }, [menuOpen]);
  // Expanded messages make the row as tall as they need; otherwise its height is known in advance.
  const [expanded, setExpanded] = useState(false);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      handlers.onMenuChange(person.user.id, true);
    }
  };

  return {
    ...props,
    strings,
    status: statusText(strings, person.view),
    role: roleOf(person),
    outOfOfficeMessage: outOfOfficeOf(person),
    tabIndex: active ? 0 : -1,
    expanded,
    toggleExpanded: () => setExpanded((e) => !e),
    menuButton,
    menuButtonRef,
    onKeyDown,
    height: expanded && density === 'comfortable' ? undefined : personRowHeight(person, density, props.calendarLine ?? false),
  };
}
