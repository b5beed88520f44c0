import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The scene dev page alone: `npx vite --config client/scene/dev/vite.dev.config.ts`, then open
 * /scene/dev/?product=<id>. No /api proxy (the main config's '/api' prefix also catches the
 * client's own client/api/*.ts modules when Vite serves sources).
 */
export default defineConfig({ root: 'client', plugins: [react()], server: { port: 5199, strictPort: true } });
