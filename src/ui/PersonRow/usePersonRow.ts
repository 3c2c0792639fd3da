import { useState, type KeyboardEvent } from 'react';
import { outOfOfficeOf, personRowHeight, roleOf } from '../../board/rowLayout';
import { statusText, useStrings } from '../strings';
import type { PersonRowProps, PersonRowState } from './PersonRow.types';

/** The row's state from its props: texts, the keyboard stop, the expanded messages, Enter opening the menu. */
export function usePersonRow(props: PersonRowProps): PersonRowState {
  const { person, active, handlers, density = 'comfortable' } = props;
  const strings = useStrings();
  const [menuButton, setMenuButton] = useState<HTMLElement | null>(null);
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
    setMenuButton,
    onKeyDown,
    height: expanded && density === 'comfortable' ? undefined : personRowHeight(person, density, props.calendarLine ?? false),
  };
}
