// A child process for the cross-process tests: plain JS over the built dist/ (no TypeScript loader).
// Usage: node writer-child.js <mode> <db> [args...]
//   insert <db> <id>            open the store, insert one attempt, exit
//   loop <db>                   insert attempts one transaction at a time forever, printing "ready" after 50
//   alert <db> <config-json>    insert one priced attempt, then fire budget alerts
import { openStore } from '../../../dist/store/index.js';

const [mode, path, arg] = process.argv.slice(2);

function record(requestId, costUsd = 0.001) {
  return {
    requestId, attempt: 1, startedAtMs: Date.now(), command: 'ask', strategy: 'default', provider: 'openai',
    modelRequested: 'gpt-4o', modelAnswered: 'gpt-4o', status: 'ok', errorClass: null, httpStatus: null, errorMessage: null,
    latencyMs: 10, ttftMs: null, inputTokens: 100, outputTokens: 10, cachedInputTokens: 0, tokensEstimated: false,
    inputPricePerMTok: 2.5, outputPricePerMTok: 10, cachedInputPricePerMTok: 1.25, costUsd, ci: false,
    tags: { child: String(process.pid) }, runId: null, promptText: null, responseText: 'x'.repeat(2000),
  };
}

const store = await openStore({ path });
if (mode === 'insert') {
  await store.ledger.insert(record(arg));
  store.close();
} else if (mode === 'loop') {
  for (let i = 0; ; i += 1) {
    await store.ledger.insert(record(`loop-${i}`));
    await store.state.update(['counter'], (current) => ({ set: { counter: (current.get('counter') ?? 0) + 1 }, result: null }));
    if (i === 50) process.stdout.write('ready\n');
  }
} else if (mode === 'alert') {
  const { fireBudgetAlerts } = await import('../../../dist/budget/index.js');
  const config = JSON.parse(arg);
  await store.ledger.insert(record(`alert-${process.pid}`, 0.5));
  const fired = await fireBudgetAlerts({ config, ledger: store.ledger, now: Date.now(), warn: (message) => process.stderr.write(`${message}\n`) });
  process.stdout.write(`${JSON.stringify(fired.map((event) => event.budget))}\n`);
  store.close();
}
