import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { requireBuilt, ROOT, runLlmx, spawnNode, type RunResult } from '../helpers/cli.js';
import { createFleet, describeWithNetns, hasNetns, type Fleet } from '../helpers/netns.js';
import { hasPostgres, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp-dir.js';

// Issue 14, "several hosts, proven": llmx on four "hosts" (network namespaces joined by veth pairs to a
// bridge), sharing one PostgreSQL store; the simulator and PostgreSQL listen on the bridge's address
// only, so every request and every transaction crosses that network.
const RPM = 60;
const RATE_RUN_MS = 120_000;
const WINDOW_MS = 60_000;

let fleet: Fleet | undefined;
let server: PostgresServer | undefined;
let sim: RunningSimulator | undefined;
let proxy: Server | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
let config: string;
let url: string;
let store: Store;
let alertLog: string;
/** When each chat request reached the rate-limited provider (its recording proxy), ms since epoch. */
const arrivals: number[] = [];

beforeAll(async () => {
  if (!hasNetns || !hasPostgres) return;
  requireBuilt();
  fleet = createFleet(4);
  server = await startPostgres({ listen: fleet.serverIp });
  const database = await server.freshDatabase('fleet');
  url = database.url;
  sim = await startSimulator(
    {
      providers: ['limited', 'a', 'b', 'c', 'flaky', 'backup', 'paid'].map((name) => ({ name, protocol: 'openai' as const, models: ['gpt-4o-mini'], outputTokens: 8 })),
    },
    { host: fleet.serverIp },
  );
  sim.update('flaky', { errorRates: { 500: 1 } });
  proxy = await recordingProxy(fleet.serverIp, sim.port, arrivals);
  dir = tempDir('llmx-fleet-');
  alertLog = join(dir.path, 'alerts.log');
  const provider = (name: string, extra: string[] = []) => [
    `  ${name}:`,
    '    type: openai',
    '    api_key: sim-key',
    `    base_url: ${name === 'limited' ? `http://${fleet!.serverIp}:${(proxy!.address() as { port: number }).port}/limited/v1` : sim!.providers[name]!.baseUrl}`,
    '    models: [gpt-4o-mini]',
    '    timeout_ms: 30000',
    ...extra.map((line) => `    ${line}`),
  ];
  config = join(dir.path, 'providers.yaml');
  writeFileSync(
    config,
    [
      'providers:',
      ...provider('limited', [`rate_limit: {requests_per_minute: ${RPM}}`]),
      ...provider('a'),
      ...provider('b'),
      ...provider('c'),
      ...provider('flaky', ['retry: {max_attempts: 1}']),
      ...provider('backup'),
      ...provider('paid'),
      'strategies:',
      '  limited: {provider: limited}',
      '  rr: {type: round_robin, providers: [a, b, c]}',
      '  guarded: {provider: flaky, fallback_providers: [backup]}',
      '  paid: {provider: paid}',
      'failover: {max_failures: 2, recovery_timeout: 600}',
      'pricing:',
      '  paid: {gpt-4o-mini: {input: 2000, output: 2000}}',
      'budgets:',
      '  providers:',
      '    paid:',
      '      daily_budget: 1',
      '      alert_threshold: 0.1',
      '      on_exceed: warn',
      `      alert_command: 'echo "$LLMX_ALERT_BUDGET $LLMX_ALERT_SPENT_USD" >> ${alertLog}'`,
      '',
    ].join('\n'),
  );
  store = await openStore({ path: url });
}, 180_000);

afterAll(async () => {
  await store?.close();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  proxy?.closeAllConnections();
  await sim?.close();
  server?.remove();
  fleet?.remove();
  dir?.remove();
});

/** `llmx` run on host `index` (0-based) against the shared store, tagged with the host. */
function onHost(index: number, args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return runLlmx([...args.slice(0, 1), '--config', config, '--db', url, ...args.slice(1)], { netns: fleet!.hosts[index]!.netns, timeoutMs, cwd: dir!.path });
}

function ask(index: number, strategy: string, prompt: string): Promise<RunResult> {
  return onHost(index, ['ask', '-s', strategy, '--no-stream', '--tag', `host=h${index + 1}`, prompt]);
}

/** On each of `hosts` at once, `perHost` asks one after another (a CI job's steps); every result. */
async function askOnHosts(hosts: number[], perHost: number, strategy: string): Promise<RunResult[]> {
  const runs = await Promise.all(
    hosts.map(async (host) => {
      const results: RunResult[] = [];
      for (let n = 1; n <= perHost; n++) results.push(await ask(host, strategy, `${strategy} on h${host + 1}, ${n}`));
      return results;
    }),
  );
  return runs.flat();
}

/** The largest number of instants in any window [t, t + windowMs). */
function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

async function sql<T>(text: string): Promise<T[]> {
  return (await server!.admin(text, 'fleet')).rows as T[];
}

describeWithNetns()('four hosts on one PostgreSQL store', () => {
  it(
    'share a rate limit, a round robin, a circuit, a budget alert and the ledger',
    async () => {
      // 1. The rate limit: four hosts asking as fast as they may for two minutes. The other scenarios
      //    run meanwhile, on other providers.
      const startAtMs = Date.now() + 8000;
      const deadlineMs = startAtMs + RATE_RUN_MS;
      const workers = fleet!.hosts.map((host, index) =>
        spawnNode(join(ROOT, 'test', 'e2e', 'helpers', 'rate-worker.js'), [], {
          netns: host.netns,
          timeoutMs: RATE_RUN_MS + 60_000,
          env: { CONFIG: config, DB: url, HOST: `h${index + 1}`, START_AT_MS: String(startAtMs), DEADLINE_MS: String(deadlineMs) },
        }).result,
      );

      // 2. Round robin: 12 calls from three hosts at once split 4/4/4.
      for (const result of await askOnHosts([0, 1, 2], 4, 'rr')) expect(result.code, result.stderr).toBe(0);
      expect(['a', 'b', 'c'].map((name) => sim!.stats(name).requests)).toEqual([4, 4, 4]);

      // 3. A circuit opened by one host: two failures on host 1 open it; hosts 2-4 skip flaky with no call.
      for (const n of [1, 2]) expect((await ask(0, 'guarded', `guarded ${n}`)).code).toBe(0);
      expect(sim!.stats('flaky').requests).toBe(2);
      for (const result of await askOnHosts([1, 2, 3], 1, 'guarded')) expect(result.code, result.stderr).toBe(0);
      expect(sim!.stats('flaky').requests).toBe(2);
      expect(sim!.stats('backup').requests).toBe(5);

      // 4. One budget alert for the fleet: every host spends below the threshold alone, together above it.
      for (const result of await askOnHosts([0, 1, 2, 3], 2, 'paid')) expect(result.code, result.stderr).toBe(0);
      const alerts = readFileSync(alertLog, 'utf8').trim().split('\n');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatch(/^providers\.paid\.daily \d\.\d{6}$/);
      const perHost = await sql<{ host: string; spent: number }>("SELECT tags::jsonb->>'host' AS host, SUM(cost_usd) AS spent FROM attempts WHERE provider = 'paid' GROUP BY 1");
      expect(perHost).toHaveLength(4);
      for (const row of perHost) expect(Number(row.spent)).toBeLessThan(0.1);
      expect(await sql('SELECT key FROM budget_alerts')).toHaveLength(1);

      // Back to the rate limit: never more than 60 arrivals in any 60 s at the provider, >= 90 % used.
      const results = await Promise.all(workers);
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      const counts = results.map((result) => JSON.parse(result.stdout) as { ok: number; failed: number });
      const inRun = arrivals.filter((at) => at >= startAtMs && at < deadlineMs);
      expect(maxInWindow(arrivals, WINDOW_MS)).toBeLessThanOrEqual(RPM);
      const allowance = RPM * Math.ceil(RATE_RUN_MS / WINDOW_MS);
      expect(inRun.length / allowance).toBeGreaterThanOrEqual(0.9);
      // Every host got a share: the limit was shared, not owned by whoever came first.
      for (const count of counts) expect(count.ok).toBeGreaterThan(0);
      expect(counts.reduce((sum, count) => sum + count.ok, 0)).toBe(arrivals.length);

      // 5. `costs` from any host shows the fleet's total.
      const total = Number((await sql<{ n: string }>('SELECT COUNT(*) AS n FROM attempts'))[0]!.n);
      const fromHosts = await Promise.all([0, 3].map((host) => onHost(host, ['costs', '--json', '--since', new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)])));
      for (const result of fromHosts) {
        expect(result.code, result.stderr).toBe(0);
        expect(JSON.parse(result.stdout).data.totals.requests).toBe(total);
      }
      expect(total).toBe(arrivals.length + 12 + 2 + 2 + 3 + 8);
    },
    RATE_RUN_MS + 180_000,
  );
});

/** An HTTP proxy on `host` in front of the simulator that notes when each chat request arrives. */
async function recordingProxy(host: string, simPort: number, times: number[]): Promise<Server> {
  const proxyServer = createServer((req, res) => {
    if (req.method === 'POST') times.push(Date.now());
    const upstream = httpRequest({ host, port: simPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxyServer.listen(0, host, resolve));
  return proxyServer;
}
