import { makeStyles, tokens } from '@fluentui/react-components';
import { HEADING_HEIGHT } from '../../board/rowLayout';

export const usePeopleListStyles = makeStyles({
  scroller: { flex: 1, minHeight: 0, overflowY: 'auto', overflowAnchor: 'none', contain: 'strict' },
  sizer: { position: 'relative', width: '100%' },
  item: { position: 'absolute', top: 0, left: 0, width: '100%' },
  heading: {
    display: 'block',
    boxSizing: 'border-box',
    height: `${HEADING_HEIGHT}px`,
    margin: 0,
    lineHeight: '20px',
    padding: `8px ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  empty: { padding: tokens.spacingVerticalXXL, color: tokens.colorNeutralForeground3, textAlign: 'center' },
});

export type PeopleListClasses = ReturnType<typeof usePeopleListStyles>;
