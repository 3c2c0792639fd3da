import { memo } from 'react';
import type { PersonRowProps } from './PersonRow.types';
import { renderPersonRow } from './renderPersonRow';
import { usePersonRow } from './usePersonRow';
import { usePersonRowStyles } from './usePersonRowStyles.styles';

/** One person in the list (see renderPersonRow for what it shows, usePersonRow for how it behaves). */
export const PersonRow = memo(function PersonRow(props: PersonRowProps) {
  const state = usePersonRow(props);
  const classes = usePersonRowStyles();
  return renderPersonRow(state, classes);
});
