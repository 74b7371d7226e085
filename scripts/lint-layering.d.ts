import type { ESLint } from 'eslint';

/** The `llmx` ESLint plugin with its one rule, `layering` (see lint-layering.js). */
declare const plugin: ESLint.Plugin;
export default plugin;
