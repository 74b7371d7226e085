// `llmx costs --month` on an empty ledger vs a 1,000,000-row ledger, spawned CLI, same run.
// Target (issue 4): at most 2x the empty-ledger time.
//
//   npx tsc -p tsconfig.build.json && node benchmarks/costs-scale.js [--rows N] [--runs N] [--spread-days N]
//
// Rows are spread evenly over the last --spread-days days (default 365: a year of history, so the
// current month holds about a twelfth of them); --spread-days 1 puts every row in the current month.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../dist/store/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const argument = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const rows = argument('--rows', 1_000_000);
const runs = argument('--runs', 7);
const spreadDays = argument('--spread-days', 365);

const dir = mkdtempSync(join(tmpdir(), 'llmx-costs-scale-'));
const providers = [
  ['openai', 'gpt-4o', 2.5, 10],
  ['openai', 'gpt-4o-mini', 0.15, 0.6],
  ['anthropic', 'claude-sonnet-4-5', 3, 15],
  ['anthropic', 'claude-haiku-4-5', 1, 5],
  ['ollama', 'llama2', 0, 0],
];
const strategies = ['default', 'cost_optimized', 'code_generation', null];

function* syntheticRows(count, nowMs) {
  const spanMs = spreadDays * 86_400_000;
  for (let i = 0; i < count; i += 1) {
    const [provider, model, inputPrice, outputPrice] = providers[i % providers.length];
    const inputTokens = 200 + (i % 1800);
    const outputTokens = 50 + (i % 700);
    const failed = i % 37 === 0;
    yield {
      requestId: `bench-${i}`,
      attempt: 1,
      startedAtMs: nowMs - 1000 - Math.floor((i / count) * spanMs),
      command: i % 3 === 0 ? 'bench' : 'ask',
      strategy: strategies[i % strategies.length],
      provider,
      modelRequested: model,
      modelAnswered: failed ? null : model,
      status: failed ? 'error' : 'ok',
      errorClass: failed ? 'rate_limit' : null,
      httpStatus: failed ? 429 : null,
      errorMessage: failed ? 'rate limited' : null,
      latencyMs: 100 + (i % 900),
      ttftMs: null,
      inputTokens: failed ? 0 : inputTokens,
      outputTokens: failed ? 0 : outputTokens,
      cachedInputTokens: 0,
      tokensEstimated: false,
      inputPricePerMTok: inputPrice,
      outputPricePerMTok: outputPrice,
      cachedInputPricePerMTok: null,
      costUsd: failed ? 0 : (inputTokens * inputPrice + outputTokens * outputPrice) / 1e6,
      ci: i % 2 === 0,
      tags: i % 10 === 0 ? { team: `t${i % 4}` } : {},
      runId: null,
      promptText: null,
      responseText: null,
    };
  }
}

const env = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, TZ: 'UTC', NO_COLOR: '1' };

function timeOnce(db) {
  const start = performance.now();
  execFileSync(process.execPath, [join(root, 'bin', 'llmx.js'), 'costs', '--month', '--db', db], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  return performance.now() - start;
}

/** Alternates the two ledgers run by run, so a change in machine load hits both alike. */
function timeBoth(emptyDb, bigDb) {
  const empty = [];
  const big = [];
  for (let run = 0; run < runs; run += 1) {
    empty.push(timeOnce(emptyDb));
    big.push(timeOnce(bigDb));
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { emptyMs: median(empty), bigMs: median(big) };
}

try {
  const emptyDb = join(dir, 'empty.db');
  (await openStore({ path: emptyDb })).close();
  const bigDb = join(dir, 'big.db');
  const store = await openStore({ path: bigDb });
  const insertStart = performance.now();
  const inserted = store.ledger.insertMany(syntheticRows(rows, Date.now()));
  const insertMs = performance.now() - insertStart;
  store.close();
  const sizeMb = statSync(bigDb).size / 1e6;
  console.log(`generated ${inserted.toLocaleString('en-US')} rows over ${spreadDays} day(s) in ${(insertMs / 1000).toFixed(1)} s (${sizeMb.toFixed(0)} MB)`);

  timeOnce(emptyDb); // warm the page cache and node's compile cache for both
  timeOnce(bigDb);
  const { emptyMs, bigMs } = timeBoth(emptyDb, bigDb);
  console.log(`llmx costs --month, median of ${runs} spawned runs each, alternating:`);
  console.log(`  empty ledger:     ${emptyMs.toFixed(0)} ms`);
  console.log(`  ${rows.toLocaleString('en-US')}-row ledger: ${bigMs.toFixed(0)} ms`);
  console.log(`  ratio: ${(bigMs / emptyMs).toFixed(2)} (target <= 2)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
