import { makeStyles, tokens } from '@fluentui/react-components';

export const useAdminConsentLinkStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginTop: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  link: { flexGrow: 1, minWidth: '12em' },
});

export type AdminConsentLinkClasses = ReturnType<typeof useAdminConsentLinkStyles>;
