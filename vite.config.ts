import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      // The API, but not the client's own modules in client/api/*.ts, which share the prefix.
      '^/api/(?![^?]*\\.tsx?(?:\\?|$))': 'http://localhost:3000',
      '/assets/catalog': 'http://localhost:3000',
    },
  },
});
