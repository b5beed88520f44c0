import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './scripts/precompress.js';

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [react(), precompress()],
  // 'hidden': maps for developers' tools, no sourceMappingURL in the shipped files (and the server never serves .map).
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: 'hidden', chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      // The API, but not the client's own modules in client/api/*.ts, which share the prefix.
      '^/api/(?![^?]*\\.tsx?(?:\\?|$))': 'http://localhost:3000',
      '/assets/catalog': 'http://localhost:3000',
    },
  },
});
