import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import llmx from './scripts/lint-layering.js';

/**
 * The layers of src/, lowest first (docs/architecture.md): a module imports only its own layer and
 * those below it. Every folder and top-level file of src/ must be placed; a new one fails lint until it is.
 */
export const LAYERS = [
  { name: 'spec', modules: ['spec'] },
  // Pure helpers and constants every layer shares (percentile, PRNG, money and duration formats,
  // the warning line, token estimates; the version): they import only spec, so anything may use them.
  { name: 'shared', modules: ['shared', 'version'] },
  // One descriptor per provider type (defaults, keys, variables, price family): config, pricing and
  // the adapter factory all read it, so it sits below them. Its SDK-loading half stays in providers.
  { name: 'provider types', modules: ['provider-types'] },
  { name: 'foundations', modules: ['providers', 'config', 'store', 'resilience', 'pricing'] },
  // The engines behind the commands. The simulator is one (behind `llmx simulate`): it stands above
  // the adapters so that no adapter can lean on it.
  { name: 'engines', modules: ['routing', 'ledger', 'budget', 'health', 'metrics', 'bench', 'sim'] },
  { name: 'ui', modules: ['ui'] },
  { name: 'commands', modules: ['commands'] },
  // Entry points: the CLI and the library's public surface. Nothing in src/ imports them.
  { name: 'entry points', modules: ['cli', 'index'] },
];

/** Imports the layering allows against its rule, each with why. Paths are relative to src/. */
export const LAYER_EXCEPTIONS = [
  // Temporary, until issue 9's attempt-executor work lands: the bench command will start its own view
  // and the engine report progress through events; these two lines go then.
  { from: 'bench/bench-command.ts', to: 'ui/bench-progress.tsx', why: 'temporary: the bench engine still starts its Ink view' },
  { from: 'commands/ask-run.ts', to: 'commands/ask.ts', why: 'temporary: ask-run takes the AskOptions type from ask.ts, which loads ask-run' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The layering of STYLE.md: only store/ touches a database driver (SQLite, PostgreSQL), only ui/ touches ink and react.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/store/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'better-sqlite3', message: 'Only src/store/ may import better-sqlite3.' },
          { name: 'pg', message: 'Only src/store/ may import pg.' },
        ],
      }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/ui/**', 'src/store/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'better-sqlite3', message: 'Only src/store/ may import better-sqlite3.' },
          { name: 'pg', message: 'Only src/store/ may import pg.' },
          { name: 'ink', message: 'Only src/ui/ may import ink (loaded lazily).' },
          { name: 'react', message: 'Only src/ui/ may import react (loaded lazily).' },
        ],
      }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { llmx },
    rules: { 'llmx/layering': ['error', { root: 'src', layers: LAYERS, exceptions: LAYER_EXCEPTIONS }] },
  },
);
