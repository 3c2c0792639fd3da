import { Text } from '@fluentui/react-components';
import { PersonRow } from '../PersonRow/PersonRow';
import type { PeopleListState } from './PeopleList.types';
import type { PeopleListClasses } from './usePeopleListStyles.styles';

/** The list's markup: a message when empty, else the drawn rows (headings and people; blank until a row arrives). */
export function renderPeopleList(state: PeopleListState, classes: PeopleListClasses) {
  const { rowCount, rowAt, emptyText, listLabel, words, photos, handlers, menuOpenFor, headingText, items, stopKey, density } = state;
  if (rowCount === 0) {
    return (
      <Text className={classes.empty} block role="status">
        {emptyText}
      </Text>
    );
  }

  const drawRow = (index: number) => {
    const row = rowAt(index);
    if (!row) return null;
    if (row.kind === 'heading') {
      return (
        <div role="listitem" aria-posinset={index + 1} aria-setsize={rowCount}>
          <Text as="h2" weight="semibold" size={300} className={classes.heading}>
            {headingText(row)}
          </Text>
        </div>
      );
    }
    const id = row.person.user.id;
    const calendar = state.calendarOf(id);
    return (
      <PersonRow
        person={row.person}
        favourite={row.favourite}
        watched={state.watched?.has(id.toLowerCase()) ?? false}
        words={words}
        photo={photos.photoOf(id)}
        active={row.key === stopKey}
        menuOpen={menuOpenFor === id}
        position={index + 1}
        setSize={rowCount}
        handlers={handlers}
        density={density}
        reach={calendar?.reach ?? null}
        localTime={calendar?.localTime ? state.strings.calendar.localTime(calendar.localTime) : null}
        calendarUnavailable={calendar?.unavailable ?? false}
        calendarLine={state.schedules != null}
      />
    );
  };

  return (
    <div
      ref={state.scrollRef}
      className={classes.scroller}
      role="list"
      aria-label={listLabel}
      onKeyDown={state.onKeyDown}
      onFocus={state.onFocus}
      data-virtual-scroller=""
    >
      <div className={classes.sizer} style={{ height: state.totalSize }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          return (
            <div
              key={row?.key ?? `row:${item.index}`}
              ref={row ? state.measureElement : undefined}
              data-index={item.index}
              data-row-key={row?.key}
              className={classes.item}
              style={{ transform: `translateY(${item.start}px)`, ...(row ? {} : { height: item.size }) }}
            >
              {drawRow(item.index)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
