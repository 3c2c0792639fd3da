import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';

/** Teams' theme names (app.Context.app.theme and theme-change events) to Fluent themes. */
export function fluentThemeForTeams(teamsTheme: string | undefined): Theme {
  switch (teamsTheme) {
    case 'dark':
      return teamsDarkTheme;
    case 'contrast':
      return teamsHighContrastTheme;
    default:
      return teamsLightTheme;
  }
}
