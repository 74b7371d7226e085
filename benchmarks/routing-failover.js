#!/usr/bin/env node
// Issue 3, "Proof": 1,000 requests through a fallback chain (fast -> mid -> slow) whose fastest
// provider fails 30% of requests with a 500. Every request must be answered, and the ledger must hold
// exactly one `ok` row per request. In-process Router on a real SQLite file, with the ledger recorder.
//   npx tsc -p tsconfig.build.json && node benchmarks/routing-failover.js
//   REQUESTS (default 1000), CONCURRENCY (default 20), MAX_ATTEMPTS (retry.max_attempts, default 3),
//   MAX_FAILURES (failover.max_failures, default 5), RECOVERY_S (failover.recovery_timeout, default 30),
//   TIME_LIMIT_S (default 300: the run stops starting requests after this), SEED (simulator, default 1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../dist/config/index.js';
import { createLedgerRecorder } from '../dist/ledger/index.js';
import { createPriceLookup } from '../dist/pricing/index.js';
import { createAdapter } from '../dist/providers/index.js';
import { Router } from '../dist/routing/index.js';
import { startSimulator } from '../dist/sim/index.js';
import { openStore } from '../dist/store/index.js';
import { countBy, machineLoad, percentile, pool, readLedger, threeProviders, writeProvidersYaml } from './routing-common.js';

const requests = Number(process.env.REQUESTS ?? 1000);
const concurrency = Number(process.env.CONCURRENCY ?? 20);
const maxAttempts = Number(process.env.MAX_ATTEMPTS ?? 3);
const maxFailures = Number(process.env.MAX_FAILURES ?? 5);
const recoveryS = Number(process.env.RECOVERY_S ?? 30);
const timeLimitMs = Number(process.env.TIME_LIMIT_S ?? 300) * 1000;

const loadBefore = await machineLoad();
const sim = await startSimulator(threeProviders({ fastErrorRate: 0.3 }), { port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'llmx-routing-failover-'));
try {
  const configPath = writeProvidersYaml(dir, sim, {
    providerExtra: `retry: {max_attempts: ${maxAttempts}, backoff_factor: 2}`,
    rest: `
failover:
  max_failures: ${maxFailures}
  recovery_timeout: ${recoveryS}
strategies:
  chain:
    provider: fast
    fallback_providers: [mid, slow]
`,
  });
  const config = await loadConfig({ configPath, cwd: dir, env: {} });
  const dbPath = join(dir, 'llmx.db');
  const store = await openStore({ path: dbPath });
  const priceOf = createPriceLookup(config);
  const router = new Router({ config, state: store.state, adapterFor: createAdapter, priceOf });
  const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'bench', strategy: null, ci: false, logPrompts: false });
  router.on(recorder.listener);

  // What the router did, from its own events.
  const seen = { attempts: {}, attemptErrors: {}, retries: 0, failovers: 0, circuitSkips: {}, circuitOpenings: {}, otherSkips: 0 };
  const lastWasSkip = {};
  router.on((event) => {
    const provider = event.target?.provider;
    if (event.type === 'attempt-end') {
      seen.attempts[provider] = (seen.attempts[provider] ?? 0) + 1;
      if (event.error) seen.attemptErrors[provider] = (seen.attemptErrors[provider] ?? 0) + 1;
      lastWasSkip[provider] = false;
    } else if (event.type === 'retry') {
      seen.retries++;
    } else if (event.type === 'failover' && event.to) {
      seen.failovers++;
    } else if (event.type === 'skip') {
      if (/circuit/.test(event.reason)) {
        seen.circuitSkips[provider] = (seen.circuitSkips[provider] ?? 0) + 1;
        // A skip right after a real attempt on that provider is a new open episode.
        if (!lastWasSkip[provider]) seen.circuitOpenings[provider] = (seen.circuitOpenings[provider] ?? 0) + 1;
        lastWasSkip[provider] = true;
      } else {
        seen.otherSkips++;
      }
    }
  });

  const answeredBy = {};
  const failures = [];
  const latenciesMs = [];
  let started = 0;
  const startMs = performance.now();
  await pool(requests, concurrency, async (index) => {
    if (performance.now() - startMs > timeLimitMs) return;
    started++;
    const t0 = performance.now();
    try {
      const result = await router.ask({ messages: [{ role: 'user', content: `Request ${index}: say something short.` }], maxTokens: 16 }, { strategy: 'chain', requestId: `failover-${index}` });
      latenciesMs.push(performance.now() - t0);
      answeredBy[result.provider] = (answeredBy[result.provider] ?? 0) + 1;
    } catch (error) {
      failures.push({ index, message: error instanceof Error ? error.message : String(error) });
    }
  });
  const elapsedS = (performance.now() - startMs) / 1000;
  await recorder.flush();
  store.close();

  const rows = readLedger(dbPath);
  const okByRequest = countBy(rows.filter((row) => row.status === 'ok'), (row) => row.requestId);
  let exactlyOne = 0;
  const wrong = [];
  for (let index = 0; index < requests; index++) {
    const count = okByRequest[`failover-${index}`] ?? 0;
    if (count === 1) exactlyOne++;
    else if (wrong.length < 5) wrong.push(`failover-${index}: ${count} ok rows`);
  }
  const answered = latenciesMs.length;
  const allAnswered = answered === requests && failures.length === 0;
  const ledgerExact = exactlyOne === requests && rows.length === Object.values(seen.attempts).reduce((a, b) => a + b, 0);

  console.log(`routing failover: ${requests} requests, concurrency ${concurrency}, chain fast(40 ms, 30% 500s) -> mid(120 ms) -> slow(400 ms)`);
  console.log(`config: retry.max_attempts ${maxAttempts}, backoff_factor 2 (first retry 0.25-0.5 s); failover.max_failures ${maxFailures}, recovery_timeout ${recoveryS} s`);
  console.log(`machine load before: ${loadBefore}`);
  console.log(`elapsed ${elapsedS.toFixed(1)} s; started ${started}/${requests}`);
  console.log(`answered: ${answered}/${requests} (${allAnswered ? 'PASS' : 'FAIL'})${failures.length ? `; first failures: ${failures.slice(0, 3).map((f) => `#${f.index} ${f.message}`).join(' | ')}` : ''}`);
  console.log(`answered by: ${JSON.stringify(answeredBy)}`);
  console.log(`latency per request (ms): p50 ${percentile(latenciesMs, 0.5).toFixed(1)}, p90 ${percentile(latenciesMs, 0.9).toFixed(1)}, p99 ${percentile(latenciesMs, 0.99).toFixed(1)}, max ${Math.max(...latenciesMs).toFixed(1)}`);
  console.log(`attempts by provider: ${JSON.stringify(seen.attempts)}; failed attempts: ${JSON.stringify(seen.attemptErrors)}`);
  console.log(`retries: ${seen.retries}; failovers: ${seen.failovers}; circuit-open skips: ${JSON.stringify(seen.circuitSkips)} in ${JSON.stringify(seen.circuitOpenings)} open episode(s); other skips: ${seen.otherSkips}`);
  for (const name of Object.keys(sim.providers)) console.log(`simulator ${name}: ${JSON.stringify(sim.stats(name))}`);
  console.log(`ledger: ${rows.length} rows; ok rows by provider ${JSON.stringify(countBy(rows.filter((r) => r.status === 'ok'), (r) => r.provider))}; error rows by provider ${JSON.stringify(countBy(rows.filter((r) => r.status === 'error'), (r) => `${r.provider} ${r.httpStatus}`))}`);
  console.log(`ledger: requests with exactly one ok row ${exactlyOne}/${requests}; rows = attempts seen: ${rows.length === Object.values(seen.attempts).reduce((a, b) => a + b, 0)} (${ledgerExact ? 'PASS' : 'FAIL'})${wrong.length ? `; e.g. ${wrong.join(', ')}` : ''}`);
  process.exitCode = allAnswered && ledgerExact ? 0 : 1;
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
