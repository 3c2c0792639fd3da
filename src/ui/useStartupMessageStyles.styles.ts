import { makeStyles, tokens } from '@fluentui/react-components';

export const useStartupMessageStyles = makeStyles({ root: { padding: tokens.spacingVerticalXXL, maxWidth: '720px', margin: '0 auto' } });
