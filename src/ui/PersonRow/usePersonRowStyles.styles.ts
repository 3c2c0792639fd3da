import { NARROW_MEDIA } from '../useNarrow';
import { makeStyles, tokens } from '@fluentui/react-components';
import { ROW_LINES } from '../../board/rowLayout';

const { padding, border, small } = ROW_LINES;

export const usePersonRowStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'flex-start',
    boxSizing: 'border-box',
    gap: tokens.spacingHorizontalM,
    padding: `${padding}px ${tokens.spacingHorizontalM}`,
    borderBottom: `${border}px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': {
      outlineWidth: tokens.strokeWidthThick,
      outlineStyle: 'solid',
      outlineColor: tokens.colorStrokeFocus2,
      outlineOffset: `calc(${tokens.strokeWidthThick} * -1)`,
    },
  },
  compactRow: { alignItems: 'center', paddingTop: 0, paddingBottom: 0 },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, flex: 1 },
  compactText: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
    flex: 1,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  compactName: { flexShrink: 0, maxWidth: '45%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  statusLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0, height: `${small}px` },
  place: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    flexShrink: 0,
    fontSize: tokens.fontSizeBase200,
    lineHeight: `${small}px`,
    color: tokens.colorNeutralForeground2,
  },
  placeIcon: { fontSize: `${small}px` },
  calendarIcon: { fontSize: `${small}px`, flexShrink: 0 },
  /** The comfortable row's calendar line: one small line, as the row's height model counts it. */
  calendarLine: { display: 'flex', height: `${small}px`, lineHeight: `${small}px` },
  nameLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  line: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  secondary: { color: tokens.colorNeutralForeground3 },
  status: { color: tokens.colorNeutralForeground2, flexShrink: 0 },
  /** After the status, and the first to give way where the line is short. */
  calendar: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    color: tokens.colorNeutralForeground2,
    minWidth: 0,
    flexShrink: 1,
    overflow: 'hidden',
  },
  collapsed: { overflow: 'hidden' },
  message: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere', whiteSpace: 'pre-line', lineHeight: `${small}px` },
  clamped: {
    display: '-webkit-box',
    WebkitLineClamp: '2',
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    height: `${2 * small}px`,
  },
  more: { display: 'block', height: `${small}px`, lineHeight: `${small}px`, fontSize: tokens.fontSizeBase200 },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  /** On a phone, at least 44 × 44 px: a finger's target. */
  rowButton: { [`@media ${NARROW_MEDIA}`]: { minWidth: '44px', minHeight: '44px' } },
  /** A bell on a row not watched: a phone's row has no room for it (the actions menu has it). */
  bellIdle: { [`@media ${NARROW_MEDIA}`]: { display: 'none' } },
});

export type PersonRowClasses = ReturnType<typeof usePersonRowStyles>;
