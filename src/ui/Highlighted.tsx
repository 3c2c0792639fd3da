import { memo, type ReactNode } from 'react';
import { matchRanges } from '../presence/search';
import { useHighlightedStyles } from './useHighlightedStyles.styles';

/** `text` with the search's words marked (bold and underlined, so not by colour alone). */
export const Highlighted = memo(function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  const styles = useHighlightedStyles();
  const ranges = matchRanges(text, words);
  if (ranges.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={start} className={styles.mark}>
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
});
