import { defineConfig } from 'vitest/config';
import { E2E_TESTS as e2e } from './test/tiers.js';

/**
 * Two tiers. `unit`: no child processes and no servers (test/helpers/unit-tier-guard.ts refuses both), so it
 * runs alone in seconds: `npm run test:unit`. `e2e`: everything that starts the CLI, the simulator, tmux,
 * Prometheus, PostgreSQL or a browser: `npm run test:e2e`. A test file belongs to exactly one tier: the e2e
 * list below, or else unit. `npm test` runs both.
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
          include: all,
          exclude: e2e,
          setupFiles: ['test/helpers/unit-tier-guard.ts'],
          // One module graph per worker: the tier's cost was importing src/ afresh for each of ~60 files.
          isolate: false,
        },
      },
      // Processes and servers on a loaded 2-core machine: the timeout is a safety net, never the assertion.
      { extends: true, test: { name: 'e2e', include: e2e, testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
