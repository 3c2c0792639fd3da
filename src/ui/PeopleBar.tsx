import { Button, Caption1, makeStyles, MessageBar, MessageBarActions, MessageBarBody, tokens } from '@fluentui/react-components';
import type { PeopleAccess } from '../board/relevantPeopleStore';
import { useStrings } from './strings';
import type { PeopleTab } from './PeopleSwitch';

export interface PeopleBarProps {
  /** The list the viewer chose. */
  chosen: PeopleTab;
  access: PeopleAccess;
  /** The viewer's "Grant access": the sign-in popup for People.Read, then My people is read. */
  onGrant: () => void;
  /** "Show everyone": the viewer's choice becomes Everyone (kept), and the bar goes. */
  onShowEveryone: () => void;
}

const useStyles = makeStyles({ note: { color: tokens.colorNeutralForeground3 } });

/**
 * What My people or My team needs or lacks, while it is chosen: People.Read to grant (with the
 * click that asks for it), refused by the organisation (My team too: its org chart), or not readable just now (everyone is shown
 * meanwhile); and, quietly, a team without its manager (List manager needs User.Read.All).
 */
export function PeopleBar({ chosen, access, onGrant, onShowEveryone }: PeopleBarProps) {
  const strings = useStrings();
  const classes = useStyles();
  if (chosen === 'everyone') return null;
  const state = access[chosen];
  if (chosen === 'mine' && (state === 'needs-consent' || state === 'refused')) {
    return (
      <MessageBar intent={state === 'refused' ? 'warning' : 'info'} data-people-consent="">
        <MessageBarBody>{state === 'refused' ? strings.people.refused : strings.people.consentNeeded}</MessageBarBody>
        <MessageBarActions>
          {state === 'needs-consent' ? <Button onClick={onGrant}>{strings.people.grant}</Button> : null}
          <Button onClick={onShowEveryone}>{strings.people.showEveryone}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (chosen === 'team' && (state === 'needs-consent' || state === 'refused')) {
    return (
      <MessageBar intent="warning" data-people-consent="">
        <MessageBarBody>{strings.people.teamRefused}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={onShowEveryone}>{strings.people.showEveryone}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (state === 'failed') {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>{strings.people.failed}</MessageBarBody>
      </MessageBar>
    );
  }
  if (chosen === 'team' && state === 'ready' && access.teamWithoutManager) {
    return <Caption1 className={classes.note}>{strings.people.teamWithoutManager}</Caption1>;
  }
  return null;
}
