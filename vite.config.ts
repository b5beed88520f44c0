import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './scripts/precompress.js';
import { build } from 'esbuild';

/**
 * /embed.js, the <maatwerk-configurator> element for shops' pages (issue #17): one classic script
 * at a fixed address (no hash: shops link it), bundled apart from the app (no React) and minified.
 */
function embedScript(): Plugin {
  const bundle = async () => {
    const out = await build({
      entryPoints: [path.resolve(import.meta.dirname, 'client/embed/maatwerkEmbed.ts')],
      bundle: true,
      format: 'iife',
      minify: true,
      target: 'es2020',
      legalComments: 'none',
      write: false,
    });
    return out.outputFiles[0]!.text;
  };
  return {
    name: 'maatwerk-embed-script',
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'embed.js', source: await bundle() });
    },
    configureServer(server) {
      server.middlewares.use('/embed.js', (_req, res, next) => {
        bundle().then((js) => {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(js);
        }, next);
      });
    },
  };
}

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [react(), precompress(), embedScript()],
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
