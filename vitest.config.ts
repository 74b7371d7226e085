import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Golden files and day boundaries are taken in UTC, as the CLI's children run (test/helpers/cli.ts).
    env: { TZ: 'UTC' },
  },
});
