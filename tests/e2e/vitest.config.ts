import { defineConfig } from 'vitest/config';

// Browser tests: real server, real Chromium. One file at a time — the machine has 2 cores and
// SwiftShader renders on the CPU.
export default defineConfig({
  test: {
    root: '.',
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
