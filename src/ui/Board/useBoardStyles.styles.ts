import { makeStyles, tokens } from '@fluentui/react-components';

export const useBoardStyles = makeStyles({
  board: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '960px', margin: '0 auto', height: '100vh' },
  bar: { padding: `0 ${tokens.spacingHorizontalM}`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  notice: {
    position: 'fixed',
    bottom: tokens.spacingVerticalXL,
    left: '50%',
    transform: 'translateX(-50%)',
    // As wide as its words, up to the page less a margin (left: 50% alone would leave it half the page).
    width: 'max-content',
    maxWidth: 'min(560px, calc(100vw - 32px))',
    boxSizing: 'border-box',
    boxShadow: tokens.shadow16,
  },
});

export type BoardClasses = ReturnType<typeof useBoardStyles>;
