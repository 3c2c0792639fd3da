import { makeStyles, tokens } from '@fluentui/react-components';

export const useBoardHeaderStyles = makeStyles({
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

export type BoardHeaderClasses = ReturnType<typeof useBoardHeaderStyles>;
