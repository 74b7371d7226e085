#!/usr/bin/env node
// Is bench's own client the bottleneck? Against a zero-latency simulator, `llmx bench` must sustain
// at least 80% of the request rate of a minimal loop calling the `openai` SDK directly at the same
// concurrency (issue 6). Both run in one invocation, each in its own process (the simulator stays
// here), alternating ROUNDS times; the medians are compared. Run after `npx tsc -p tsconfig.build.json`.
//   REQUESTS (default 1000) per round, CONCURRENCY (default 16), ROUNDS (default 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../dist/sim/index.js';
import { benchJson, median, root, runNode, writeConfig } from './bench-common.js';

const requests = Number(process.env.REQUESTS ?? 1000);
const concurrency = Number(process.env.CONCURRENCY ?? 16);
const rounds = Number(process.env.ROUNDS ?? 3);

const sim = await startSimulator({ providers: [{ name: 'zero', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 0, msPerToken: 0, outputTokens: 16 }] }, { port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'llmx-bench-throughput-'));
try {
  const configPath = writeConfig(dir, sim);
  const benchRates = [];
  const baselineRates = [];
  for (let round = 1; round <= rounds; round++) {
    const baseline = JSON.parse(
      await runNode([join(root, 'benchmarks', 'bench-throughput-baseline.js'), sim.providers.zero.baseUrl, 'gpt-4o-mini', String(concurrency), String(requests)]),
    );
    const data = await benchJson(configPath, join(dir, 'llmx.db'), ['--providers', 'zero', '-n', String(requests), '-c', String(concurrency), '--warmup', String(concurrency), 'Count to forty.']);
    const target = data.targets[0];
    if (target.counts.failed > 0) throw new Error(`bench saw ${target.counts.failed} failures`);
    baselineRates.push(baseline.requests_per_s);
    benchRates.push(target.throughput.requests_per_s);
    console.log(
      `round ${round}: openai SDK loop ${baseline.requests_per_s.toFixed(1)} req/s | llmx bench ${target.throughput.requests_per_s.toFixed(1)} req/s (client ${data.client.verdict})`,
    );
  }
  const baselineMedian = median(baselineRates);
  const benchMedian = median(benchRates);
  const ratio = benchMedian / baselineMedian;
  console.log(`zero-latency simulator, concurrency ${concurrency}, ${requests} requests per round, ${rounds} rounds (medians):`);
  console.log(`  openai SDK loop  ${baselineMedian.toFixed(1).padStart(8)} req/s`);
  console.log(`  llmx bench       ${benchMedian.toFixed(1).padStart(8)} req/s`);
  console.log(`  ratio            ${ratio.toFixed(3).padStart(8)}   (target >= 0.8: ${ratio >= 0.8 ? 'PASS' : 'FAIL'})`);
  process.exitCode = ratio >= 0.8 ? 0 : 1;
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
