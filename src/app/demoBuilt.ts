/** The emulated tenant is built in everywhere but the production build (`npm run build`). */
export const DEMO_BUILT = import.meta.env.MODE !== 'production';
