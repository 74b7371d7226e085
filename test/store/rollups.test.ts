import { describe, expect, it } from 'vitest';
import { dayBuckets, monthRange } from '../../src/shared/time-zone.js';
import { attemptPriceLookup, attemptRepricer, createPriceLookup } from '../../src/pricing/index.js';
import type { CostDimension, CostQuery } from '../../src/spec/ledger.js';
import type { CostLedger } from '../../src/spec/ledger.js';
import { attemptRecord, marchFixture } from '../helpers/attempt-record.js';
import { useBackends, type Backend } from './backends.js';

const backends = useBackends();

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

async function bothWays(backend: Backend, records: ReturnType<typeof varied>) {
  const location = await backend.fresh();
  const store = await backend.open(location);
  await store.ledger.insertMany(records);
  const rawStore = await backend.open(location, { rollups: false });
  const close = async () => {
    await store.close();
    await rawStore.close();
  };
  return { store, raw: rawStore.ledger, location, close };
}

function queries(): CostQuery[] {
  const all: CostQuery[] = [];
  for (const timeZone of ZONES) {
    const { sinceMs, untilMs } = monthRange(2026, 3, timeZone);
    for (const by of COMBINATIONS) all.push({ sinceMs, untilMs, by, days: dayBuckets(sinceMs, untilMs, timeZone) });
  }
  return all;
}

function rounded(rows: Awaited<ReturnType<CostLedger['aggregateCosts']>>) {
  return rows.map((row) => ({ ...row, costUsd: row.costUsd === null ? null : Math.round(row.costUsd * 1e9), meanLatencyMs: row.meanLatencyMs === null ? null : Math.round(row.meanLatencyMs * 1e6) }));
}

describe.each(backends)('15-minute rollups on $name', (backend) => {
  it('give the same answer as scanning the attempts, for every grouping, in zones with 30 and 45 minute offsets', async () => {
    const { store, raw, location, close } = await bothWays(backend, varied());
    for (const query of queries()) {
      const fromRollups = await store.ledger.aggregateCosts(query);
      expect(fromRollups.length, JSON.stringify(query.by)).toBeGreaterThan(0);
      expect(rounded(fromRollups), `${JSON.stringify(query.by)} ${query.sinceMs}`).toEqual(rounded(await raw.aggregateCosts(query)));
    }
    // Proof the rollups answered: skew them behind the store's back and the store's answer moves.
    const month = queries()[0];
    const before = (await store.ledger.aggregateCosts(month))[0].requests;
    await backend.exec(location, 'UPDATE attempt_rollups SET requests = requests + 1');
    expect((await store.ledger.aggregateCosts(month))[0].requests).toBeGreaterThan(before);
    expect((await raw.aggregateCosts(month))[0].requests).toBe(before);
    await close();
  });

  it('stay in step when --reprice changes stored costs', async () => {
    const { store, raw, close } = await bothWays(backend, [...varied(), ...marchFixture()]);
    const priceOf = createPriceLookup({ providers: {}, pricing: { proxy: { 'odd-model': { inputPerMTok: 1, outputPerMTok: 1 } } } });
    const result = await store.ledger.reprice(attemptRepricer(attemptPriceLookup(priceOf)));
    expect(result.changed).toBeGreaterThan(0);
    for (const query of queries().slice(0, COMBINATIONS.length)) {
      expect(rounded(await store.ledger.aggregateCosts(query))).toEqual(rounded(await raw.aggregateCosts(query)));
    }
    await close();
  });

  it('summarize by provider (metrics, health) as the scan does', async () => {
    const { store, raw, close } = await bothWays(backend, [...varied(), ...marchFixture()]);
    const round = (rows: Awaited<ReturnType<CostLedger['summarizeByProvider']>>) => rows.map((row) => ({ ...row, costUsd: Math.round(row.costUsd * 1e9), latencyMsSum: Math.round(row.latencyMsSum) }));
    for (const filter of [{}, { sinceMs: Date.UTC(2026, 2, 10) }, { sinceMs: Date.UTC(2026, 2, 10), untilMs: Date.UTC(2026, 2, 20), provider: 'openai' }, { sinceMs: Date.UTC(2026, 2, 10, 3, 7) }]) {
      const fromRollups = await store.ledger.summarizeByProvider(filter);
      expect(fromRollups.length).toBeGreaterThan(0);
      expect(round(fromRollups), JSON.stringify(filter)).toEqual(round(await raw.summarizeByProvider(filter)));
    }
    await close();
  });

  it('answer boundaries off a quarter hour from the attempts, still correctly', async () => {
    const { store, raw, close } = await bothWays(backend, varied());
    const query: CostQuery = { sinceMs: Date.UTC(2026, 2, 3, 10, 7), untilMs: Date.UTC(2026, 2, 9, 1, 1), by: ['provider'] };
    expect(rounded(await store.ledger.aggregateCosts(query))).toEqual(rounded(await raw.aggregateCosts(query)));
    await close();
  });
});
