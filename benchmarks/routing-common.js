// Shared by the routing-*.js benchmarks (issue 3, "Proof"): the three simulated providers, a
// providers.yaml for them, ledger counts read straight from the SQLite file, and small statistics.
// Everything runs on 127.0.0.1; the scripts import the BUILT code (`npx tsc -p tsconfig.build.json`).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bin = join(root, 'bin', 'llmx.js');

/** Which llmx provider type talks to each simulated protocol. */
const TYPE_OF_PROTOCOL = { openai: 'openai', anthropic: 'anthropic', ollama: 'ollama', azure_openai: 'azure_openai' };

/**
 * The three providers: 40, 120 and 400 ms to first token, a short answer, one per protocol
 * (so every SDK is on the path), the fastest failing `fastErrorRate` of requests with a 500.
 */
export function threeProviders({ fastErrorRate = 0.3, outputTokens = 4 } = {}) {
  return {
    seed: Number(process.env.SEED ?? 1),
    providers: [
      { name: 'fast', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 40, msPerToken: 0, outputTokens, errorRates: fastErrorRate > 0 ? { 500: fastErrorRate } : {} },
      { name: 'mid', protocol: 'anthropic', models: ['claude-haiku-4-5'], ttftMs: 120, msPerToken: 0, outputTokens },
      { name: 'slow', protocol: 'ollama', models: ['llama3.2:latest'], ttftMs: 400, msPerToken: 0, outputTokens },
    ],
  };
}

/**
 * Writes a providers.yaml for a running simulator. `baseUrls` may replace a provider's URL (e.g. with
 * a recording proxy's). `providerExtra` is YAML appended under every provider (indented 4), `rest`
 * is top-level YAML (strategies:, failover:) appended as is.
 */
export function writeProvidersYaml(dir, sim, { providerExtra = '', rest = '', baseUrls = {} } = {}) {
  const lines = ['providers:'];
  for (const [name, provider] of Object.entries(sim.providers)) {
    lines.push(
      `  ${name}:`,
      `    type: ${TYPE_OF_PROTOCOL[provider.protocol]}`,
      '    api_key: sim-key',
      `    base_url: ${baseUrls[name] ?? provider.baseUrl}`,
      `    models: [${provider.models.map((model) => JSON.stringify(model)).join(', ')}]`,
    );
    if (providerExtra) lines.push(...providerExtra.trim().split('\n').map((line) => `    ${line}`));
  }
  const path = join(dir, 'providers.yaml');
  writeFileSync(path, `${lines.join('\n')}\n${rest.trim()}\n`);
  return path;
}

/** A read-only look at the ledger (attempts table) of a db file, for counting what was recorded. */
export function readLedger(dbPath) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT request_id AS requestId, provider, status, http_status AS httpStatus, error_class AS errorClass, started_at_ms AS startedAtMs, tags FROM attempts').all();
    return rows;
  } finally {
    db.close();
  }
}

/** Counts rows by a key function into a plain object sorted by key. */
export function countBy(rows, keyOf) {
  const counts = {};
  for (const row of rows) {
    const key = keyOf(row);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function percentile(values, fraction) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const median = (values) => percentile(values, 0.5);

/** Runs `worker(index)` for indexes 0..count-1 with at most `concurrency` in flight. */
export async function pool(count, concurrency, worker) {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      await worker(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** Runs a child process; resolves with {code, stdout, stderr, ms}. */
export function run(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const startMs = performance.now();
    const child = spawn(command, args, { env: { ...process.env, CI: '1', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - startMs }));
  });
}

/**
 * A loopback forwarding proxy that records when each request arrives (ms since epoch, method, path,
 * the start of its body)
 * before handing it to `targetUrl`. The simulator counts requests but keeps no timestamps; this is
 * the server-side clock for "how many in any 60 s window".
 */
export async function startRecordingProxy(targetUrl) {
  const target = new URL(targetUrl);
  const arrivals = [];
  const server = createServer((req, res) => {
    const arrival = { atMs: Date.now(), method: req.method, path: req.url, body: '' };
    arrivals.push(arrival);
    req.on('data', (chunk) => {
      if (arrival.body.length < 4096) arrival.body += chunk.toString('utf8');
    });
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    arrivals,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The largest number of timestamps (ms) in any half-open window [t, t + windowMs). */
export function maxInWindow(timesMs, windowMs) {
  const sorted = [...timesMs].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export function machineLoad() {
  return run('uptime', []).then((result) => result.stdout.trim()).catch(() => 'uptime unavailable');
}
