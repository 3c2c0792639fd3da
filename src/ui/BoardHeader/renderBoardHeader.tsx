import { Badge, Button, Spinner, Text, Title3 } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { BoardHeaderState } from './BoardHeader.types';
import type { BoardHeaderClasses } from './useBoardHeaderStyles.styles';

export function renderBoardHeader(state: BoardHeaderState, classes: BoardHeaderClasses) {
  const { strings, online, demo, updated, stale, busy, onRefresh, account, onSignOut } = state;
  return (
    <header className={classes.header}>
      <div className={classes.title}>
        <Title3 as="h1">{strings.appName}</Title3>
        <Text size={400} weight="semibold" data-testid="online-count">
          {online}
        </Text>
        {demo ? (
          <Badge appearance="tint" color="informative" title={strings.demoBadgeTitle}>
            {strings.demoBadge}
          </Badge>
        ) : null}
      </div>
      {stale !== null ? (
        <Text className={classes.updated} role="status" data-testid="relay-stale">
          {stale}
        </Text>
      ) : updated !== null ? (
        <Text className={classes.updated} role="status">
          {updated}
        </Text>
      ) : null}
      <Button icon={busy ? <Spinner size="tiny" /> : <ArrowClockwiseRegular />} onClick={onRefresh} disabled={busy}>
        {strings.refresh}
      </Button>
      {account ? (
        <>
          <Text className={classes.updated}>{account.name}</Text>
          <Button appearance="subtle" onClick={onSignOut}>
            {strings.signOut}
          </Button>
        </>
      ) : null}
    </header>
  );
}
