import { NARROW_MEDIA } from '../useNarrow';
import { makeStyles, shorthands, tokens } from '@fluentui/react-components';

export const useBoardToolbarStyles = makeStyles({
  bar: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  topRow: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalL },
  search: { maxWidth: '480px', width: '100%', [`@media ${NARROW_MEDIA}`]: { flex: 1, minWidth: 0 } },
  /** On a phone the input itself, what a finger hits, is 44 px high (the field's borders add 2). */
  searchInput: { [`@media ${NARROW_MEDIA}`]: { minHeight: '44px' } },
  chips: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  /**
   * A chip that is on: filled as Fluent fills a checked check box or switch (compound brand, inverted
   * foreground), 3:1 or more against a chip that is off in light, dark and high contrast. A checked
   * ToggleButton's own fill is barely darker than one that is off, and its brand fill (isAccessible)
   * is 2.2:1 against the dark theme's background. Forced colours keep Fluent's Highlight.
   */
  chipOn: {
    backgroundColor: tokens.colorCompoundBrandBackground,
    ...shorthands.borderColor(tokens.colorCompoundBrandBackground),
    color: tokens.colorNeutralForegroundInverted,
    ':hover': {
      backgroundColor: tokens.colorCompoundBrandBackgroundHover,
      ...shorthands.borderColor(tokens.colorCompoundBrandBackgroundHover),
      color: tokens.colorNeutralForegroundInverted,
    },
    ':hover:active,:active:focus-visible': {
      backgroundColor: tokens.colorCompoundBrandBackgroundPressed,
      ...shorthands.borderColor(tokens.colorCompoundBrandBackgroundPressed),
      color: tokens.colorNeutralForegroundInverted,
    },
  },
  controls: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'center' },
  labelled: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  note: { color: tokens.colorNeutralForeground3 },
  /** The search and the Filters button, one height. */
  narrowRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'stretch' },
  stacked: { flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalM },
  /** At least 44 × 44 px: a finger's target. */
  touch: { minWidth: '44px', minHeight: '44px', alignItems: 'center' },
  /** A select's field 44 px high (its own size gives 32). */
  touchSelect: { height: '44px' },
  /** A check box's box beside the middle of its label, in a 44 px row. */
  touchIndicator: { alignSelf: 'center' },
  counter: { marginLeft: tokens.spacingHorizontalXS },
  /** Read by screen readers, not shown. */
  srOnly: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  sheet: { maxHeight: '85vh' },
  sheetBody: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXL },
});

export type BoardToolbarClasses = ReturnType<typeof useBoardToolbarStyles>;
