import { Field, Input, Radio, RadioGroup, Text, Title3 } from '@fluentui/react-components';
import type { TabChoice } from '../../board/tabChoice';
import type { TabConfigPageState } from './TabConfigPage.types';
import type { TabConfigPageClasses } from './useTabConfigPageStyles.styles';

export function renderTabConfigPage(state: TabConfigPageState, classes: TabConfigPageClasses) {
  const { strings, teamAvailable, choice, onChoiceChange, initialSearch, onSearchChange, wall, onWallChange } = state;
  return (
    <main className={classes.page}>
      <Title3 as="h1">{strings.title}</Title3>
      <Field label={strings.showAmong}>
        <RadioGroup value={choice} onChange={(_, data) => onChoiceChange(data.value as TabChoice)}>
          <Radio value="organisation" label={strings.organisation} />
          <Radio value="team" label={strings.team} disabled={!teamAvailable} />
        </RadioGroup>
      </Field>
      <Field label={strings.showAs} hint={wall ? strings.asWallHint : undefined}>
        <RadioGroup value={wall ? 'wall' : 'list'} onChange={(_, data) => onWallChange(data.value === 'wall')}>
          <Radio value="list" label={strings.asList} />
          <Radio value="wall" label={strings.asWall} />
        </RadioGroup>
      </Field>
      <Field label={strings.defaultSearch} hint={strings.defaultSearchHint}>
        <Input maxLength={200} defaultValue={initialSearch} onChange={(_, data) => onSearchChange(data.value)} />
      </Field>
      <Text className={classes.note}>{strings.permissionNote}</Text>
    </main>
  );
}
