import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
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
    // The layering of STYLE.md: only store/ touches SQLite, only ui/ touches ink and react.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'better-sqlite3', message: 'Only src/store/ may import better-sqlite3.' }] }] },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/ui/**', 'src/store/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'better-sqlite3', message: 'Only src/store/ may import better-sqlite3.' },
          { name: 'ink', message: 'Only src/ui/ may import ink (loaded lazily).' },
          { name: 'react', message: 'Only src/ui/ may import react (loaded lazily).' },
        ],
      }],
    },
  },
);
