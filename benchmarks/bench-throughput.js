#!/usr/bin/env node
// Is bench's own client the bottleneck? Against a zero-latency simulator, `llmx bench` must sustain
// at least 80% of the request rate of a minimal loop calling the `openai` SDK directly at the same
// concurrency (issue 6). Both run in one invocation, each in its own process (the simulator stays
// here), alternating ROUNDS times; the medians are compared. Run after `npx tsc -p tsconfig.build.json`.
//   REQUESTS (default 1000) per round, CONCURRENCY (default 16), ROUNDS (default 3);
//   STREAM=0 compares plain (non-streaming) completions instead of streams.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../dist/sim/index.js';
import { benchJson, median, root, runNode, writeConfig } from './bench-common.js';

const requests = Number(process.env.REQUESTS ?? 1000);
const concurrency = Number(process.env.CONCURRENCY ?? 16);
const rounds = Number(process.env.ROUNDS ?? 3);
const stream = process.env.STREAM !== '0';

const sim = await startSimulator({ providers: [{ name: 'zero', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 0, msPerToken: 0, outputTokens: 16 }] }, { port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'llmx-bench-throughput-'));
try {
  const configPath = writeConfig(dir, sim);
  const benchRates = [];
  const baselineRates = [];
  const benchCpu = [];
  const baselineCpu = [];
  for (let round = 1; round <= rounds; round++) {
    const runBaseline = async () =>
      JSON.parse(await runNode([join(root, 'benchmarks', 'bench-throughput-baseline.js'), sim.providers.zero.baseUrl, 'gpt-4o-mini', String(concurrency), String(requests), stream ? '1' : '0']));
    const runBench = () =>
      benchJson(configPath, join(dir, 'llmx.db'), ['--providers', 'zero', '-n', String(requests), '-c', String(concurrency), '--warmup', String(concurrency), ...(stream ? [] : ['--no-stream']), 'Count to forty.']);
    // Alternate which goes first, so neither always meets a warmer (or more tired) simulator.
    let baseline;
    let data;
    if (round % 2 === 1) {
      baseline = await runBaseline();
      data = await runBench();
    } else {
      data = await runBench();
      baseline = await runBaseline();
    }
    const target = data.targets[0];
    if (target.counts.failed > 0) throw new Error(`bench saw ${target.counts.failed} failures`);
    baselineRates.push(baseline.requests_per_s);
    benchRates.push(target.throughput.requests_per_s);
    baselineCpu.push(baseline.cpu_ms_per_request);
    benchCpu.push(data.client.cpu_ms_per_request);
    console.log(
      `round ${round}: openai SDK loop ${baseline.requests_per_s.toFixed(1)} req/s, ${baseline.cpu_ms_per_request.toFixed(3)} CPU ms/req | ` +
        `llmx bench ${target.throughput.requests_per_s.toFixed(1)} req/s, ${data.client.cpu_ms_per_request.toFixed(3)} CPU ms/req (client ${data.client.verdict})`,
    );
  }
  const baselineMedian = median(baselineRates);
  const benchMedian = median(benchRates);
  const ratio = benchMedian / baselineMedian;
  console.log(`zero-latency simulator, ${stream ? 'streaming' : 'not streaming'}, concurrency ${concurrency}, ${requests} requests per round, ${rounds} rounds (medians):`);
  console.log(`  openai SDK loop  ${baselineMedian.toFixed(1).padStart(8)} req/s`);
  console.log(`  llmx bench       ${benchMedian.toFixed(1).padStart(8)} req/s`);
  console.log(`  ratio            ${ratio.toFixed(3).padStart(8)}   (target >= 0.8: ${ratio >= 0.8 ? 'PASS' : 'FAIL'})`);
  // On a shared machine the wall-clock rates swing with other load; the client's CPU per request does
  // not, and a CPU-bound client's rate is its inverse: the same comparison, less noise.
  const cpuRatio = median(baselineCpu) / median(benchCpu);
  console.log(`  CPU ms/request   SDK loop ${median(baselineCpu).toFixed(3)}, bench ${median(benchCpu).toFixed(3)}: rate ratio implied by CPU ${cpuRatio.toFixed(3)}`);
  process.exitCode = ratio >= 0.8 ? 0 : 1;
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
