import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The scene dev page alone, outside the app (never part of its build):
 * - `npx vite --config client/scene/dev/vite.dev.config.ts`, then open /scene/dev/?product=<id>;
 * - `npx vite build --config client/scene/dev/vite.dev.config.ts` and
 *   `npx vite preview --config client/scene/dev/vite.dev.config.ts` for production-speed checks
 *   (hot reloads from other files changing cannot interrupt a measurement there).
 * No /api proxy: the main config's '/api' prefix also catches client/api/*.ts when Vite serves sources.
 */
export default defineConfig({
  root: 'client',
  plugins: [react()],
  server: { port: 5199, strictPort: true },
  preview: { port: 5199, strictPort: true },
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/scene-dev'),
    emptyOutDir: true,
    rollupOptions: { input: resolve(import.meta.dirname, 'index.html') },
  },
});
