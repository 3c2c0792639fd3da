import type { SignedInAccount } from '../auth/chooseTokenSource';
import { Badge, Button, makeStyles, Spinner, Text, Title3, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { formatCount, formatTime } from './format';
import { useStrings } from './strings';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
  },
  title: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalM, flex: 1 },
  updated: { color: tokens.colorNeutralForeground3 },
});

export interface BoardHeaderProps {
  onlineCount: number;
  demo: boolean;
  updatedAt: Date | null;
  /** Presence is being read again; what is shown is from `updatedAt`. */
  refreshing: boolean;
  /** The presence relay says its board is behind since this time (null: fresh, or no relay). */
  staleSince?: Date | null;
  busy: boolean;
  onRefresh: () => void;
  locale?: string;
  account?: SignedInAccount;
}

export function BoardHeader({ onlineCount, demo, updatedAt, refreshing, staleSince, busy, onRefresh, locale, account }: BoardHeaderProps) {
  const styles = useStyles();
  const strings = useStrings();
  return (
    <header className={styles.header}>
      <div className={styles.title}>
        <Title3 as="h1">{strings.appName}</Title3>
        <Text size={400} weight="semibold" data-testid="online-count">
          {strings.online(formatCount(onlineCount, locale))}
        </Text>
        {demo ? (
          <Badge appearance="tint" color="informative" title={strings.demoBadgeTitle}>
            {strings.demoBadge}
          </Badge>
        ) : null}
      </div>
      {staleSince ? (
        <Text className={styles.updated} role="status" data-testid="relay-stale">
          {strings.relayStale(formatTime(staleSince, locale))}
        </Text>
      ) : updatedAt ? (
        <Text className={styles.updated} role="status">
          {refreshing ? strings.updating(formatTime(updatedAt, locale)) : strings.updated(formatTime(updatedAt, locale))}
        </Text>
      ) : null}
      <Button icon={busy ? <Spinner size="tiny" /> : <ArrowClockwiseRegular />} onClick={onRefresh} disabled={busy}>
        {strings.refresh}
      </Button>
      {account ? (
        <>
          <Text className={styles.updated}>{account.name}</Text>
          <Button appearance="subtle" onClick={() => void account.signOut()}>
            {strings.signOut}
          </Button>
        </>
      ) : null}
    </header>
  );
}
