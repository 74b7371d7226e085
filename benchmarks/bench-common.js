// Shared by bench-accuracy.js and bench-throughput.js: a providers.yaml for the simulator, and a
// spawned `llmx bench --json` (the simulator stays in this process, the client in its own).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bin = join(root, 'bin', 'llmx.js');

export function writeConfig(dir, sim) {
  const lines = ['providers:'];
  for (const [name, provider] of Object.entries(sim.providers)) {
    lines.push(`  ${name}:`, `    type: ${provider.protocol}`, '    api_key: sim-key', `    base_url: ${provider.baseUrl}`, `    models: [${provider.models.join(', ')}]`);
  }
  const path = join(dir, 'providers.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Runs a child node process and resolves with its stdout; rejects on a non-zero exit. */
export function runNode(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CI: '1', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

export async function benchJson(configPath, dbPath, args) {
  const stdout = await runNode([bin, 'bench', '--config', configPath, '--db', dbPath, '--json', ...args]);
  return JSON.parse(stdout).data;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
