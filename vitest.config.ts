import { defineConfig } from 'vitest/config';
import { UNIT_TESTS } from './test/tiers.js';

/**
 * Two tiers. `unit`: the files listed in test/tiers.ts, which start no child process and no server
 * (test/helpers/unit-tier-guard.ts refuses both), so the tier runs alone in seconds: `npm run test:unit`.
 * `e2e`: every other test file (the CLI, the simulator, tmux, Prometheus, PostgreSQL, a browser):
 * `npm run test:e2e`. A test file is in exactly one tier; `npm test` runs both.
 */
const all = ['test/**/*.test.ts', 'test/**/*.test.tsx'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Golden files and day boundaries are taken in UTC, as the CLI's children run (test/helpers/cli.ts).
    env: { TZ: 'UTC' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT_TESTS,
          setupFiles: ['test/helpers/unit-tier-guard.ts'],
          // One module graph per worker: the tier's cost was importing src/ afresh for each of ~60 files.
          isolate: false,
        },
      },
      // Processes and servers on a loaded 2-core machine: the timeout is a safety net, never the assertion.
      { extends: true, test: { name: 'e2e', include: all, exclude: UNIT_TESTS, testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
