import { Field, Input, makeStyles, Radio, RadioGroup, Text, Title3, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { TabChoice } from '../host/tabChoice';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL, maxWidth: '640px' },
  note: { color: tokens.colorNeutralForeground3 },
});

export interface TabConfigPageProps {
  /** The team's group id; a group chat has none, so it can only show the organisation. */
  teamAvailable: boolean;
  /** Tells the host Save may be pressed. */
  onValid: () => void;
  /** Registers what Save stores: called with a getter of the current choice and default search. */
  onSave: (current: () => { choice: TabChoice; defaultSearch: string }) => void;
}

/** A channel tab's configuration page: whose people the tab shows. */
export function TabConfigPage({ teamAvailable, onValid, onSave }: TabConfigPageProps) {
  const styles = useStyles();
  const [choice, setChoice] = useState<TabChoice>('organisation');
  // Save happens outside React (the host's event): it reads the latest choice from here.
  const current = useRef<TabChoice>('organisation');
  const defaultSearch = useRef('');
  useEffect(() => {
    onSave(() => ({ choice: current.current, defaultSearch: defaultSearch.current }));
    onValid();
  }, [onSave, onValid]);
  return (
    <main className={styles.page}>
      <Title3 as="h1">Who&apos;s Online in this channel</Title3>
      <Field label="Show who is online among">
        <RadioGroup
          value={choice}
          onChange={(_, data) => {
            current.current = data.value as TabChoice;
            setChoice(data.value as TabChoice);
          }}
        >
          <Radio value="organisation" label="Everyone in the organisation" />
          <Radio value="team" label="This team's members" disabled={!teamAvailable} />
        </RadioGroup>
      </Field>
      <Field label="Start with this search (optional)" hint="For example a department's mail domain or a surname.">
        <Input maxLength={200} onChange={(_, data) => (defaultSearch.current = data.value)} />
      </Field>
      <Text className={styles.note}>
        Showing this team&apos;s members needs the GroupMember.Read.All permission; you may be asked to grant it the first time.
      </Text>
    </main>
  );
}
