import type { PeopleListProps } from './PeopleList.types';
import { renderPeopleList } from './renderPeopleList';
import { usePeopleList } from './usePeopleList';
import { usePeopleListStyles } from './usePeopleListStyles.styles';

/**
 * The people, drawn as a virtualised list: only the rows on screen (and a few around them)
 * exist in the page, so 50,000 people scroll and filter like 50. One row is the keyboard stop;
 * arrow keys, Page Up/Down, Home and End move between rows, Enter opens a person's actions.
 */
export function PeopleList(props: PeopleListProps) {
  const state = usePeopleList(props);
  const classes = usePeopleListStyles();
  return renderPeopleList(state, classes);
}
