import { makeStyles, tokens } from '@fluentui/react-components';

export const useHighlightedStyles = makeStyles({
  mark: {
    backgroundColor: 'transparent',
    color: 'inherit',
    fontWeight: tokens.fontWeightBold,
    textDecorationLine: 'underline',
    textDecorationColor: tokens.colorBrandForeground1,
    textDecorationThickness: '2px',
  },
});
