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
  narrowHeader: { display: 'flex', flexDirection: 'column' },
  narrowStatus: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
    padding: `0 ${tokens.spacingHorizontalM}`,
    whiteSpace: 'nowrap',
  },
  account: { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', flexShrink: 1 },
  touchLink: { minHeight: '44px', flexShrink: 0, fontSize: tokens.fontSizeBase200 },
  narrow: { flexWrap: 'nowrap', gap: tokens.spacingHorizontalS, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}` },
  narrowTitle: { flex: 1, minWidth: 0, margin: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  count: { flexShrink: 0, whiteSpace: 'nowrap' },
  /** At least 44 × 44 px: a finger's target. */
  touch: { minWidth: '44px', minHeight: '44px' },
});

export type BoardHeaderClasses = ReturnType<typeof useBoardHeaderStyles>;
