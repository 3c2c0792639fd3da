import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { AdminConsentLink } from '../AdminConsentLink/AdminConsentLink';
import type { BoardErrorState } from './BoardError.types';

export function renderBoardError(state: BoardErrorState) {
  const { strings, title, body, stale, grantFailure, adminLink, needsConsent, onGrant, onRetry } = state;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {body}
        {stale}
        {grantFailure !== null ? <span role="alert">{grantFailure}</span> : null}
        {adminLink ? <AdminConsentLink url={adminLink.url} scopes={adminLink.scopes} copy={adminLink.copy} /> : null}
      </MessageBarBody>
      <MessageBarActions>
        {needsConsent ? (
          <Button appearance="primary" onClick={onGrant}>
            {strings.grantAccess}
          </Button>
        ) : (
          <Button onClick={onRetry}>{strings.tryAgain}</Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
