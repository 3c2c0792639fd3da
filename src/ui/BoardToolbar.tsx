import {
  Button,
  Caption1,
  Checkbox,
  Label,
  makeStyles,
  SearchBox,
  Select,
  Switch,
  ToggleButton,
  tokens,
  useId,
} from '@fluentui/react-components';
import { PeopleChatRegular } from '@fluentui/react-icons';
import { type GroupBy, type ProfileAvailability, type SortBy, type ViewChoices } from '../board/boardView';
import { STATUS_GROUPS, type StatusGroup } from '../presence/statusGroup';
import { MAX_GROUP_CHAT_MEMBERS } from '../board/personActions';
import { formatCount } from './format';
import { useStrings } from './strings';

const useStyles = makeStyles({
  bar: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  search: { maxWidth: '480px', width: '100%' },
  chips: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  controls: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'center' },
  labelled: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  note: { color: tokens.colorNeutralForeground3 },
});

export interface BoardToolbarProps {
  query: string;
  onQueryChange: (query: string) => void;
  choices: ViewChoices;
  onChoicesChange: (choices: ViewChoices) => void;
  counts: Record<StatusGroup, number>;
  profile: ProfileAvailability;
  /** How many people the list shows: "Chat with everyone shown". */
  shownCount: number;
  onChatWithShown: () => void;
  locale?: string;
}

/** Search, status chips with counts, offline and guest switches, grouping and sorting, group chat. */
export function BoardToolbar(props: BoardToolbarProps) {
  const { query, onQueryChange, choices, onChoicesChange, counts, profile, shownCount, onChatWithShown, locale } = props;
  const styles = useStyles();
  const strings = useStrings();
  const groupId = useId('group-by');
  const sortId = useId('sort-by');
  const set = (change: Partial<ViewChoices>) => onChoicesChange({ ...choices, ...change });
  const toggle = (group: StatusGroup) =>
    set({ statuses: choices.statuses.includes(group) ? choices.statuses.filter((g) => g !== group) : [...choices.statuses, group] });
  const chips = STATUS_GROUPS.filter((g) => g !== 'offline' || choices.showOffline);

  return (
    <div className={styles.bar}>
      <SearchBox
        className={styles.search}
        placeholder={strings.searchPlaceholder}
        aria-label={strings.searchLabel}
        value={query}
        onChange={(_, data) => onQueryChange(data.value)}
      />
      <div className={styles.chips} role="group" aria-label={strings.filtersLabel}>
        {chips.map((group) => (
          <ToggleButton
            key={group}
            size="small"
            shape="circular"
            checked={choices.statuses.includes(group)}
            onClick={() => toggle(group)}
            data-status-chip={group}
          >
            {strings.chipLabel(strings.chip[group], formatCount(counts[group], locale))}
          </ToggleButton>
        ))}
      </div>
      <div className={styles.controls}>
        <Switch
          label={strings.showOffline}
          checked={choices.showOffline}
          onChange={(_, data) =>
            set({ showOffline: data.checked, statuses: data.checked ? choices.statuses : choices.statuses.filter((g) => g !== 'offline') })
          }
        />
        <Checkbox
          label={strings.hideGuests}
          checked={choices.hideGuests}
          onChange={(_, data) => set({ hideGuests: data.checked === true })}
        />
        {profile.accountEnabled ? (
          <Checkbox
            label={strings.hideDisabled}
            checked={choices.hideDisabled}
            onChange={(_, data) => set({ hideDisabled: data.checked === true })}
          />
        ) : null}
        <span className={styles.labelled}>
          <Label htmlFor={groupId}>{strings.groupBy}</Label>
          <Select id={groupId} value={choices.groupBy} onChange={(_, data) => set({ groupBy: data.value as GroupBy })}>
            <option value="none">{strings.group.none}</option>
            <option value="status">{strings.group.status}</option>
            {profile.departments || choices.groupBy === 'department' ? (
              <option value="department">{strings.group.department}</option>
            ) : null}
          </Select>
        </span>
        <span className={styles.labelled}>
          <Label htmlFor={sortId}>{strings.sortBy}</Label>
          <Select id={sortId} value={choices.sortBy} onChange={(_, data) => set({ sortBy: data.value as SortBy })}>
            <option value="status">{strings.sort.status}</option>
            <option value="name">{strings.sort.name}</option>
          </Select>
        </span>
        <Button icon={<PeopleChatRegular />} disabled={shownCount === 0} onClick={onChatWithShown}>
          {strings.chatWithEveryone(formatCount(shownCount, locale))}
        </Button>
      </div>
      {shownCount > MAX_GROUP_CHAT_MEMBERS ? (
        <Caption1 className={styles.note}>
          {strings.groupChatLimit(formatCount(MAX_GROUP_CHAT_MEMBERS, locale), formatCount(shownCount, locale))}
        </Caption1>
      ) : null}
    </div>
  );
}
