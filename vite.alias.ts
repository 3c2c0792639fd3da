import { fileURLToPath } from 'node:url';

/** `@/…` is `src/…` (tsconfig.json's `paths` says the same to the type checker and to tsx). */
export const srcAlias = { '@': fileURLToPath(new URL('./src', import.meta.url)) };
