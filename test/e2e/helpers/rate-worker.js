#!/usr/bin/env node
// One "host" of the fleet test's rate-limit scenario (test/e2e/fleet.test.ts), run inside its network
// namespace: asks through llmx's Router in a loop, one request at a time, from START_AT_MS until
// DEADLINE_MS, on the shared PostgreSQL store (DB, a URL). Never waits past the deadline for a slot.
// Prints {asked, ok, failed, lastError} as JSON.
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../../dist/config/index.js';
import { createLedgerRecorder } from '../../../dist/ledger/index.js';
import { createPriceLookup } from '../../../dist/pricing/index.js';
import { createAdapter } from '../../../dist/providers/index.js';
import { Router } from '../../../dist/routing/index.js';
import { openStore } from '../../../dist/store/index.js';

const { CONFIG, DB, HOST = '0' } = process.env;
const startAtMs = Number(process.env.START_AT_MS);
const deadlineMs = Number(process.env.DEADLINE_MS);

const config = await loadConfig({ configPath: CONFIG, env: {} });
const store = await openStore({ path: DB });
const priceOf = createPriceLookup(config);
const router = new Router({ config, state: store.state, adapterFor: createAdapter, priceOf });
const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: 'limited', ci: false, logPrompts: false, tags: { host: HOST, scenario: 'rate' } });
router.on(recorder.listener);
await createAdapter(config.providers.limited);

const counts = { asked: 0, ok: 0, failed: 0, lastError: null };
await sleep(Math.max(0, startAtMs - Date.now()));
while (Date.now() < deadlineMs) {
  counts.asked++;
  try {
    await router.ask({ messages: [{ role: 'user', content: `host ${HOST} request ${counts.asked}` }], maxTokens: 16 }, { strategy: 'limited', maxWaitMs: Math.max(0, deadlineMs - Date.now()) });
    counts.ok++;
  } catch (error) {
    counts.failed++;
    counts.lastError = error instanceof Error ? error.message : String(error);
    if (/rate limit|requests_per_minute|wait/i.test(counts.lastError)) break;
  }
}
await recorder.flush();
await store.close();
process.stdout.write(`${JSON.stringify(counts)}\n`);
