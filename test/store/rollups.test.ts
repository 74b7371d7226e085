import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dayBuckets, monthRange } from '../../src/shared/time-zone.js';
import { attemptPriceLookup, attemptRepricer, createPriceLookup } from '../../src/pricing/index.js';
import type { CostDimension, CostQuery } from '../../src/spec/ledger.js';
import { openStore, SqliteLedger } from '../../src/store/index.js';
import { attemptRecord, marchFixture } from '../helpers/attempt-record.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** 3,000 attempts over March 2026 with a deterministic spread of providers, strategies, failures and unknown prices. */
function varied() {
  const providers = [['openai', 'gpt-4o'], ['anthropic', 'claude-haiku-4-5'], ['ollama', 'llama2'], ['proxy', 'odd-model']] as const;
  return Array.from({ length: 3000 }, (_, i) => {
    const [provider, model] = providers[i % providers.length];
    const failed = i % 11 === 0;
    return attemptRecord({
      requestId: `v${i}`,
      startedAtMs: Date.UTC(2026, 2, 1) - 6 * 3_600_000 + i * 917_311, // from Feb 28 18:00 UTC, ~15.3 min apart, into April
      provider,
      modelRequested: model,
      strategy: i % 3 === 0 ? null : i % 3 === 1 ? 'default' : 'cheap',
      status: failed ? 'error' : 'ok',
      latencyMs: 50 + (i % 500),
      inputTokens: failed ? 0 : 100 + i,
      outputTokens: failed ? 0 : 10 + (i % 90),
      costUsd: provider === 'proxy' ? null : ((100 + i) * 2.5 + (10 + (i % 90)) * 10) / 1e6,
    });
  });
}

const COMBINATIONS: CostDimension[][] = [[], ['provider'], ['model'], ['strategy'], ['day'], ['provider', 'day'], ['strategy', 'model', 'day']];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Eucla'];

async function bothWays(records: ReturnType<typeof varied>) {
  const path = join(tempDir(), 'rollups.db');
  const store = await openStore({ path });
  store.ledger.insertMany(records);
  const raw = new SqliteLedger(new Database(path), { rollups: false });
  return { store, raw };
}

function queries(): CostQuery[] {
  const all: CostQuery[] = [];
  for (const timeZone of ZONES) {
    const { sinceMs, untilMs } = monthRange(2026, 3, timeZone);
    for (const by of COMBINATIONS) all.push({ sinceMs, untilMs, by, days: dayBuckets(sinceMs, untilMs, timeZone) });
  }
  return all;
}

function rounded(rows: Awaited<ReturnType<SqliteLedger['aggregateCosts']>>) {
  return rows.map((row) => ({ ...row, costUsd: row.costUsd === null ? null : Math.round(row.costUsd * 1e9), meanLatencyMs: row.meanLatencyMs === null ? null : Math.round(row.meanLatencyMs * 1e6) }));
}

describe('15-minute rollups', () => {
  it('give the same answer as scanning the attempts, for every grouping, in zones with 30 and 45 minute offsets', async () => {
    const { store, raw } = await bothWays(varied());
    for (const query of queries()) {
      const fromRollups = await store.ledger.aggregateCosts(query);
      expect(fromRollups.length, JSON.stringify(query.by)).toBeGreaterThan(0);
      expect(rounded(fromRollups), `${JSON.stringify(query.by)} ${query.sinceMs}`).toEqual(rounded(await raw.aggregateCosts(query)));
    }
    // Proof the rollups answered: skew them behind the store's back and the store's answer moves.
    const month = queries()[0];
    const before = (await store.ledger.aggregateCosts(month))[0].requests;
    new Database(store.path).prepare('UPDATE attempt_rollups SET requests = requests + 1').run();
    expect((await store.ledger.aggregateCosts(month))[0].requests).toBeGreaterThan(before);
    expect((await raw.aggregateCosts(month))[0].requests).toBe(before);
    store.close();
  });

  it('stay in step when --reprice changes stored costs', async () => {
    const { store, raw } = await bothWays([...varied(), ...marchFixture()]);
    const priceOf = createPriceLookup({ providers: {}, pricing: { proxy: { 'odd-model': { inputPerMTok: 1, outputPerMTok: 1 } } } });
    const result = await store.ledger.reprice(attemptRepricer(attemptPriceLookup(priceOf)));
    expect(result.changed).toBeGreaterThan(0);
    for (const query of queries().slice(0, COMBINATIONS.length)) {
      expect(rounded(await store.ledger.aggregateCosts(query))).toEqual(rounded(await raw.aggregateCosts(query)));
    }
    store.close();
  });

  it('summarize by provider (metrics, health) as the scan does', async () => {
    const { store, raw } = await bothWays([...varied(), ...marchFixture()]);
    const round = (rows: Awaited<ReturnType<SqliteLedger['summarizeByProvider']>>) => rows.map((row) => ({ ...row, costUsd: Math.round(row.costUsd * 1e9), latencyMsSum: Math.round(row.latencyMsSum) }));
    for (const filter of [{}, { sinceMs: Date.UTC(2026, 2, 10) }, { sinceMs: Date.UTC(2026, 2, 10), untilMs: Date.UTC(2026, 2, 20), provider: 'openai' }, { sinceMs: Date.UTC(2026, 2, 10, 3, 7) }]) {
      const fromRollups = await store.ledger.summarizeByProvider(filter);
      expect(fromRollups.length).toBeGreaterThan(0);
      expect(round(fromRollups), JSON.stringify(filter)).toEqual(round(await raw.summarizeByProvider(filter)));
    }
    store.close();
  });

  it('answer boundaries off a quarter hour from the attempts, still correctly', async () => {
    const { store, raw } = await bothWays(varied());
    const query: CostQuery = { sinceMs: Date.UTC(2026, 2, 3, 10, 7), untilMs: Date.UTC(2026, 2, 9, 1, 1), by: ['provider'] };
    expect(rounded(await store.ledger.aggregateCosts(query))).toEqual(rounded(await raw.aggregateCosts(query)));
    store.close();
  });
});
