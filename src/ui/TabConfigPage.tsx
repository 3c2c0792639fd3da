import { Field, Input, makeStyles, Radio, RadioGroup, Text, Title3, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { TabChoice } from '../board/tabChoice';
import { useStrings } from './strings';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL, maxWidth: '640px' },
  note: { color: tokens.colorNeutralForeground3 },
});

export interface TabConfigPageProps {
  /** The team's group id; a group chat has none, so it can only show the organisation. */
  teamAvailable: boolean;
  /** What the tab was set to before (reconfiguring), or null for a new tab. */
  initial?: { choice: TabChoice; defaultSearch: string } | null;
  /** Tells the host Save may be pressed. */
  onValid: () => void;
  /** Registers what Save stores: called with a getter of the current choice and default search. */
  onSave: (current: () => { choice: TabChoice; defaultSearch: string }) => void;
}

/** A channel tab's configuration page: whose people the tab shows. */
export function TabConfigPage({ teamAvailable, initial = null, onValid, onSave }: TabConfigPageProps) {
  const styles = useStyles();
  const strings = useStrings().tabConfig;
  // A tab set to the team's members stays so only where there is a team to show.
  const start: TabChoice = initial?.choice === 'team' && teamAvailable ? 'team' : 'organisation';
  const [choice, setChoice] = useState<TabChoice>(start);
  // Save happens outside React (the host's event): it reads the latest choice from here.
  const current = useRef<TabChoice>(start);
  const defaultSearch = useRef(initial?.defaultSearch ?? '');
  useEffect(() => {
    onSave(() => ({ choice: current.current, defaultSearch: defaultSearch.current }));
    onValid();
  }, [onSave, onValid]);
  return (
    <main className={styles.page}>
      <Title3 as="h1">{strings.title}</Title3>
      <Field label={strings.showAmong}>
        <RadioGroup
          value={choice}
          onChange={(_, data) => {
            current.current = data.value as TabChoice;
            setChoice(data.value as TabChoice);
          }}
        >
          <Radio value="organisation" label={strings.organisation} />
          <Radio value="team" label={strings.team} disabled={!teamAvailable} />
        </RadioGroup>
      </Field>
      <Field label={strings.defaultSearch} hint={strings.defaultSearchHint}>
        <Input maxLength={200} defaultValue={initial?.defaultSearch ?? ''} onChange={(_, data) => (defaultSearch.current = data.value)} />
      </Field>
      <Text className={styles.note}>{strings.permissionNote}</Text>
    </main>
  );
}
