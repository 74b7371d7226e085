#!/usr/bin/env node
// Does `llmx bench` measure what the server does? The simulator is set to 50 ms to first token and
// 10 ms per token; at concurrency 32 the measured TTFT median must be within 2 ms of 50 and the TPOT
// median within 0.5 ms of 10 (issue 6). Run after `npx tsc -p tsconfig.build.json`.
//   REQUESTS (default 320) measured requests, OUTPUT_TOKENS (default 32) per answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../dist/sim/index.js';
import { benchJson, root, runNode, writeConfig } from './bench-common.js';

const requests = Number(process.env.REQUESTS ?? 320);
const outputTokens = Number(process.env.OUTPUT_TOKENS ?? 32);
const concurrency = 32;

const sim = await startSimulator({ providers: [{ name: 'sim', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 50, msPerToken: 10, outputTokens }] }, { port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'llmx-bench-accuracy-'));
try {
  const configPath = writeConfig(dir, sim);
  const data = await benchJson(configPath, join(dir, 'llmx.db'), ['--providers', 'sim', '-n', String(requests), '-c', String(concurrency), '--warmup', String(concurrency), 'Count to forty.']);
  const target = data.targets[0];
  const ttft = target.latency_ms.ttft;
  const tpot = target.latency_ms.tpot;
  const ttftOk = Math.abs(ttft.p50 - 50) <= 2;
  const tpotOk = Math.abs(tpot.p50 - 10) <= 0.5;
  const row = (name, summary, want, tolerance, ok) =>
    `${name.padEnd(6)} p50 ${summary.p50.toFixed(2).padStart(7)} ms  (target ${want} ± ${tolerance} ms: ${ok ? 'PASS' : 'FAIL'})  p90 ${summary.p90.toFixed(2)}  p99 ${summary.p99.toFixed(2)}  n=${summary.n}`;
  console.log(`bench accuracy: simulator 50 ms TTFT, 10 ms/token, ${outputTokens} tokens; concurrency ${concurrency}, ${requests} requests`);
  console.log(row('TTFT', ttft, 50, 2, ttftOk));
  console.log(row('TPOT', tpot, 10, 0.5, tpotOk));
  // The same measurement by a bare SDK loop, right after: if it misses too, the machine is the cause.
  const reference = JSON.parse(
    await runNode([join(root, 'benchmarks', 'bench-accuracy-baseline.js'), sim.providers.sim.baseUrl, 'gpt-4o-mini', String(concurrency), String(requests)]),
  );
  console.log(`bare openai SDK loop, same load: TTFT p50 ${reference.ttft_ms_p50.toFixed(2)} ms, TPOT p50 ${reference.tpot_ms_p50.toFixed(2)} ms (n=${reference.n})`);
  console.log(`client: ${data.client.verdict}, event-loop delay p99 ${data.client.event_loop_delay_ms_p99?.toFixed(2)} ms${data.client.reasons.length ? ` (${data.client.reasons.join('; ')})` : ''}`);
  process.exitCode = ttftOk && tpotOk ? 0 : 1;
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
