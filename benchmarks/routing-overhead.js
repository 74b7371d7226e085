#!/usr/bin/env node
// Issue 3, "Proof": what routing adds to one call. Against a zero-latency simulator, in-process, the
// median latency of `Router.ask` (a priority strategy of one provider, real SQLite state file, no
// ledger) vs the same adapter instance called directly, interleaved call by call. Target: the
// difference of the medians <= 0.2 ms. A second, instrumented pass counts the StateStore calls per
// routed request and the time spent in them, to say where the difference goes.
// A PostgreSQL row (issue 14) routes the same calls on the shared store over loopback: target <= 1.5 ms
// over the direct call (two short transactions, two round trips each). The server is $LLMX_BENCH_PG_URL,
// else a throwaway one (scripts/throwaway-postgres.js); without PostgreSQL the row is skipped.
//   npx tsc -p tsconfig.build.json && node benchmarks/routing-overhead.js
//   CALLS (default 3000 each), WARMUP (default 300 each).
// For a CPU profile of the routed path: node --cpu-prof --cpu-prof-dir=/tmp/prof benchmarks/routing-overhead.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../dist/config/index.js';
import { createAdapter } from '../dist/providers/index.js';
import { Router } from '../dist/routing/index.js';
import { startSimulator } from '../dist/sim/index.js';
import { MemoryStateStore, openStore } from '../dist/store/index.js';
import { postgresBin, startThrowawayPostgres } from '../scripts/throwaway-postgres.js';
import { machineLoad, percentile, writeProvidersYaml } from './routing-common.js';

const calls = Number(process.env.CALLS ?? 3000);
const warmup = Number(process.env.WARMUP ?? 300);

/** A pass-through StateStore that counts each method's calls and the time spent in them. */
function countingState(inner) {
  const stats = { update: { calls: 0, ms: 0, keys: 0 }, get: { calls: 0, ms: 0 }, scan: { calls: 0, ms: 0 } };
  const timed = (name, call) => async (...args) => {
    const t0 = performance.now();
    try {
      return await call(...args);
    } finally {
      stats[name].calls++;
      stats[name].ms += performance.now() - t0;
    }
  };
  return {
    stats,
    state: {
      update: timed('update', (keys, fn) => {
        stats.update.keys += keys.length;
        return inner.update(keys, fn);
      }),
      get: timed('get', (key) => inner.get(key)),
      scan: timed('scan', (prefix) => inner.scan(prefix)),
    },
  };
}

const loadBefore = await machineLoad();
const sim = await startSimulator({ providers: [{ name: 'zero', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 0, msPerToken: 0, outputTokens: 4 }] }, { port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'llmx-routing-overhead-'));
let throwaway;
try {
  const configPath = writeProvidersYaml(dir, sim, { rest: 'strategies:\n  only:\n    provider: zero\n' });
  const config = await loadConfig({ configPath, cwd: dir, env: {} });
  const store = await openStore({ path: join(dir, 'llmx.db') });
  const adapter = await createAdapter(config.providers.zero);
  const counting = countingState(store.state);
  const router = new Router({ config, state: store.state, adapterFor: async () => adapter });
  const countedRouter = new Router({ config, state: counting.state, adapterFor: async () => adapter });
  // Diagnostic third arm: the same router on the in-memory StateStore, to split router logic from SQLite.
  const memoryRouter = new Router({ config, state: new MemoryStateStore(), adapterFor: async () => adapter });
  // The shared store: the same router on PostgreSQL.
  let pgUrl = process.env.LLMX_BENCH_PG_URL;
  if (!pgUrl && postgresBin()) {
    throwaway = await startThrowawayPostgres();
    await throwaway.admin("CREATE ROLE bench LOGIN PASSWORD 'bench-pw'");
    await throwaway.admin('CREATE DATABASE bench OWNER bench');
    pgUrl = throwaway.url('bench', { name: 'bench', password: 'bench-pw' });
  }
  const pgStore = pgUrl ? await openStore({ path: pgUrl }) : undefined;
  const pgRouter = pgStore && new Router({ config, state: pgStore.state, adapterFor: async () => adapter });
  const messages = [{ role: 'user', content: 'Say something short.' }];
  const direct = () => adapter.chat({ model: 'gpt-4o-mini', messages, maxTokens: 16 });
  const routed = (via) => via.ask({ messages, maxTokens: 16 }, { strategy: 'only' });

  const time = async (call) => {
    const t0 = performance.now();
    await call();
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup; i++) {
    await direct();
    await routed(router);
    await routed(memoryRouter);
    if (pgRouter) await routed(pgRouter);
  }
  const directMs = [];
  const routedMs = [];
  const memoryMs = [];
  const pgMs = [];
  const arms = [() => time(direct).then((ms) => directMs.push(ms)), () => time(() => routed(router)).then((ms) => routedMs.push(ms)), () => time(() => routed(memoryRouter)).then((ms) => memoryMs.push(ms))];
  if (pgRouter) arms.push(() => time(() => routed(pgRouter)).then((ms) => pgMs.push(ms)));
  for (let i = 0; i < calls; i++) {
    // Rotate which arm goes first so none always follows another's garbage or socket state.
    for (let k = 0; k < arms.length; k++) await arms[(i + k) % arms.length]();
  }
  const directMedian = percentile(directMs, 0.5);
  const routedMedian = percentile(routedMs, 0.5);
  const differenceMs = routedMedian - directMedian;

  // Instrumented pass: StateStore calls per routed request and their cost.
  const profiled = Math.min(1000, calls);
  const profiledMs = [];
  for (let i = 0; i < profiled; i++) profiledMs.push(await time(() => routed(countedRouter)));
  const { stats } = counting;

  console.log(`routing overhead: zero-latency simulator, in-process, ${calls} calls each after ${warmup} warm-up, interleaved`);
  console.log(`machine load before: ${loadBefore}`);
  console.log(`  adapter.chat directly   p50 ${directMedian.toFixed(3)} ms   p10 ${percentile(directMs, 0.1).toFixed(3)}   p90 ${percentile(directMs, 0.9).toFixed(3)}`);
  console.log(`  Router.ask (priority)   p50 ${routedMedian.toFixed(3)} ms   p10 ${percentile(routedMs, 0.1).toFixed(3)}   p90 ${percentile(routedMs, 0.9).toFixed(3)}`);
  console.log(`  Router.ask, memory state p50 ${percentile(memoryMs, 0.5).toFixed(3)} ms   (diagnostic: the router without SQLite, +${(percentile(memoryMs, 0.5) - directMedian).toFixed(3)} ms over direct)`);
  console.log(`  difference of medians   ${differenceMs.toFixed(3)} ms (ratio ${(routedMedian / directMedian).toFixed(3)}; target <= 0.2 ms: ${differenceMs <= 0.2 ? 'PASS' : 'FAIL'})`);
  let pgDifferenceMs;
  if (pgRouter) {
    const pgMedian = percentile(pgMs, 0.5);
    pgDifferenceMs = pgMedian - directMedian;
    console.log(`  Router.ask, PostgreSQL  p50 ${pgMedian.toFixed(3)} ms   p10 ${percentile(pgMs, 0.1).toFixed(3)}   p90 ${percentile(pgMs, 0.9).toFixed(3)}   (${pgStore.path}, loopback)`);
    console.log(`  PostgreSQL over direct  ${pgDifferenceMs.toFixed(3)} ms (SQLite: ${differenceMs.toFixed(3)} ms; target <= 1.5 ms: ${pgDifferenceMs <= 1.5 ? 'PASS' : 'FAIL'})`);
  } else {
    console.log('  Router.ask, PostgreSQL  skipped: PostgreSQL is not installed (apt-get install postgresql) and LLMX_BENCH_PG_URL is not set');
  }
  console.log(`instrumented pass (${profiled} routed calls, p50 ${percentile(profiledMs, 0.5).toFixed(3)} ms):`);
  for (const [name, entry] of Object.entries(stats)) {
    if (entry.calls === 0) continue;
    const keys = entry.keys !== undefined ? `, ${(entry.keys / entry.calls).toFixed(1)} keys each` : '';
    console.log(`  StateStore.${name.padEnd(6)} ${(entry.calls / profiled).toFixed(2)} per request${keys}, ${(entry.ms / entry.calls).toFixed(3)} ms each, ${(entry.ms / profiled).toFixed(3)} ms per request`);
  }
  if (pgRouter) {
    const pgCounting = countingState(pgStore.state);
    const pgCounted = new Router({ config, state: pgCounting.state, adapterFor: async () => adapter });
    for (let i = 0; i < profiled; i++) await routed(pgCounted);
    const entry = pgCounting.stats.update;
    console.log(`  on PostgreSQL: StateStore.update ${(entry.calls / profiled).toFixed(2)} per request, ${(entry.ms / entry.calls).toFixed(3)} ms each, ${(entry.ms / profiled).toFixed(3)} ms per request`);
  }
  store.close();
  await pgStore?.close();
  process.exitCode = differenceMs <= 0.2 && (pgDifferenceMs === undefined || pgDifferenceMs <= 1.5) ? 0 : 1;
} finally {
  throwaway?.remove();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
