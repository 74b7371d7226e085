import { describe, expect, it } from 'vitest';
import { attemptPriceLookup, attemptRepricer, createPriceLookup } from '../../src/pricing/index.js';
import { dayBuckets, monthRange } from '../../src/shared/time-zone.js';
import type { AlertClaim, AttemptRecord, CostDimension, LedgerFilter } from '../../src/spec/ledger.js';
import type { Store } from '../../src/store/index.js';
import { attemptRecord, marchFixture } from '../helpers/attempt-record.js';
import { useBackends } from './backends.js';

const backends = useBackends();

/** Attempts with everything a ledger query groups or filters on: tags, commands, unknown prices, failures, odd text. */
function records(): AttemptRecord[] {
  const extra = Array.from({ length: 400 }, (_, i) =>
    attemptRecord({
      requestId: `c${i % 150}`,
      attempt: 1 + Math.floor(i / 150),
      startedAtMs: Date.UTC(2026, 2, 1) + i * 6_713_171,
      command: ['ask', 'bench', 'library'][i % 3]!,
      strategy: [null, 'default', 'Zeta', 'alpha'][i % 4]!,
      provider: ['openai', 'anthropic', 'Ollama', 'proxy-é'][i % 4]!,
      modelRequested: ['gpt-4o', 'claude-haiku-4-5', 'llama3.2:latest', "odd'model"][i % 4]!,
      modelAnswered: i % 5 === 0 ? null : 'answered',
      status: i % 7 === 0 ? 'error' : 'ok',
      errorMessage: i % 7 === 0 ? `boom "${i}" \\ ✓` : null,
      latencyMs: 20 + ((i * 37) % 900) + 0.25,
      inputTokens: i % 7 === 0 ? 0 : 50 + i,
      outputTokens: i % 7 === 0 ? 0 : 5 + (i % 40),
      cachedInputTokens: i % 3 === 0 ? 20 : 0,
      costUsd: i % 4 === 3 ? null : (50 + i) * 1e-6,
      tags: i % 2 === 0 ? { team: i % 4 === 0 ? 'search' : 'ads', 'ci job': `j${i % 3}` } : {},
    }),
  );
  return [...marchFixture(), ...extra];
}

const FILTERS: LedgerFilter[] = [
  {},
  { provider: 'openai' },
  { sinceMs: Date.UTC(2026, 2, 5), untilMs: Date.UTC(2026, 2, 20) },
  { sinceMs: Date.UTC(2026, 2, 5, 3, 7), command: 'bench' },
];

const GROUPINGS: CostDimension[][] = [[], ['provider'], ['model'], ['strategy'], ['tag'], ['day'], ['provider', 'tag'], ['strategy', 'model', 'day']];

/** Every read the commands make, on one store, as plain data (floats rounded past their last meaningful digit). */
async function everyAnswer(store: Store) {
  const round = (value: unknown): unknown =>
    typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : Array.isArray(value) ? value.map(round) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)])) : value;
  const answers: Record<string, unknown> = {};
  for (const filter of FILTERS) {
    const name = JSON.stringify(filter);
    answers[`summarize ${name}`] = await store.ledger.summarizeByProvider(filter);
    answers[`samples ${name}`] = await store.ledger.latencySamples(filter);
    answers[`histogram ${name}`] = await store.ledger.latencyHistogram([0.05, 0.1, 0.5, 1, 5], filter);
  }
  for (const timeZone of ['UTC', 'Asia/Kathmandu']) {
    const { sinceMs, untilMs } = monthRange(2026, 3, timeZone);
    for (const by of GROUPINGS) {
      answers[`costs ${timeZone} ${by.join(',')}`] = await store.ledger.aggregateCosts({ sinceMs, untilMs, by, days: dayBuckets(sinceMs, untilMs, timeZone) });
      answers[`costs openai ${timeZone} ${by.join(',')}`] = await store.ledger.aggregateCosts({ sinceMs: sinceMs + 60_000, untilMs, by, days: dayBuckets(sinceMs, untilMs, timeZone), provider: 'openai' });
    }
  }
  for (const requestId of ['c0', 'c3', 'c7', 'missing']) answers[`request ${requestId}`] = await store.ledger.requestCostUsd(requestId);
  return round(answers);
}

describe.each(backends)('the ledger on $name', (backend) => {
  it('gives, for the same attempts, the very answers the SQLite ledger gives: every read, every grouping, before and after a reprice', async () => {
    const reference = await backends[0]!.open(await backends[0]!.fresh());
    const store = await backend.open(await backend.fresh());
    for (const target of [reference, store]) {
      expect(await target.ledger.insertMany(records())).toBe(records().length);
    }
    expect(await everyAnswer(store)).toEqual(await everyAnswer(reference));
    const priceOf = attemptRepricer(attemptPriceLookup(createPriceLookup({ providers: {}, pricing: { 'proxy-é': { "odd'model": { inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: 0.5 } } } })));
    const repriced = await store.ledger.reprice(priceOf, { sinceMs: Date.UTC(2026, 2, 3) });
    expect(repriced).toEqual(await reference.ledger.reprice(priceOf, { sinceMs: Date.UTC(2026, 2, 3) }));
    expect(repriced.changed).toBeGreaterThan(0);
    expect(await store.ledger.reprice(priceOf, { sinceMs: Date.UTC(2026, 2, 3) })).toMatchObject({ changed: 0 });
    expect(await everyAnswer(store)).toEqual(await everyAnswer(reference));
    await Promise.all([store.close(), reference.close()]);
  });

  it('keeps quotes and backslashes in request ids and tags', async () => {
    const store = await backend.open(await backend.fresh());
    const record = attemptRecord({ requestId: "r'1", tags: { "it's": 'a "tag"' }, promptText: 'p ✓', responseText: 'r \\ x', ttftMs: 12.5, tokensEstimated: true, ci: true, runId: 'run-1' });
    await store.ledger.insert(record);
    const { sinceMs, untilMs } = monthRange(2026, 3, 'UTC');
    const [row] = await store.ledger.aggregateCosts({ sinceMs, untilMs, by: ['tag'] });
    expect(row!.keys).toEqual({ tag: `it's=a "tag"` });
    expect(await store.ledger.requestCostUsd("r'1")).toBe(record.costUsd);
    await store.close();
  });

  it('fires an alert exactly once when several stores (hosts) cross the threshold together', async () => {
    const location = await backend.fresh();
    const stores = await Promise.all(Array.from({ length: 4 }, () => backend.open(location)));
    const nowMs = Date.UTC(2026, 2, 10, 12);
    const claim: AlertClaim = { key: 'global.daily:2026-03-10:0.4', budget: 'global.daily', period: '2026-03-10', provider: null, sinceMs: Date.UTC(2026, 2, 10), untilMs: Date.UTC(2026, 2, 11), limitUsd: 1, threshold: 0.4, nowMs };
    const below = await stores[0]!.ledger.claimAlert(claim);
    expect(below).toBeNull();
    const results = await Promise.all(
      stores.map(async (store, index) => {
        await store.ledger.insert(attemptRecord({ requestId: `spend-${index}`, costUsd: 0.5, startedAtMs: nowMs }));
        return store.ledger.claimAlert(claim);
      }),
    );
    const fired = results.filter((result) => result !== null);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.spentUsd).toBeGreaterThanOrEqual(0.5);
    expect(await backend.value<number>(location, 'SELECT COUNT(*) FROM budget_alerts')).toBe(1);
    // A provider's alert counts that provider's spend only.
    expect(await stores[1]!.ledger.claimAlert({ ...claim, key: 'p', provider: 'anthropic' })).toBeNull();
    await Promise.all(stores.map((store) => store.close()));
  });
});
