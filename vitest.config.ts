import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,sdk,server,cli}/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: more workers only add contention for the spawned CLIs and servers.
    maxWorkers: 2,
  },
});
