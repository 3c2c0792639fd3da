import { Badge, Button, Caption1, Link, mergeClasses, Spinner, Text, Title3 } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons/svg/arrow-clockwise';
import type { BoardHeaderState } from './BoardHeader.types';
import type { BoardHeaderClasses } from './useBoardHeaderStyles.styles';

/** On a phone: one line — the title (cut short if need be), the count, the demo mark and refresh as an icon. */
function renderNarrowHeader(state: BoardHeaderState, classes: BoardHeaderClasses) {
  const { strings, online, demo, updated, stale, busy, onRefresh, account, onSignOut } = state;
  return (
    <header className={classes.narrowHeader}>
      <div className={mergeClasses(classes.header, classes.narrow)}>
        <Text as="h1" weight="semibold" size={400} className={classes.narrowTitle}>
          {strings.appName}
        </Text>
        <Text size={300} weight="semibold" data-testid="online-count" className={classes.count}>
          {online}
        </Text>
        {demo ? (
          <Badge appearance="tint" color="informative" size="small" title={strings.demoBadgeTitle}>
            {strings.demoBadge}
          </Badge>
        ) : null}
        {state.extra}
        <Button
          className={classes.touch}
          appearance="subtle"
          icon={busy ? <Spinner size="tiny" /> : <ArrowClockwiseRegular />}
          onClick={onRefresh}
          disabled={busy}
          aria-label={strings.refresh}
          title={stale ?? updated ?? strings.refresh}
        />
      </div>
      {stale !== null || updated !== null || account ? (
        <div className={classes.narrowStatus}>
          {stale !== null || updated !== null ? (
            <Caption1 className={classes.updated} role="status" data-testid={stale !== null ? 'relay-stale' : undefined}>
              {stale ?? updated}
            </Caption1>
          ) : null}
          {account ? (
            <>
              <Caption1 className={mergeClasses(classes.updated, classes.account)}>{account.name}</Caption1>
              <Link as="button" className={classes.touchLink} onClick={onSignOut}>
                {strings.signOut}
              </Link>
            </>
          ) : null}
        </div>
      ) : null}
    </header>
  );
}

export function renderBoardHeader(state: BoardHeaderState, classes: BoardHeaderClasses) {
  const { strings, online, demo, updated, stale, busy, onRefresh, account, onSignOut } = state;
  if (state.narrow) return renderNarrowHeader(state, classes);
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
      {state.extra}
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
