import { Button, Field, Input, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useStrings } from './strings';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginTop: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  link: { flexGrow: 1, minWidth: '12em' },
});

export interface AdminConsentLinkProps {
  url: string;
  /** The delegated permissions the link asks an admin to grant. */
  scopes: readonly string[];
  copy: (text: string) => Promise<void>;
}

/**
 * Where a person may not consent: the link an admin opens to grant the tab's permissions for
 * everyone, shown in full (it can be selected and copied by hand where the clipboard is not
 * allowed) with a Copy button.
 */
export function AdminConsentLink({ url, scopes, copy }: AdminConsentLinkProps) {
  const strings = useStrings().adminConsent;
  const styles = useStyles();
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  return (
    <div className={styles.root}>
      <Text weight="semibold">{strings.title}</Text>
      <Text>{strings.body(scopes.join(', '))}</Text>
      <div className={styles.row}>
        <Field label={strings.linkLabel} className={styles.link}>
          <Input readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        </Field>
        <Button
          icon={<CopyRegular />}
          onClick={() =>
            copy(url).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          {copied === 'yes' ? strings.copied : strings.copyLink}
        </Button>
      </div>
      {copied === 'failed' ? <Text role="status">{strings.copyFailed}</Text> : null}
      <Link href={url} target="_blank" rel="noopener noreferrer">
        {url.length > 80 ? `${url.slice(0, 77)}…` : url}
      </Link>
    </div>
  );
}
