#!/usr/bin/env node
// Issue 3, "Proof": a provider with rate_limit.requests_per_minute 60 shared by 4 concurrent OS
// processes (routing-rate-limit-worker.js, each looping Router.ask on one --db file) for DURATION_S.
// A recording proxy in front of the simulator notes when each request arrives. Targets: never more
// than 60 arrivals in any 60 s window, and at least 90% of the allowance used (the allowance of a
// 60/min sliding window over D seconds is 60 * ceil(D / 60): 120 for the default 2 minutes).
//   npx tsc -p tsconfig.build.json && node benchmarks/routing-rate-limit.js
//   DURATION_S (default 120), PROCESSES (default 4), RPM (default 60).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../dist/sim/index.js';
import { countBy, machineLoad, maxInWindow, percentile, readLedger, root, run, startRecordingProxy, writeProvidersYaml } from './routing-common.js';

const durationS = Number(process.env.DURATION_S ?? 120);
const processes = Number(process.env.PROCESSES ?? 4);
const rpm = Number(process.env.RPM ?? 60);
const WINDOW_MS = 60_000;
// Time for every worker to start, load its config, store and SDK before the clock starts.
const STARTUP_GRACE_MS = 4000;

const loadBefore = await machineLoad();
const sim = await startSimulator({ providers: [{ name: 'limited', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 50, outputTokens: 4 }] }, { port: 0 });
const proxy = await startRecordingProxy(sim.url);
const dir = mkdtempSync(join(tmpdir(), 'llmx-routing-rate-'));
try {
  const configPath = writeProvidersYaml(dir, sim, {
    baseUrls: { limited: `${proxy.url}/limited/v1` },
    providerExtra: `rate_limit: {requests_per_minute: ${rpm}}`,
    rest: `
strategies:
  default:
    provider: limited
`,
  });
  const dbPath = join(dir, 'llmx.db');
  const startAtMs = Date.now() + STARTUP_GRACE_MS;
  const deadlineMs = startAtMs + durationS * 1000;
  const env = { CONFIG: configPath, DB: dbPath, START_AT_MS: String(startAtMs), DEADLINE_MS: String(deadlineMs) };
  const results = await Promise.all(
    Array.from({ length: processes }, (_, index) => run(process.execPath, [join(root, 'benchmarks', 'routing-rate-limit-worker.js')], { ...env, WORKER: String(index) })),
  );
  const workers = results.map((result, index) => {
    if (result.code !== 0) throw new Error(`worker ${index} exited ${result.code}: ${result.stderr.slice(-1000)}`);
    return JSON.parse(result.stdout);
  });

  const chats = proxy.arrivals.filter((arrival) => arrival.method === 'POST').map((arrival) => arrival.atMs);
  const early = chats.filter((atMs) => atMs < startAtMs).length;
  const inRun = chats.filter((atMs) => atMs >= startAtMs && atMs < deadlineMs).length;
  const late = chats.filter((atMs) => atMs >= deadlineMs).length;
  const maxServer = maxInWindow(chats, WINDOW_MS);
  const rows = readLedger(dbPath);
  const maxClient = maxInWindow(rows.map((row) => row.startedAtMs), WINDOW_MS);
  const allowance = rpm * Math.ceil(durationS / 60);
  const used = inRun / allowance;
  const sorted = [...chats].sort((a, b) => a - b);
  const perMinute = [];
  for (let minute = 0; minute * 60_000 < durationS * 1000; minute++) {
    perMinute.push(chats.filter((atMs) => atMs >= startAtMs + minute * 60_000 && atMs < startAtMs + (minute + 1) * 60_000).length);
  }
  // Where a server-side excess comes from: the delay from the client's admission (the ledger's start
  // time, same clock) to the request's arrival, matched by the request id the prompt carries.
  const startOf = new Map(rows.map((row) => [row.requestId, row.startedAtMs]));
  const delays = proxy.arrivals
    .filter((arrival) => arrival.method === 'POST')
    .map((arrival) => {
      const id = /worker \d+ request \d+/.exec(arrival.body)?.[0];
      return id && startOf.has(id) ? { atMs: arrival.atMs, delayMs: arrival.atMs - startOf.get(id) } : null;
    })
    .filter(Boolean);
  const delayIn = (from, to) => delays.filter((d) => d.atMs >= from && d.atMs < to).map((d) => d.delayMs);
  const tightest = (times) => {
    let spanMs = Infinity;
    for (let i = 0; i + rpm < times.length; i++) spanMs = Math.min(spanMs, times[i + rpm] - times[i]);
    return spanMs;
  };
  const windowOk = maxServer <= rpm;
  const usedOk = used >= 0.9;

  console.log(`routing rate limit: requests_per_minute ${rpm} shared by ${processes} processes (each looping Router.ask on one db file) for ${durationS} s`);
  console.log(`machine load before: ${loadBefore}`);
  console.log(`workers: ${workers.map((w, i) => `#${i} asked ${w.asked} ok ${w.ok} failed ${w.failed}`).join('; ')}`);
  if (workers.some((w) => w.lastError)) console.log(`  last refusal: ${workers.find((w) => w.lastError).lastError}`);
  console.log(`server arrivals: ${chats.length} chat requests (${early} before the start, ${inRun} in the run, ${late} after it); per minute of the run: ${perMinute.join(', ')}`);
  if (sorted.length) console.log(`  first at +${((sorted[0] - startAtMs) / 1000).toFixed(3)} s, last at +${((sorted[sorted.length - 1] - startAtMs) / 1000).toFixed(3)} s`);
  console.log(`simulator: ${JSON.stringify(sim.stats('limited'))}; ledger: ${rows.length} rows ${JSON.stringify(countBy(rows, (row) => row.status))}, by worker process ${JSON.stringify(countBy(rows, (row) => JSON.parse(row.tags).worker))}`);
  console.log(`max arrivals in any 60 s window: server ${maxServer}, client (ledger start times) ${maxClient} (target <= ${rpm}: ${windowOk ? 'PASS' : 'FAIL'})`);
  const tightServer = tightest(sorted);
  if (Number.isFinite(tightServer)) console.log(`  tightest ${rpm + 1} consecutive arrivals span ${(tightServer / 1000).toFixed(3)} s at the server, ${(tightest(rows.map((row) => row.startedAtMs).sort((a, b) => a - b)) / 1000).toFixed(3)} s by client start times`);
  const first = delayIn(startAtMs, startAtMs + 60_000);
  const later = delayIn(startAtMs + 60_000, Infinity);
  const describe = (values) => (values.length ? `p50 ${percentile(values, 0.5).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n=${values.length})` : 'none');
  console.log(`  admission-to-arrival delay: first minute ${describe(first)}; after ${describe(later)}`);
  console.log(`allowance used: ${inRun}/${allowance} = ${(used * 100).toFixed(1)}% (target >= 90%: ${usedOk ? 'PASS' : 'FAIL'})`);
  process.exitCode = windowOk && usedOk ? 0 : 1;
} finally {
  await proxy.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
