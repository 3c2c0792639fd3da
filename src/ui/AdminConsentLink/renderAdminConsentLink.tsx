import { Button, Field, Input, Link, Text } from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons/svg/copy';
import type { AdminConsentLinkState } from './AdminConsentLink.types';
import type { AdminConsentLinkClasses } from './useAdminConsentLinkStyles.styles';

export function renderAdminConsentLink(state: AdminConsentLinkState, classes: AdminConsentLinkClasses) {
  const { strings, url, scopes, copied, onCopy, shownUrl } = state;
  return (
    <div className={classes.root}>
      <Text weight="semibold">{strings.title}</Text>
      <Text>{strings.body(scopes.join(', '))}</Text>
      <div className={classes.row}>
        <Field label={strings.linkLabel} className={classes.link}>
          <Input readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        </Field>
        <Button icon={<CopyRegular />} onClick={onCopy}>
          {copied === 'yes' ? strings.copied : strings.copyLink}
        </Button>
      </div>
      {copied === 'failed' ? <Text role="status">{strings.copyFailed}</Text> : null}
      <Link href={url} target="_blank" rel="noopener noreferrer">
        {shownUrl}
      </Link>
    </div>
  );
}
