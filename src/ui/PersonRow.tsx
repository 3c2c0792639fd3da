import { Avatar, ListItem, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { memo } from 'react';
import type { Person } from '../presence/types';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, flex: 1 },
  line: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  secondary: { color: tokens.colorNeutralForeground3 },
  status: { color: tokens.colorNeutralForeground2 },
});

/** One online person: avatar with presence badge, name, status label as text, mail, status message. */
export const PersonRow = memo(function PersonRow({ person }: { person: Person }) {
  const styles = useStyles();
  const { user, view, presence } = person;
  return (
    <ListItem className={styles.row} aria-label={`${user.displayName}, ${view.label}`}>
      <Avatar name={user.displayName} size={40} badge={{ status: view.badge, outOfOffice: view.outOfOffice }} />
      <div className={styles.text}>
        <Text weight="semibold" className={styles.line}>
          {user.displayName}
        </Text>
        <Text size={200} className={mergeClasses(styles.line, styles.status)}>
          {view.label}
        </Text>
        {presence?.statusMessage ? (
          <Text size={200} italic className={mergeClasses(styles.line, styles.status)}>
            {presence.statusMessage}
          </Text>
        ) : null}
        {user.mail ? (
          <Text size={200} className={mergeClasses(styles.line, styles.secondary)}>
            {user.mail}
          </Text>
        ) : null}
      </div>
    </ListItem>
  );
});
