import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useRef, type KeyboardEvent } from 'react';
import { NARROW_MEDIA } from './useNarrow';
import { useStrings } from './strings';

/** A list the switch offers. */
export type PeopleTab = 'everyone' | 'mine' | 'team';

export interface PeopleSwitchProps {
  /** The list the viewer chose (their `auto` as it was decided). */
  value: PeopleTab;
  onChange: (value: PeopleTab) => void;
  narrow: boolean;
}

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    [`@media ${NARROW_MEDIA}`]: { width: '100%' },
  },
  tab: {
    borderRadius: tokens.borderRadiusMedium,
    borderBottom: `${tokens.strokeWidthThicker} solid transparent`,
    fontWeight: tokens.fontWeightRegular,
  },
  /** The chosen list: Fluent's selected-tab look, a brand line under semibold text (colour is not the only sign: aria-selected too). */
  selected: {
    borderBottomColor: tokens.colorCompoundBrandStroke,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
  },
  /** On a phone each tab is a finger's target, 44 px high, and the three share the width. */
  touch: { minHeight: '44px', flex: 1, justifyContent: 'center', paddingInline: tokens.spacingHorizontalS },
});

const TABS: readonly PeopleTab[] = ['everyone', 'mine', 'team'];

/**
 * Everyone · My people · My team, as tabs (the WAI-ARIA tabs pattern: one tab stop, arrow keys and
 * Home/End move to a tab and choose it, Space or Enter chooses the focused one), made of Fluent
 * buttons in Fluent's colours. Not Fluent's TabList: it would add 22 KB (gzip) to the board's first
 * paint for three buttons. It stays in view on a phone, above the search.
 */
export function PeopleSwitch({ value, onChange, narrow }: PeopleSwitchProps) {
  const strings = useStrings();
  const classes = useStyles();
  const buttons = useRef(new Map<PeopleTab, HTMLElement | null>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.indexOf(value);
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, Home: -at, End: TABS.length - 1 - at }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = TABS[(at + step + TABS.length) % TABS.length]!;
    onChange(next);
    buttons.current.get(next)?.focus();
  };
  return (
    <div role="tablist" aria-label={strings.people.label} className={classes.list} onKeyDown={onKeyDown}>
      {TABS.map((tab) => (
        <Button
          key={tab}
          ref={(element) => {
            buttons.current.set(tab, element);
          }}
          role="tab"
          aria-selected={value === tab}
          tabIndex={value === tab ? 0 : -1}
          appearance="subtle"
          size={narrow ? 'large' : 'medium'}
          className={mergeClasses(classes.tab, value === tab && classes.selected, narrow && classes.touch)}
          data-people-tab={tab}
          onClick={() => onChange(tab)}
        >
          {strings.people[tab]}
        </Button>
      ))}
    </div>
  );
}
