import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, top to bottom: a module imports only from its own folder and the ones below
 * it (README, "How the code is laid out"). `app` is start-up wiring, with main.tsx on top.
 */
const LAYERS = ['app', 'ui', 'board', 'graph', 'auth', 'host', 'presence'];

/** For a folder, an ESLint block that fails any import of a folder above it (relative or `@/`), or of the emulator. */
function layerRule(layer) {
  const above = LAYERS.slice(0, LAYERS.indexOf(layer));
  const forbidden = [...above, 'emulator', 'main'];
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?:(?:\\.\\./)+|@/)(?:${forbidden.join('|')})(?:/|\\.tsx?$|$)`,
              message: `src/${layer}/ sits below ${above.join(', ') || 'nothing'}: import only from ${LAYERS.slice(LAYERS.indexOf(layer)).join(', ')} (see README, "How the code is laid out").`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist', 'dist-demo', 'dist-relay', 'node_modules', 'public/mockServiceWorker.js', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...LAYERS.map(layerRule),
  {
    // The emulator answers as Graph does; it knows only the people domain.
    files: ['src/emulator/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:(?:\\.\\./)+|@/)(?:app|ui|board|graph|auth|host|main)(?:/|\\.tsx?$|$)',
              message: 'The emulator imports only src/presence/.',
            },
          ],
        },
      ],
    },
  },
);
