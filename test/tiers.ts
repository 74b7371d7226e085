/**
 * The e2e tier: every test file that starts the CLI, the simulator, tmux, Prometheus, PostgreSQL or a
 * browser (a directory with /**, or one file). Every other test file is in the unit tier, where
 * test/helpers/unit-tier-guard.ts refuses child processes and servers: a file it stops belongs here.
 */
export const E2E_TESTS = [
  'test/e2e/**',
  'test/faults/**',
  'test/sim/**',
  'test/providers/abort-and-drop.test.ts',
  'test/providers/against-simulator.test.ts',
  'test/providers/anthropic-adapter.test.ts',
  'test/providers/azure-adapter.test.ts',
  'test/providers/error-classes.test.ts',
  'test/providers/injected-clock.test.ts',
  'test/providers/ollama-adapter.test.ts',
  'test/providers/openai-adapter.test.ts',
  'test/providers/wire-variants.test.ts',
  'test/budget/budgets.test.ts',
  'test/config/cli.test.ts',
  'test/config/fixtures.test.ts',
  'test/costs/ask-ledger.test.ts',
  'test/costs/costs-cli.test.ts',
  'test/health/check-providers.test.ts',
  'test/metrics/build-registry.test.ts',
  'test/metrics/grafana-dashboard.test.ts',
  'test/metrics/serve-push.test.ts',
  'test/routing/cross-process.test.ts',
  'test/routing/library.test.ts',
  'test/routing/library-example.test.ts',
  'test/routing/strategies-command.test.ts',
  'test/store/cross-process.test.ts',
];
