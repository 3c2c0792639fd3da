import { Button, List, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Person } from '../presence/types';
import { formatCount } from './format';
import { PersonRow } from './PersonRow';

/** Rows drawn at first and added per "Show more", so a large tenant does not stall the page. */
export const ROWS_PER_STEP = 200;

const useStyles = makeStyles({
  more: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, padding: tokens.spacingVerticalM },
  empty: { padding: tokens.spacingVerticalXXL, color: tokens.colorNeutralForeground3, textAlign: 'center' },
});

export interface PeopleListProps {
  people: readonly Person[];
  /** Shown when `people` is empty. */
  emptyText: string;
  locale?: string;
  /** Told which people are drawn, so a refresh can ask for them first. */
  onVisibleChange?: (ids: string[]) => void;
}

export function PeopleList({ people, emptyText, locale, onVisibleChange }: PeopleListProps) {
  const styles = useStyles();
  const [limit, setLimit] = useState(ROWS_PER_STEP);
  const visible = people.slice(0, limit);
  useEffect(() => {
    onVisibleChange?.(visible.map((p) => p.user.id));
    // Only when the drawn people change, not on every new array of the same people.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [people, limit, onVisibleChange]);
  if (people.length === 0) {
    return (
      <Text className={styles.empty} block>
        {emptyText}
      </Text>
    );
  }
  return (
    <>
      <List aria-label="Online people">
        {visible.map((person) => (
          <PersonRow key={person.user.id} person={person} />
        ))}
      </List>
      {people.length > visible.length ? (
        <div className={styles.more}>
          <Text>
            Showing {formatCount(visible.length, locale)} of {formatCount(people.length, locale)}
          </Text>
          <Button onClick={() => setLimit((n) => n + ROWS_PER_STEP)}>Show more</Button>
        </div>
      ) : null}
    </>
  );
}
