import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { fluentThemeForTeams } from '@/host/teamsTheme';

describe('fluentThemeForTeams', () => {
  it('maps Teams themes to the Teams Fluent themes, light for anything else', () => {
    expect(fluentThemeForTeams('default')).toBe(teamsLightTheme);
    expect(fluentThemeForTeams('dark')).toBe(teamsDarkTheme);
    expect(fluentThemeForTeams('contrast')).toBe(teamsHighContrastTheme);
    expect(fluentThemeForTeams(undefined)).toBe(teamsLightTheme);
  });
});
