import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LlmxError } from '../spec/errors.js';
import { createStyle } from '../shared/color.js';
import type { GlobalOptions } from './output.js';

const binPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'llmx.js');

interface DemoOptions {
  keep: boolean;
  fast: boolean;
  globals: GlobalOptions;
}

/**
 * The newcomer's first command. It starts the simulator in this process, writes a providers.yaml
 * pointing at it, and runs the real `llmx` commands against it as separate processes, exactly as a
 * user or a CI script would: so the cross-process state (rotation, open circuits, the ledger) is
 * what is being shown, not an in-memory shortcut.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { startSimulator, demoSimConfig } = await import('../sim/index.js');
  const sim = await startSimulator(demoSimConfig(), { port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'llmx-demo-'));
  const configPath = join(dir, 'providers.yaml');
  const dbPath = options.globals.db ?? join(dir, 'llmx.db');
  writeFileSync(configPath, demoProvidersYaml(sim.providers));
  const color = options.globals.color;
  const style = createStyle(color);
  const heading = (text: string) => process.stdout.write(`\n${style.header(style.tone('accent', `== ${text}`))}\n`);
  const failures: string[] = [];
  const check = async (label: string, args: string[], expectExit = 0) => {
    const code = await runLlmx(args, configPath, dbPath, color);
    if (code !== expectExit) failures.push(`${label}: exit ${code}, expected ${expectExit}`);
  };

  try {
    heading('A simulator on loopback speaks three providers\' wire protocols; no keys, no network');
    for (const [name, provider] of Object.entries(sim.providers)) {
      process.stdout.write(`  ${name.padEnd(14)} ${provider.protocol.padEnd(10)} ${provider.baseUrl}\n`);
    }
    process.stdout.write(`  config: ${configPath}\n`);

    heading('1. Ask through a named strategy (a fallback chain: sim-openai, then sim-anthropic, then sim-ollama)');
    await check('ask', ['ask', '--strategy', 'default', 'Explain circuit breakers in one sentence.']);

    heading('2. Round robin across processes: three separate `llmx ask` calls, three providers');
    for (let i = 0; i < 3; i++) await check(`round robin ${i + 1}`, ['ask', '--strategy', 'rotate', '--no-stream', `Call number ${i + 1}.`]);

    heading('3. Failover: sim-openai starts failing; the fallback answers and the circuit opens');
    sim.update('sim-openai', { errorRates: { '500': 1 } });
    await check('failover ask', ['ask', '--strategy', 'default', '--no-stream', '-v', 'Are you still there?']);
    await check('strategies', ['strategies']);

    heading('4. Health: every provider checked at once (sim-openai is down, so this exits 4)');
    await check('health', ['health'], 4);
    sim.update('sim-openai', { errorRates: {} });

    if (!options.fast) {
      heading('5. Bench: latency, throughput and cost side by side');
      await check('bench', ['bench', '--providers', 'sim-openai,sim-anthropic,sim-ollama', '-n', '8', '-c', '4', '--warmup', '1', 'Write a haiku about latency.']);
    }

    heading(`${options.fast ? 5 : 6}. Costs: what this demo spent, from the ledger`);
    await check('costs', ['costs', '--by', 'provider']);
  } finally {
    await sim.close();
    if (options.keep) process.stdout.write(`\nkept: ${configPath} and ${dbPath}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length > 0) throw new LlmxError('the demo did not go as expected', 1, { details: failures });
  process.stdout.write(`\nDone. Try it on your own providers: write a providers.yaml (see README) and run llmx ask "hello".\n`);
}

function runLlmx(args: string[], configPath: string, dbPath: string, color: boolean): Promise<number> {
  const shown = ['llmx', ...args].map((arg) => (/[\s"']/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
  process.stdout.write(`${createStyle(color).dim(`$ ${shown}`)}\n`);
  const fullArgs = [binPath, ...args, '--config', configPath, '--db', dbPath, ...(color ? [] : ['--no-color'])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, fullArgs, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, LLMX_DEMO: '1' } });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function demoProvidersYaml(providers: Record<string, { protocol: string; baseUrl: string; models: string[] }>): string {
  const lines = ['# Written by `llmx demo`: three simulated providers on loopback.', 'providers:'];
  for (const [name, provider] of Object.entries(providers)) {
    lines.push(`  ${name}:`, `    type: ${provider.protocol}`, '    api_key: sim-key');
    lines.push(provider.protocol === 'azure_openai' ? `    endpoint: ${provider.baseUrl}` : `    base_url: ${provider.baseUrl}`);
    lines.push(`    models: [${provider.models.join(', ')}]`, '    retry:', '      max_attempts: 2', '      backoff_factor: 2', '    timeout_ms: 5000');
  }
  lines.push(
    'failover:',
    '  health_check_interval: 5',
    '  max_failures: 2',
    '  recovery_timeout: 60',
    'strategies:',
    '  default:',
    '    provider: sim-openai',
    '    fallback_providers: [sim-anthropic, sim-ollama]',
    '  rotate:',
    '    type: round_robin',
    '    providers: [sim-openai, sim-anthropic, sim-ollama]',
    '  cheapest:',
    '    type: least_cost',
    '  fastest:',
    '    type: performance_based',
  );
  return `${lines.join('\n')}\n`;
}
