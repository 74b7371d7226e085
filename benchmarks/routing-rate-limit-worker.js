#!/usr/bin/env node
// One of the concurrent processes of routing-rate-limit.js: asks through the Router in a loop, one
// request at a time, from START_AT_MS until DEADLINE_MS (ms since epoch), on the shared --db file.
// Never waits past the deadline for a rate-limit slot. Prints {asked, ok, failed, lastError} as JSON.
//   CONFIG=path DB=path START_AT_MS=... DEADLINE_MS=... WORKER=n node routing-rate-limit-worker.js
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../dist/config/index.js';
import { createLedgerRecorder } from '../dist/ledger/index.js';
import { createPriceLookup } from '../dist/pricing/index.js';
import { createAdapter } from '../dist/providers/index.js';
import { Router } from '../dist/routing/index.js';
import { openStore } from '../dist/store/index.js';

const { CONFIG, DB, WORKER = '0' } = process.env;
const startAtMs = Number(process.env.START_AT_MS);
const deadlineMs = Number(process.env.DEADLINE_MS);

const config = await loadConfig({ configPath: CONFIG, env: {} });
const store = await openStore({ path: DB });
const priceOf = createPriceLookup(config);
const router = new Router({ config, state: store.state, adapterFor: createAdapter, priceOf });
const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'bench', strategy: null, ci: false, logPrompts: false, tags: { worker: WORKER } });
router.on(recorder.listener);
// Load the SDK before the clock starts, so the first requests are not slower than the rest.
await createAdapter(config.providers.limited);

const counts = { asked: 0, ok: 0, failed: 0, lastError: null };
await sleep(Math.max(0, startAtMs - Date.now()));
while (Date.now() < deadlineMs) {
  counts.asked++;
  try {
    await router.ask({ messages: [{ role: 'user', content: `worker ${WORKER} request ${counts.asked}` }], maxTokens: 16 }, { maxWaitMs: Math.max(0, deadlineMs - Date.now()), requestId: `worker ${WORKER} request ${counts.asked}` });
    counts.ok++;
  } catch (error) {
    counts.failed++;
    counts.lastError = error instanceof Error ? error.message : String(error);
    // Refused because the next slot is past the deadline: this worker is done.
    if (/rate limit|requests_per_minute|wait limit/i.test(counts.lastError)) break;
  }
}
await recorder.flush();
store.close();
process.stdout.write(`${JSON.stringify(counts)}\n`);
