import type { TabConfigPageProps } from './TabConfigPage.types';
import { renderTabConfigPage } from './renderTabConfigPage';
import { useTabConfigPage } from './useTabConfigPage';
import { useTabConfigPageStyles } from './useTabConfigPageStyles.styles';

/** A channel tab's configuration page: whose people the tab shows. */
export function TabConfigPage(props: TabConfigPageProps) {
  const state = useTabConfigPage(props);
  const classes = useTabConfigPageStyles();
  return renderTabConfigPage(state, classes);
}
