import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The server as `npm start` runs it: server/index.ts bundled by `npm run build:server` (one
 * definition of the bundle, in package.json) into dist/server/index.mjs, for plain node.
 */
export function buildServer(root: string): string {
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' });
  return path.join(root, 'dist/server/index.mjs');
}
