#!/usr/bin/env node
// Issue 3, "Proof": `performance_based` against an oracle that always picks the fastest healthy
// provider. Three simulated providers at 40, 120 and 400 ms to first token, the fastest failing 30%
// of requests with a 500. Target: llmx's median latency <= 1.1x the oracle's.
//
// The oracle: before each request a seeded coin (p = the fast provider's error rate) says whether the
// fast provider is down for that request. The oracle then calls, directly through the adapter, the
// fastest provider that is up: `oracle-fast` (the same 40 ms server without injected errors) when
// the coin says up, else `mid` (120 ms). It never pays for a failure, a retry or a wrong guess.
// llmx routes through the real Router (performance_based over fast, mid, slow) on a real SQLite state
// file, starting with no latency knowledge; its failures are real 500s from the simulator.
// The two run interleaved (each lane alternates which goes first) so machine load hits both alike.
//   npx tsc -p tsconfig.build.json && node benchmarks/routing-performance.js
//   REQUESTS (default 300, each side), CONCURRENCY (default 4 lanes), EXPLORATION (strategy
//   `exploration`, default 0.05), MAX_ATTEMPTS (retry.max_attempts, default 3), SEED (default 1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../dist/config/index.js';
import { createAdapter } from '../dist/providers/index.js';
import { Router } from '../dist/routing/index.js';
import { startSimulator } from '../dist/sim/index.js';
import { openStore } from '../dist/store/index.js';
import { machineLoad, percentile, pool, threeProviders, writeProvidersYaml } from './routing-common.js';

const requests = Number(process.env.REQUESTS ?? 300);
const concurrency = Number(process.env.CONCURRENCY ?? 4);
const exploration = Number(process.env.EXPLORATION ?? 0.05);
const maxAttempts = Number(process.env.MAX_ATTEMPTS ?? 3);
const seed = Number(process.env.SEED ?? 1);
const fastErrorRate = 0.3;

// mulberry32: a small seeded PRNG, so the oracle's "is fast up?" draws repeat run to run.
function seeded(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const loadBefore = await machineLoad();
const simConfig = threeProviders({ fastErrorRate });
simConfig.providers.push({ ...simConfig.providers[0], name: 'oracle-fast', errorRates: {} });
const sim = await startSimulator(simConfig, { port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'llmx-routing-performance-'));
try {
  const configPath = writeProvidersYaml(dir, sim, {
    providerExtra: `retry: {max_attempts: ${maxAttempts}, backoff_factor: 2}`,
    rest: `
failover:
  max_failures: 5
  recovery_timeout: 30
strategies:
  fastest:
    type: performance_based
    providers: [fast, mid, slow]
    exploration: ${exploration}
`,
  });
  const config = await loadConfig({ configPath, cwd: dir, env: {} });
  const store = await openStore({ path: join(dir, 'llmx.db') });
  const router = new Router({ config, state: store.state, adapterFor: createAdapter });
  const picks = {};
  const firstPicks = {};
  router.on((event) => {
    if (event.type === 'decision') firstPicks[event.decision.targets[0].provider] = (firstPicks[event.decision.targets[0].provider] ?? 0) + 1;
    if (event.type === 'attempt-end' && event.result) picks[event.target.provider] = (picks[event.target.provider] ?? 0) + 1;
  });
  const adapters = Object.fromEntries(await Promise.all(['oracle-fast', 'fast', 'mid', 'slow'].map(async (name) => [name, await createAdapter(config.providers[name])])));
  const modelOf = (name) => config.providers[name].models[0];
  const messages = (index) => [{ role: 'user', content: `Request ${index}: say something short.` }];

  // Warm the SDK imports and keep-alive connections of every adapter; the strategy itself starts cold.
  for (const name of Object.keys(adapters)) await adapters[name].chat({ model: modelOf(name), messages: messages(-1), maxTokens: 16 }).catch(() => {});

  const fastUp = seeded(seed);
  const oracleUp = Array.from({ length: requests }, () => fastUp() >= fastErrorRate);
  const oraclePicks = {};
  const llmxMs = [];
  const oracleMs = [];
  let llmxFailures = 0;

  const llmxCall = async (index) => {
    const t0 = performance.now();
    try {
      await router.ask({ messages: messages(index), maxTokens: 16 }, { strategy: 'fastest' });
      llmxMs.push(performance.now() - t0);
    } catch {
      llmxFailures++;
    }
  };
  const oracleCall = async (index) => {
    const name = oracleUp[index] ? 'oracle-fast' : 'mid';
    oraclePicks[name] = (oraclePicks[name] ?? 0) + 1;
    const t0 = performance.now();
    await adapters[name].chat({ model: modelOf(name), messages: messages(index), maxTokens: 16 });
    oracleMs.push(performance.now() - t0);
  };
  const startMs = performance.now();
  await pool(requests, concurrency, async (index) => {
    if (index % 2 === 0) {
      await llmxCall(index);
      await oracleCall(index);
    } else {
      await oracleCall(index);
      await llmxCall(index);
    }
  });
  const elapsedS = (performance.now() - startMs) / 1000;
  store.close();

  const llmxMedian = percentile(llmxMs, 0.5);
  const oracleMedian = percentile(oracleMs, 0.5);
  const ratio = llmxMedian / oracleMedian;
  const row = (name, values) =>
    `  ${name.padEnd(22)} p50 ${percentile(values, 0.5).toFixed(1).padStart(7)} ms   mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(1).padStart(7)}   p90 ${percentile(values, 0.9).toFixed(1).padStart(7)}   n=${values.length}`;
  console.log(`routing performance_based vs oracle: ${requests} requests each, ${concurrency} lanes, interleaved; fast 40 ms (30% 500s), mid 120 ms, slow 400 ms`);
  console.log(`strategy: performance_based, exploration ${exploration}; retry.max_attempts ${maxAttempts}; failover.max_failures 5, recovery_timeout 30 s`);
  console.log('oracle: per request a seeded coin says whether fast is down (p=0.3); the oracle calls the fastest provider that is up (fast, else mid) directly through its adapter, never paying for a failure');
  console.log(`machine load before: ${loadBefore}`);
  console.log(`elapsed ${elapsedS.toFixed(1)} s; llmx failures ${llmxFailures}`);
  console.log(row('llmx performance_based', llmxMs));
  console.log(row('oracle', oracleMs));
  console.log(`  llmx answered by: ${JSON.stringify(picks)}; first choice: ${JSON.stringify(firstPicks)}; oracle used: ${JSON.stringify(oraclePicks)}`);
  for (const name of ['fast', 'mid', 'slow']) console.log(`  simulator ${name}: ${JSON.stringify(sim.stats(name))}`);
  console.log(`  median ratio llmx/oracle ${ratio.toFixed(3)} (target <= 1.1: ${ratio <= 1.1 ? 'PASS' : 'FAIL'})`);
  process.exitCode = ratio <= 1.1 && llmxFailures === 0 ? 0 : 1;
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
