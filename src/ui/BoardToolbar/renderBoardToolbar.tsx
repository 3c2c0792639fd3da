import {
  Button,
  Caption1,
  Checkbox,
  CounterBadge,
  Label,
  mergeClasses,
  SearchBox,
  Select,
  Switch,
  ToggleButton,
} from '@fluentui/react-components';
import { CheckmarkRegular } from '@fluentui/react-icons/svg/checkmark';
import { FilterRegular } from '@fluentui/react-icons/svg/filter';
import { PeopleChatRegular } from '@fluentui/react-icons/svg/people-chat';
import { createElement, Suspense } from 'react';
import { WORK_LOCATION_ICON } from '../WorkLocation';
import { LazyFiltersSheet as FiltersSheet } from '../lazyParts';
import { PeopleSwitch } from '../PeopleSwitch';
import type { Density, GroupBy, SortBy } from '../../board/boardView';
import { MAX_GROUP_CHAT_MEMBERS } from '../../board/personActions';
import { formatCount } from '../format';
import type { BoardToolbarState } from './BoardToolbar.types';
import type { BoardToolbarClasses } from './useBoardToolbarStyles.styles';

/** The status and where chips, each with its count; one that is on is filled and has a checkmark. */
function renderChips(state: BoardToolbarState, classes: BoardToolbarClasses) {
  const { strings, choices, counts, whereCounts, profile, locale, chips, set, toggle } = state;
  const look = (on: boolean) => ({
    size: state.narrow ? ('medium' as const) : ('small' as const),
    shape: 'circular' as const,
    className: mergeClasses(state.narrow && classes.touch, on && classes.chipOn),
    checked: on,
  });
  return (
    <div className={classes.chips} role="group" aria-label={strings.filtersLabel}>
      {chips.map((group) => (
        <ToggleButton
          key={group}
          {...look(choices.statuses.includes(group))}
          icon={choices.statuses.includes(group) ? <CheckmarkRegular /> : undefined}
          onClick={() => toggle(group)}
          data-status-chip={group}
        >
          {strings.chipLabel(strings.chip[group], formatCount(counts[group], locale))}
        </ToggleButton>
      ))}
      {/* Where people work today: only where presence says (tenants without it get no such chips). */}
      {profile.workLocations || choices.where !== 'anywhere'
        ? (['office', 'remote'] as const).map((where) => (
            <ToggleButton
              key={where}
              {...look(choices.where === where)}
              icon={choices.where === where ? <CheckmarkRegular /> : createElement(WORK_LOCATION_ICON[where])}
              onClick={() => set({ where: choices.where === where ? 'anywhere' : where })}
              data-where-chip={where}
            >
              {strings.chipLabel(strings.whereChip[where], formatCount(whereCounts[where], locale))}
            </ToggleButton>
          ))
        : null}
    </div>
  );
}

/** Offline, calendars, guests and disabled accounts; grouping, sorting and row density; the group chat. */
function renderControls(state: BoardToolbarState, classes: BoardToolbarClasses) {
  const { strings, choices, profile, shownCount, onChatWithShown, locale } = state;
  const { groupId, sortId, densityId, set, setShowOffline, overGroupChatLimit } = state;
  // In the phone's sheet every control is a finger's target (44 px high).
  const touch = state.narrow ? classes.touch : undefined;
  const select = state.narrow ? { className: classes.touchSelect } : undefined;
  const indicator = state.narrow ? { className: classes.touchIndicator } : undefined;
  return (
    <>
      <div className={mergeClasses(classes.controls, state.narrow && classes.stacked)}>
        {state.presenceOffered === false ? null : (
          <Switch
            className={touch}
            label={strings.showOffline}
            checked={choices.showOffline}
            onChange={(_, data) => setShowOffline(data.checked)}
          />
        )}
        <Switch
          className={touch}
          label={strings.calendar.show}
          checked={choices.calendars}
          onChange={(_, data) => set({ calendars: data.checked })}
        />
        <Checkbox
          className={touch}
          indicator={indicator}
          label={strings.hideGuests}
          checked={choices.hideGuests}
          onChange={(_, data) => set({ hideGuests: data.checked === true })}
        />
        {profile.accountEnabled ? (
          <Checkbox
            className={touch}
            indicator={indicator}
            label={strings.hideDisabled}
            checked={choices.hideDisabled}
            onChange={(_, data) => set({ hideDisabled: data.checked === true })}
          />
        ) : null}
        <span className={classes.labelled}>
          <Label htmlFor={groupId}>{strings.groupBy}</Label>
          <Select id={groupId} select={select} value={choices.groupBy} onChange={(_, data) => set({ groupBy: data.value as GroupBy })}>
            <option value="none">{strings.group.none}</option>
            <option value="status">{strings.group.status}</option>
            {profile.departments || choices.groupBy === 'department' ? (
              <option value="department">{strings.group.department}</option>
            ) : null}
          </Select>
        </span>
        <span className={classes.labelled}>
          <Label htmlFor={sortId}>{strings.sortBy}</Label>
          <Select id={sortId} select={select} value={choices.sortBy} onChange={(_, data) => set({ sortBy: data.value as SortBy })}>
            <option value="status">{strings.sort.status}</option>
            <option value="name">{strings.sort.name}</option>
          </Select>
        </span>
        <span className={classes.labelled}>
          <Label htmlFor={densityId}>{strings.density}</Label>
          <Select id={densityId} select={select} value={choices.density} onChange={(_, data) => set({ density: data.value as Density })}>
            <option value="comfortable">{strings.densityChoice.comfortable}</option>
            <option value="compact">{strings.densityChoice.compact}</option>
          </Select>
        </span>
        <Button className={touch} icon={<PeopleChatRegular />} disabled={shownCount === 0} onClick={onChatWithShown}>
          {strings.chatWithEveryone(formatCount(shownCount, locale))}
        </Button>
      </div>
      {overGroupChatLimit ? (
        <Caption1 className={classes.note}>
          {strings.groupChatLimit(formatCount(MAX_GROUP_CHAT_MEMBERS, locale), formatCount(shownCount, locale))}
        </Caption1>
      ) : null}
    </>
  );
}

/**
 * Search, status and where chips with counts, offline and guest switches, grouping, sorting and
 * density, group chat. On a phone, the search stays in view and the rest is behind one Filters
 * button (saying how many filters are on), in a sheet from the bottom of the screen.
 */
export function renderBoardToolbar(state: BoardToolbarState, classes: BoardToolbarClasses) {
  const { strings, query, onQueryChange, peopleTab, onPeopleChange } = state;
  // Whose people: first in the toolbar, and in view on a phone too (not behind Filters): it changes the whole list.
  const people =
    peopleTab !== undefined && onPeopleChange ? <PeopleSwitch value={peopleTab} onChange={onPeopleChange} narrow={state.narrow} /> : null;
  const search = (
    <SearchBox
      className={classes.search}
      input={{ className: classes.searchInput }}
      placeholder={state.narrow ? strings.searchPlaceholderPhone : strings.searchPlaceholder}
      aria-label={strings.searchLabel}
      value={query}
      onChange={(_, data) => onQueryChange(data.value)}
    />
  );
  const { filtersOn, filtersOpen, setFiltersOpen } = state;
  // The sheet stays in one place whatever the layout, so a phone turned wide with it open closes it
  // (and Fluent gives the page back to screen readers) rather than unmounting it open, which left
  // the whole board aria-hidden.
  const sheet = state.filtersLoaded ? (
    <Suspense fallback={null}>
      <FiltersSheet
        open={filtersOpen}
        title={strings.filters}
        closeLabel={strings.close}
        onClose={() => setFiltersOpen(false)}
        classes={{ sheet: classes.sheet, body: classes.sheetBody, touch: classes.touch }}
      >
        {state.narrow ? renderChips(state, classes) : null}
        {state.narrow ? renderControls(state, classes) : null}
      </FiltersSheet>
    </Suspense>
  ) : null;
  if (!state.narrow) {
    return (
      <div className={classes.bar}>
        <>
          {/* Whose people and the search share a line: the list keeps its height (a laptop's compact rows). */}
          <div className={classes.topRow}>
            {people}
            {search}
          </div>
          {renderChips(state, classes)}
          {renderControls(state, classes)}
        </>
        {sheet}
      </div>
    );
  }
  return (
    <div className={classes.bar}>
      {/* One child before the sheet, as in the wide layout: the sheet keeps its place in the tree when the layout changes. */}
      <>
        {people}
        <div className={classes.narrowRow}>
          {search}
          <Button
            ref={state.filtersButtonRef}
            className={classes.touch}
            icon={<FilterRegular />}
            onClick={() => setFiltersOpen(true)}
            aria-haspopup="dialog"
            aria-expanded={filtersOpen}
          >
            {strings.filters}
            {filtersOn > 0 ? (
              <>
                <CounterBadge count={filtersOn} size="small" className={classes.counter} />
                <span className={classes.srOnly}> {strings.filtersOn}</span>
              </>
            ) : null}
          </Button>
        </div>
      </>
      {sheet}
    </div>
  );
}
