import { makeStyles, tokens } from '@fluentui/react-components';
import { WALL_TILE } from './useWallBoard';

export const useWallBoardStyles = makeStyles({
  wall: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalXXL,
    gap: tokens.spacingVerticalL,
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  header: {
    display: 'flex',
    alignItems: 'baseline',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS,
    flexWrap: 'wrap',
  },
  title: { margin: 0 },
  count: { color: tokens.colorNeutralForeground1 },
  // Sized by its content (not a zero basis): where the header's line has no room for it, the list
  // goes to a line of its own, whole, rather than being squeezed until each count wraps word by word.
  counts: {
    display: 'flex',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    flexWrap: 'wrap',
    alignItems: 'baseline',
    flex: '1 1 auto',
    margin: 0,
    padding: 0,
  },
  // A line of text (not a flex row), so its baseline is its text's and the header sets it on the
  // title's; as a flex row centring its badge, its baseline was the badge's bottom, 3 px above the title's.
  countItem: {
    display: 'block',
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    whiteSpace: 'nowrap',
  },
  countBadge: { verticalAlign: 'middle', marginInlineEnd: tokens.spacingHorizontalS },
  updated: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase400 },
  grid: {
    flex: 1,
    minHeight: 0,
    display: 'grid',
    gap: `${WALL_TILE.gap}px`,
    alignContent: 'start',
    overflow: 'hidden',
    margin: 0,
    padding: 0,
  },
  // Every line of a tile is one line high whatever it holds (longer text is cut with an ellipsis,
  // an unknown work location leaves its line empty), so centring puts every name at the same height.
  tile: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    // A tile lower than its content keeps the photo and name, and loses its last lines.
    justifyContent: 'safe center',
    overflow: 'hidden',
    gap: tokens.spacingVerticalS,
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalM,
    minWidth: 0,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    textAlign: 'center',
  },
  // The lines keep their height (flexShrink 0): in a tile lower than its content the last lines are
  // cut off, rather than every line with overflow hidden squeezed to nothing, the name first.
  name: {
    flexShrink: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  status: {
    flexShrink: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    color: tokens.colorNeutralForeground2,
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  // The status's size, with the icon Fluent sets beside text of that size (20 px).
  where: {
    flexShrink: 0,
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    height: tokens.lineHeightBase400,
    maxWidth: '100%',
    fontSize: tokens.fontSizeBase400,
    whiteSpace: 'nowrap',
    color: tokens.colorNeutralForeground2,
  },
  whereIcon: { fontSize: '20px', flexShrink: 0 },
  group: {
    flexShrink: 0,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  footer: {
    display: 'flex',
    justifyContent: 'center',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase400,
  },
  dot: { width: '10px', height: '10px', borderRadius: '50%', backgroundColor: tokens.colorNeutralStroke1 },
  dotOn: { backgroundColor: tokens.colorBrandBackground },
  empty: {
    fontSize: tokens.fontSizeBase500,
    color: tokens.colorNeutralForeground2,
    textAlign: 'center',
    marginTop: tokens.spacingVerticalXXXL,
  },
});

export type WallBoardClasses = ReturnType<typeof useWallBoardStyles>;
