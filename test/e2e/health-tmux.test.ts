import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../health/world.js';
import { LLMX, requireBuilt } from '../helpers/cli.js';
import { pollUntil } from '../helpers/poll.js';

const run = promisify(execFile);
// In CI tmux must be there (.ci/run installs it): run and fail rather than skip.
const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux', '/opt/homebrew/bin/tmux'].find((path) => existsSync(path)) ?? (process.env.CI ? 'tmux' : undefined);
// A private tmux server, so the test neither sees nor disturbs anyone's sessions.
const SOCKET = `llmx-health-test-${process.pid}`;
const tmux = (...args: string[]) => run(TMUX!, ['-L', SOCKET, ...args]);
const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

let world: World | undefined;
afterEach(async () => {
  await tmux('kill-server').catch(() => {});
  await world?.close();
  world = undefined;
});

if (!TMUX) console.warn('skipping the tmux dashboard test: tmux is not installed');

describe.skipIf(!TMUX)('llmx health --watch in a real terminal (tmux)', () => {
  beforeAll(requireBuilt);

  it('draws the dashboard a person would read, re-checks on r, and quits on q', async () => {
    world = await startWorld(
      [
        { name: 'good', protocol: 'openai', models: ['gpt-4o-mini'] },
        { name: 'dead', protocol: 'anthropic', models: ['claude-haiku-4-5'], hangRate: 1 },
      ],
      { extraYaml: 'budgets:\n  daily_budget: 4\nstrategies:\n  default:\n    provider: good\n    fallback_providers: [dead]' },
    );
    const command = ['env', '-u', 'CI', '-u', 'NO_COLOR', 'TZ=UTC', process.execPath, LLMX, '--config', world.configPath, '--db', world.dbPath, 'health', '--watch', '--interval', '30', '--timeout', '800']
      .map(quote)
      .join(' ');
    await tmux('new-session', '-d', '-s', 'dash', '-x', '140', '-y', '40', command);
    const capture = async () => (await tmux('capture-pane', '-p', '-t', 'dash')).stdout;

    const screen = await pollUntil(async () => {
      const text = await capture();
      return /dead\s+● down/.test(text) && /good\s+● healthy/.test(text) ? text : undefined;
    }, 'the dashboard rows');
    expect(screen).toContain('llmx health');
    expect(screen).toMatch(/every 30s · (next check in \d+s|checking…)/);
    expect(screen).toContain('strategies: default (priority)*');
    expect(screen).toMatch(/budget global daily [█░]{24} \$0\.00 \/ \$4\.00 \(0%\)/);
    expect(screen).toMatch(/provider\s+status\s+latency\s+recent\s+p50 1h\s+p95 1h\s+err 1h\s+circuit\s+req today\s+cost today/);
    expect(screen).toMatch(/good\s+● healthy\s+\d+ ms\s+▁\s+-\s+-\s+-\s+closed\s+0\s+\$0\.00/);
    expect(screen).toMatch(/dead\s+● down\s+\d+ ms\s+·\s+-\s+-\s+-\s+closed/);
    expect(screen).toContain('dead: no answer within 800 ms');
    expect(screen).toContain('q quit · r re-check now');
    const requestsAfterFirstRound = world.sim.stats('good').requests;

    // r: a second round now, not in 30 s; the sparkline gains a sample.
    await tmux('send-keys', '-t', 'dash', 'r');
    await pollUntil(async () => (/good\s+● healthy\s+\d+ ms\s+[▁▂▃▄▅▆▇█]{2}\s/.test(await capture()) ? true : undefined), 'a second round after r');
    expect(world.sim.stats('good').requests).toBe(requestsAfterFirstRound + 1);

    await tmux('send-keys', '-t', 'dash', 'q');
    await pollUntil(async () => {
      try {
        await tmux('has-session', '-t', 'dash');
        return undefined;
      } catch {
        return true; // the session ended with the program
      }
    }, 'the dashboard to exit after q', 5000);
  });

  it('Ctrl-C ends the dashboard with exit 130 (q is the quit that exits 0)', async () => {
    world = await startWorld([{ name: 'good', protocol: 'openai', models: ['gpt-4o-mini'] }]);
    const exitFile = join(world.dir, 'exit-code');
    const llmx = [process.execPath, LLMX, '--config', world.configPath, '--db', world.dbPath, 'health', '--watch', '--interval', '30'].map(quote).join(' ');
    // The shell records the exit status, which tmux does not keep once the pane closes.
    const command = ['env', '-u', 'CI', '-u', 'NO_COLOR', 'TZ=UTC', 'sh', '-c', `${llmx}; echo $? > ${quote(exitFile)}`].map(quote).join(' ');
    await tmux('new-session', '-d', '-s', 'dash', '-x', '100', '-y', '30', command);
    await pollUntil(async () => (/good\s+● healthy/.test((await tmux('capture-pane', '-p', '-t', 'dash')).stdout) ? true : undefined), 'the dashboard rows');
    await tmux('send-keys', '-t', 'dash', 'C-c');
    const code = await pollUntil(async () => (existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() || undefined : undefined), 'the exit status after Ctrl-C', 5000);
    expect(code).toBe('130');
  });
});
