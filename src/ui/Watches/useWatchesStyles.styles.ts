import { makeStyles, tokens } from '@fluentui/react-components';
import { NARROW_MEDIA } from '../useNarrow';

export const useWatchesStyles = makeStyles({
  /** A phone's header: the bell and its count, at least 44 × 44 px. */
  touch: { [`@media ${NARROW_MEDIA}`]: { minWidth: '44px', minHeight: '44px' } },
  surface: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    width: '360px',
    maxWidth: 'calc(100vw - 24px)',
    maxHeight: '70vh',
    overflowY: 'auto',
    boxSizing: 'border-box',
  },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  itemText: { display: 'flex', flexDirection: 'column', minWidth: 0, flex: 1 },
  /** A toast's title: whole, on as many lines as a long name needs. */
  title: { overflowWrap: 'anywhere' },
  line: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  secondary: { color: tokens.colorNeutralForeground3 },
  note: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  /** The toaster: room for Chat and Call side by side (Fluent's is 292 px), never wider than a phone. */
  toaster: { width: '360px', maxWidth: 'calc(100vw - 32px)' },
  /** A toast's surface, as Fluent's Toast draws one. */
  toast: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalM,
    boxSizing: 'border-box',
    width: '100%',
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow8,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
  },
  toastText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0, flex: 1 },
  /** Read by screen readers, not drawn. */
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});
