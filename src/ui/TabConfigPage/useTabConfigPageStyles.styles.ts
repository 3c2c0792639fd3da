import { makeStyles, tokens } from '@fluentui/react-components';

export const useTabConfigPageStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL, maxWidth: '640px' },
  note: { color: tokens.colorNeutralForeground3 },
});

export type TabConfigPageClasses = ReturnType<typeof useTabConfigPageStyles>;
