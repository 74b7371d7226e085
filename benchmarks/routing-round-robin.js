#!/usr/bin/env node
// Issue 3, "Proof": 300 separate `llmx ask --strategy rr --no-stream` processes, PARALLEL at a time,
// on a `round_robin` of three simulated providers sharing one --db file. The rotation cursor lives in
// the shared SQLite state, so each provider must get 100 (plus or minus 1), counted both by the
// simulator (requests it answered) and by the ledger (ok rows).
//   npx tsc -p tsconfig.build.json && node benchmarks/routing-round-robin.js
//   PROCESSES (default 300), PARALLEL (default 6).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../dist/sim/index.js';
import { bin, countBy, machineLoad, percentile, pool, readLedger, run, threeProviders, writeProvidersYaml } from './routing-common.js';

const processes = Number(process.env.PROCESSES ?? 300);
const parallel = Number(process.env.PARALLEL ?? 6);

const loadBefore = await machineLoad();
// No injected errors here: the question is the rotation, not failover.
const sim = await startSimulator(threeProviders({ fastErrorRate: 0 }), { port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'llmx-routing-rr-'));
try {
  const configPath = writeProvidersYaml(dir, sim, {
    rest: `
strategies:
  rr:
    type: round_robin
    providers: [fast, mid, slow]
`,
  });
  const dbPath = join(dir, 'llmx.db');
  // Children get a bare environment: no provider variables or LLMX_* from the caller leak in.
  const env = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, CI: '1', NO_COLOR: '1' };
  const failures = [];
  const wallMs = [];
  const byStdout = {};
  const startMs = performance.now();
  await pool(processes, parallel, async (index) => {
    const result = await run(process.execPath, [bin, 'ask', '--config', configPath, '--db', dbPath, '--strategy', 'rr', '--no-stream', '--json', `Process ${index}: say hello.`], env);
    wallMs.push(result.ms);
    if (result.code !== 0) {
      failures.push(`#${index} exit ${result.code}: ${result.stderr.trim().split('\n').pop()}`);
      return;
    }
    const provider = JSON.parse(result.stdout).data.provider;
    byStdout[provider] = (byStdout[provider] ?? 0) + 1;
  });
  const elapsedS = (performance.now() - startMs) / 1000;

  const rows = readLedger(dbPath);
  const ledgerOk = countBy(rows.filter((row) => row.status === 'ok'), (row) => row.provider);
  const simOk = Object.fromEntries(Object.keys(sim.providers).map((name) => [name, sim.stats(name).byOutcome.ok ?? 0]));
  const want = processes / 3;
  const within = (counts) => Object.keys(sim.providers).every((name) => Math.abs((counts[name] ?? 0) - want) <= 1);
  const pass = failures.length === 0 && within(simOk) && within(ledgerOk);

  console.log(`routing round robin: ${processes} separate llmx ask processes, ${parallel} at a time, one --db file; round_robin over fast, mid, slow (40/120/400 ms)`);
  console.log(`machine load before: ${loadBefore}`);
  console.log(`elapsed ${elapsedS.toFixed(1)} s; process wall time p50 ${percentile(wallMs, 0.5).toFixed(0)} ms, p90 ${percentile(wallMs, 0.9).toFixed(0)} ms; failed processes ${failures.length}${failures.length ? `: ${failures.slice(0, 3).join(' | ')}` : ''}`);
  console.log(`per provider (target ${want.toFixed(0)} ± 1 each):`);
  console.log(`  simulator (ok answers): ${JSON.stringify(simOk)}`);
  console.log(`  ledger (ok rows):       ${JSON.stringify(ledgerOk)}; all rows ${rows.length}`);
  console.log(`  ask --json provider:    ${JSON.stringify(byStdout)}`);
  console.log(`  ${pass ? 'PASS' : 'FAIL'}`);
  process.exitCode = pass ? 0 : 1;
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
