// Bundles the CLI (dist/cli.js, from tsc) into dist/bundle/ for start-up speed.
//
// Why: a CLI that runs once per shell-script step pays Node's module loading on every call, and
// resolving and reading several hundred small files (ours and the SDKs') costs more than the code.
// esbuild with code splitting keeps every dynamic import() lazy (an SDK, the Ink UI, an engine is
// still loaded only by the command that needs it) while each lazy piece becomes one file.
// The library (dist/index.js) and the tests use the unbundled tsc output.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: start clean so stale chunks never pile up.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/cli.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native addon: must stay a real package. react-devtools-core is an optional Ink dev dependency;
  // pg-native an optional pg one (llmx uses pg's pure-JS client).
  external: ['better-sqlite3', 'react-devtools-core', 'pg-native'],
  // CommonJS packages inside an ESM bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire as __llmxCreateRequire } from 'node:module'; const require = __llmxCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
