import { contentUrlFor, savedTabChoice } from '../board/tabChoice';
import type { TeamsHost } from '../host/teamsHost';
import { TabConfigPage } from '../ui/TabConfigPage/TabConfigPage';
import type { ReactNode } from 'react';

/** A channel tab's configuration page: opens with the saved choice; the choice is saved into the tab's content URL. */
export async function showTabConfiguration(teams: TeamsHost, render: (node: ReactNode) => void): Promise<void> {
  const groupId = teams.context.team?.groupId;
  const saved = await teams.savedContentUrl();
  render(
    <TabConfigPage
      teamAvailable={Boolean(groupId)}
      initial={savedTabChoice(saved, location.href)}
      onValid={() => teams.setConfigValid(true)}
      onSave={(current) =>
        teams.onConfigSave(() => ({
          contentUrl: contentUrlFor(current().choice, location.href, groupId, current().defaultSearch, current().wall),
          suggestedDisplayName: "Who's Online",
        }))
      }
    />,
  );
  teams.notifySuccess();
}
