import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { attempt } from '../health/world.js';
import { hasPrometheus, hasPromtool, PROMETHEUS, promtoolCheckMetrics } from '../metrics/promtool.js';
import { requireBuilt, ROOT, runLlmx, spawnLlmx, type Spawned } from '../helpers/cli.js';
import { pollUntil } from '../helpers/poll.js';
import { freePort } from '../helpers/ports.js';
import { tempDir } from '../helpers/temp-dir.js';

const PROVIDERS = ['alpha', 'beta', 'gamma'];
const CONFIG = `providers:
  alpha: {type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k, models: [gpt-4o-mini]}
  beta: {type: anthropic, base_url: "http://127.0.0.1:9", api_key: k, models: [claude-haiku-4-5]}
  gamma: {type: ollama, base_url: "http://127.0.0.1:9", models: ["llama3.2:latest"]}
budgets:
  daily_budget: 5
  monthly_budget: 100
`;

interface PanelTarget {
  panel: string;
  expr: string;
}

/** Every query of every panel of the Grafana dashboard, as Grafana would send them. */
function dashboardQueries(): PanelTarget[] {
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'dashboards', 'llmx.json'), 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));
}

/** Grafana's own macros and the dashboard's provider variable ("All"), expanded the way Grafana would. */
function expandMacros(expr: string): string {
  return expr.replaceAll('$__rate_interval', '15s').replaceAll('$__range', '1m').replaceAll('$provider', '.*');
}

function describeIfReady() {
  if (!hasPrometheus || !hasPromtool) {
    console.warn(`skipping the Prometheus test: ${PROMETHEUS} or promtool is not installed (apt-get install prometheus)`);
    return describe.skip;
  }
  return describe;
}

describeIfReady()('llmx metrics --serve scraped by a real Prometheus', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  let store: Store;
  let serve: Spawned | undefined;
  let prometheus: ChildProcess | undefined;
  let writer: ReturnType<typeof setInterval> | undefined;
  let prometheusUrl: string;
  let metricsUrl: string;

  beforeAll(async () => {
    requireBuilt();
    dir = tempDir('llmx-prom-');
    const configPath = join(dir.path, 'providers.yaml');
    const dbPath = join(dir.path, 'llmx.db');
    await writeFile(configPath, CONFIG);
    store = await openStore({ path: dbPath });
    // Traffic keeps arriving while Prometheus scrapes, so rates and quantiles have something to show.
    let tick = 0;
    const writeTraffic = async () => {
      tick += 1;
      for (const [index, provider] of PROVIDERS.entries()) {
        await store.ledger.insert(attempt({ provider, latencyMs: 40 + index * 300 + (tick % 5) * 20, costUsd: 0.0005 * (index + 1), inputTokens: 20, outputTokens: 8 }));
        if (tick % 3 === index) await store.ledger.insert(attempt({ provider, status: 'error', errorClass: 'server', httpStatus: 500, latencyMs: 15, costUsd: null, outputTokens: 0 }));
      }
    };
    await writeTraffic();
    writer = setInterval(() => void writeTraffic(), 200);

    // Lives for the whole file; afterAll stops it.
    serve = spawnLlmx(['--config', configPath, '--db', dbPath, 'metrics', '--serve', '--port', '0'], { timeoutMs: 600_000 });
    metricsUrl = await serve.waitFor('stderr', (stderr) => /serving (http:\/\/\S+\/metrics)/.exec(stderr)?.[1]);

    const promPort = await freePort();
    prometheusUrl = `http://127.0.0.1:${promPort}`;
    const target = new URL(metricsUrl).host;
    await writeFile(join(dir.path, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: llmx\n    static_configs:\n      - targets: ["${target}"]\n`);
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${join(dir.path, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir.path, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'],
      { stdio: 'ignore' },
    );
    await pollUntil(async () => {
      const response = await fetch(`${prometheusUrl}/api/v1/targets`);
      const body = (await response.json()) as { data: { activeTargets: Array<{ health: string }> } };
      return body.data.activeTargets.some((active) => active.health === 'up') ? true : undefined;
    }, 'Prometheus to report the llmx target up', 20_000, 200);
  }, 40_000);

  afterAll(async () => {
    clearInterval(writer);
    for (const child of [prometheus, serve?.child]) {
      if (!child || child.exitCode !== null) continue;
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      await closed;
    }
    store?.close();
    dir?.remove();
  });

  it('serves an exposition promtool accepts', async () => {
    const result = promtoolCheckMetrics(await (await fetch(metricsUrl)).text());
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('every panel query of dashboards/llmx.json returns data', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const { panel, expr } of queries) {
      const query = expandMacros(expr);
      const series = await pollUntil(
        async () => {
          const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
          const body = (await response.json()) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
          if (body.status !== 'success') throw new Error(`${panel}: ${body.error}`);
          const finite = body.data.result.filter((one) => Number.isFinite(Number(one.value[1])));
          return finite.length > 0 ? finite : undefined;
        },
        `data for panel "${panel}": ${query}`,
        20_000,
        250,
      );
      expect(series.length, `${panel}: ${query}`).toBeGreaterThan(0);
      if (expr.includes('provider')) {
        const providers = new Set(series.map((one) => one.metric.provider).filter(Boolean));
        if (!expr.startsWith('llmx_budget')) expect([...providers].sort(), `${panel}: ${query}`).toEqual(PROVIDERS);
      }
    }
  }, 60_000);

  it('p50 by provider follows the recorded latencies (alpha fastest, gamma slowest)', async () => {
    const query = 'histogram_quantile(0.5, sum by (le, provider) (rate(provider_response_time_seconds_bucket[15s])))';
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await response.json()) as { data: { result: Array<{ metric: { provider: string }; value: [number, string] }> } };
    const p50 = Object.fromEntries(body.data.result.map((one) => [one.metric.provider, Number(one.value[1])]));
    expect(p50.alpha).toBeLessThan(0.25);
    expect(p50.beta).toBeGreaterThan(0.25);
    expect(p50.beta).toBeLessThan(0.5);
    expect(p50.gamma).toBeGreaterThan(0.5);
    expect(p50.gamma).toBeLessThan(1);
  });

  it('a second --serve on the same port is one line, exit 2', async () => {
    const port = new URL(metricsUrl).port;
    const result = await runLlmx(['--config', join(dir!.path, 'providers.yaml'), '--db', join(dir!.path, 'llmx.db'), 'metrics', '--serve', '--port', port]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`llmx: --port ${port}: 127.0.0.1:${port} is already in use\n`);
  });
});
