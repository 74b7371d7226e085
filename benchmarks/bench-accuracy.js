#!/usr/bin/env node
// Does `llmx bench` measure what the server does? The simulator is set to 50 ms to first token and
// 10 ms per token; at concurrency 32 the measured TTFT median must be within 2 ms of 50 and the TPOT
// median within 0.5 ms of 10 (issue 6). Each round also times a bare `openai` SDK loop by the same
// formulas under the same load, alternating which goes first, so a miss can be told apart: bench's
// own doing, or the machine's. Run after `npx tsc -p tsconfig.build.json`.
//   REQUESTS (default 320) measured requests per round, OUTPUT_TOKENS (default 32), ROUNDS (default 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../dist/sim/index.js';
import { benchJson, median, root, runNode, writeConfig } from './bench-common.js';

const requests = Number(process.env.REQUESTS ?? 320);
const outputTokens = Number(process.env.OUTPUT_TOKENS ?? 32);
const rounds = Number(process.env.ROUNDS ?? 3);
const concurrency = 32;

const sim = await startSimulator({ providers: [{ name: 'sim', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 50, msPerToken: 10, outputTokens }] }, { port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'llmx-bench-accuracy-'));
try {
  const configPath = writeConfig(dir, sim);
  const runBench = () =>
    benchJson(configPath, join(dir, 'llmx.db'), ['--providers', 'sim', '-n', String(requests), '-c', String(concurrency), '--warmup', String(concurrency), 'Count to forty.']);
  const runReference = async () =>
    JSON.parse(await runNode([join(root, 'benchmarks', 'bench-accuracy-baseline.js'), sim.providers.sim.baseUrl, 'gpt-4o-mini', String(concurrency), String(requests)]));
  const bench = { ttft: [], tpot: [] };
  const quiet = [];
  const reference = { ttft: [], tpot: [] };
  console.log(`bench accuracy: simulator 50 ms TTFT, 10 ms/token, ${outputTokens} tokens; concurrency ${concurrency}, ${requests} requests per round`);
  for (let round = 1; round <= rounds; round++) {
    let data;
    let bare;
    if (round % 2 === 1) {
      data = await runBench();
      bare = await runReference();
    } else {
      bare = await runReference();
      data = await runBench();
    }
    const target = data.targets[0];
    bench.ttft.push(target.latency_ms.ttft.p50);
    bench.tpot.push(target.latency_ms.tpot.p50);
    reference.ttft.push(bare.ttft_ms_p50);
    reference.tpot.push(bare.tpot_ms_p50);
    if (data.client.verdict === 'ok') quiet.push(target.latency_ms);
    console.log(
      `round ${round}: llmx bench TTFT p50 ${target.latency_ms.ttft.p50.toFixed(2)} ms, TPOT p50 ${target.latency_ms.tpot.p50.toFixed(2)} ms ` +
        `(client ${data.client.verdict}, event-loop delay p99 ${data.client.event_loop_delay_ms_p99?.toFixed(1)} ms) | ` +
        `bare SDK loop TTFT p50 ${bare.ttft_ms_p50.toFixed(2)} ms, TPOT p50 ${bare.tpot_ms_p50.toFixed(2)} ms`,
    );
  }
  const ttft = median(bench.ttft);
  const tpot = median(bench.tpot);
  const ttftOk = Math.abs(ttft - 50) <= 2;
  const tpotOk = Math.abs(tpot - 10) <= 0.5;
  console.log(`medians over ${rounds} rounds:`);
  console.log(`  TTFT p50  llmx bench ${ttft.toFixed(2).padStart(7)} ms  bare SDK loop ${median(reference.ttft).toFixed(2).padStart(7)} ms  (target 50 ± 2: ${ttftOk ? 'PASS' : 'FAIL'})`);
  console.log(`  TPOT p50  llmx bench ${tpot.toFixed(2).padStart(7)} ms  bare SDK loop ${median(reference.tpot).toFixed(2).padStart(7)} ms  (target 10 ± 0.5: ${tpotOk ? 'PASS' : 'FAIL'})`);
  // Rounds in which bench found itself undisturbed (verdict ok): what it measures when the machine lets it.
  if (quiet.length > 0) {
    console.log(
      `  rounds with client verdict ok (${quiet.length}): TTFT p50 ${quiet.map((latency) => latency.ttft.p50.toFixed(2)).join(', ')} ms; ` +
        `TPOT p50 ${quiet.map((latency) => latency.tpot.p50.toFixed(2)).join(', ')} ms`,
    );
  } else {
    console.log('  no round had client verdict ok: the machine was too busy for a clean measurement');
  }
  process.exitCode = ttftOk && tpotOk ? 0 : 1;
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
