import type { Command } from 'commander';
import { globalOptions, note, printJson } from './output.js';
import { portNumber } from './parse-options.js';

interface SimulateOptions {
  port?: number;
  host?: string;
}

/**
 * `llmx simulate`: serves the simulated providers until SIGINT/SIGTERM, then closes every connection
 * and exits 0 (stopping a server on request is its normal end, not an interruption).
 * The global --config names the simulator YAML here (not a providers.yaml).
 */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('serve simulated OpenAI, Azure OpenAI, Anthropic and Ollama providers on loopback (no keys, no network); --config names a simulator YAML')
    .option('--port <n>', 'TCP port (default: an ephemeral port)', portNumber('--port'))
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      '\nPrints one line per provider (name, protocol, base URL for its SDK) and a final "ready URL" line on stdout.\n' +
        'Without --config it serves sim-openai, sim-anthropic, sim-ollama, sim-azure and sim-custom (never reports usage).\n' +
        'Examples: fixtures/sim/demo.yaml, fixtures/sim/failing.yaml, fixtures/sim/slow.yaml. Stops on Ctrl-C (exit 0).',
    )
    .action(async (options: SimulateOptions, command: Command) => {
      const global = globalOptions(command);
      const sim = await import('../sim/index.js');
      const config = global.config ? await sim.loadSimConfig(global.config) : sim.defaultSimulateConfig();
      const running = await sim.startSimulator(config, { port: options.port ?? 0, host: options.host });

      // Listen for the stop signal before announcing readiness: whoever reads the ready line may signal at once.
      const stopped = new Promise<NodeJS.Signals>((resolve) => {
        const stop = (received: NodeJS.Signals): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(received);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });

      const rows = Object.entries(running.providers).map(([name, provider]) => ({ name, ...provider }));
      if (global.json) {
        printJson('simulate', {
          url: running.url,
          port: running.port,
          providers: rows.map((row) => ({ name: row.name, protocol: row.protocol, base_url: row.baseUrl, models: row.models })),
        });
      } else {
        const nameWidth = Math.max(...rows.map((row) => row.name.length));
        const protocolWidth = Math.max(...rows.map((row) => row.protocol.length));
        for (const row of rows) process.stdout.write(`${row.name.padEnd(nameWidth)}  ${row.protocol.padEnd(protocolWidth)}  ${row.baseUrl}\n`);
        process.stdout.write(`ready ${running.url}\n`);
      }
      note(`llmx simulate: serving ${rows.length} simulated provider${rows.length === 1 ? '' : 's'} on ${running.url}; Ctrl-C to stop`);

      const signal = await stopped;
      await running.close();
      note(`llmx simulate: stopped (${signal})`);
    });
}
