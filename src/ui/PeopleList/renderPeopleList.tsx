import { Text } from '@fluentui/react-components';
import { PersonRow } from '../PersonRow/PersonRow';
import type { PeopleListState } from './PeopleList.types';
import type { PeopleListClasses } from './usePeopleListStyles.styles';

/** The list's markup: a message when empty, else the drawn rows (headings and people). */
export function renderPeopleList(state: PeopleListState, classes: PeopleListClasses) {
  const {
    rows,
    emptyText,
    listLabel,
    words,
    photos,
    handlers,
    menuOpenFor,
    headingText,
    virtual,
    items,
    stopKey,
    scrollRef,
    onKeyDown,
    onFocus,
  } = state;
  if (rows.length === 0) {
    return (
      <Text className={classes.empty} block role="status">
        {emptyText}
      </Text>
    );
  }

  const drawRow = (index: number) => {
    const row = rows[index]!;
    if (row.kind === 'heading') {
      return (
        <div role="listitem" aria-posinset={index + 1} aria-setsize={rows.length}>
          <Text as="h2" weight="semibold" size={300} className={classes.heading}>
            {headingText(row)}
          </Text>
        </div>
      );
    }
    const id = row.person.user.id;
    return (
      <PersonRow
        person={row.person}
        favourite={row.favourite}
        words={words}
        photo={photos.photoOf(id)}
        active={row.key === stopKey}
        menuOpen={menuOpenFor === id}
        position={index + 1}
        setSize={rows.length}
        handlers={handlers}
      />
    );
  };

  if (!virtual) {
    return (
      <div ref={scrollRef} className={classes.plain} role="list" aria-label={listLabel} onKeyDown={onKeyDown} onFocus={onFocus}>
        {rows.map((row, index) => (
          <div key={row.key} data-row-key={row.key}>
            {drawRow(index)}
          </div>
        ))}
      </div>
    );
  }

  return (
    <div
      ref={scrollRef}
      className={classes.scroller}
      role="list"
      aria-label={listLabel}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      data-virtual-scroller=""
    >
      <div className={classes.sizer} style={{ height: state.totalSize }}>
        {items.map((item) => (
          <div
            key={item.key}
            ref={state.measureElement}
            data-index={item.index}
            data-row-key={rows[item.index]!.key}
            className={classes.item}
            style={{ transform: `translateY(${item.start}px)` }}
          >
            {drawRow(item.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
