import { makeStyles, mergeClasses, Tab, TabList, tokens } from '@fluentui/react-components';
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
  list: { flexWrap: 'wrap', [`@media ${NARROW_MEDIA}`]: { width: '100%' } },
  /** On a phone each tab is a finger's target, 44 px high, and the three share the width. */
  touch: { minHeight: '44px', flex: 1, justifyContent: 'center', paddingInline: tokens.spacingHorizontalS },
});

const TABS: readonly PeopleTab[] = ['everyone', 'mine', 'team'];

/**
 * Everyone · My people · My team: a Fluent TabList (arrow keys move between the tabs, the one chosen
 * is `aria-selected`), in Fluent's own colours. It stays in view on a phone, above the search.
 */
export function PeopleSwitch({ value, onChange, narrow }: PeopleSwitchProps) {
  const strings = useStrings();
  const classes = useStyles();
  return (
    <TabList
      className={classes.list}
      aria-label={strings.people.label}
      size={narrow ? 'large' : 'medium'}
      selectedValue={value}
      onTabSelect={(_, data) => onChange(data.value as PeopleTab)}
    >
      {TABS.map((tab) => (
        <Tab key={tab} value={tab} className={mergeClasses(narrow && classes.touch)} data-people-tab={tab}>
          {strings.people[tab]}
        </Tab>
      ))}
    </TabList>
  );
}
