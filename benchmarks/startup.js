#!/usr/bin/env node
// Start-up cost of the llmx executable, as ratios against `node -e 0` measured in the same run.
// Targets (issue 2): `llmx --version` <= 1.5x, `llmx ask` against the simulator <= 2.5x.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../dist/sim/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'llmx.js');
const runs = Number(process.env.RUNS ?? 15);

// Asynchronous on purpose: the simulator lives in this process, and spawnSync would block the event
// loop that has to answer the child's request (every `ask` then timed out, 3 x 60 s, and failed).
function timeRun(args, env = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const sim = await startSimulator({ providers: [{ name: 'bench', protocol: 'openai', models: ['gpt-4o-mini'] }] });
const dir = mkdtempSync(join(tmpdir(), 'llmx-startup-'));
const config = join(dir, 'providers.yaml');
writeFileSync(config, `providers:\n  bench:\n    type: custom\n    api_key: sim\n    base_url: ${sim.providers.bench.baseUrl}\n    models: [gpt-4o-mini]\nstrategies:\n  default:\n    provider: bench\n`);
const db = join(dir, 'llmx.db');
const askArgs = [bin, 'ask', '--config', config, '--db', db, '--no-stream', 'hello'];

// Interleave the three commands so drift on the machine hits all alike; the first round warms caches.
const samples = { node: [], version: [], ask: [] };
await timeRun(['-e', '0']);
await timeRun([bin, '--version']);
await timeRun(askArgs);
for (let i = 0; i < runs; i++) {
  samples.node.push(await timeRun(['-e', '0']));
  samples.version.push(await timeRun([bin, '--version']));
  samples.ask.push(await timeRun(askArgs));
}
await sim.close();
rmSync(dir, { recursive: true, force: true });

const base = median(samples.node);
const rows = [
  ['node -e 0', base, 1, '-'],
  ['llmx --version', median(samples.version), median(samples.version) / base, '<= 1.5'],
  ['llmx ask (simulator)', median(samples.ask), median(samples.ask) / base, '<= 2.5'],
];
console.log(`start-up, median of ${runs} runs each (interleaved)`);
for (const [name, ms, ratio, target] of rows) {
  console.log(`${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms   ${ratio.toFixed(2).padStart(5)}x   target ${target}`);
}
