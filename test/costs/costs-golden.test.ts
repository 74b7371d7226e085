import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';
import { resolveCostsPeriod } from '../../src/ledger/costs-period.js';
import { buildCostsReport } from '../../src/ledger/costs-report.js';
import { renderCostsTable } from '../../src/ledger/render-costs.js';
import type { CostDimension } from '../../src/spec/ledger.js';
import { openStore } from '../../src/store/index.js';
import { attemptRecord } from '../helpers/attempt-record.js';
import { createStyle } from '../../src/shared/color.js';
import { expectGolden, GOLDEN_COLUMNS } from '../helpers/golden.js';
import { useTempDirs } from '../helpers/temp-dir.js';

// The current month's `costs` table (the month-end projection and the budgets' standing), which
// depends on "now": through the real report builder over a real SQLite ledger at a fixed instant.
// The CLI goldens of past months are in test/e2e/tables-golden.test.ts.
const tempDir = useTempDirs('llmx-costs-golden-');
const NOW_MS = Date.UTC(2026, 2, 20, 18, 0);
const DAY_MS = 86_400_000;

const YAML = `providers:
  openai: {type: openai, api_key: sk-test, models: [gpt-4o-mini, gpt-4o]}
  anthropic: {type: anthropic, api_key: sk-test, models: [claude-haiku-4-5]}
budgets:
  daily_budget: 2
  monthly_budget: 20
  alert_threshold: 0.8
  providers:
    anthropic:
      monthly_budget: 2
      alert_threshold: 0.5
`;

let store: Awaited<ReturnType<typeof openStore>>;
beforeEach(async () => {
  store = await openStore({ path: join(tempDir(), 'ledger.db') });
  const records = [];
  // March so far: openai every day at noon, anthropic every other day; today a dear gpt-4o call too.
  for (let day = 0; day < 20; day++) {
    const noon = Date.UTC(2026, 2, 1 + day, 12);
    records.push(attemptRecord({ requestId: `o${day}`, provider: 'openai', modelRequested: 'gpt-4o-mini', startedAtMs: noon, inputTokens: 400_000, outputTokens: 200_000, costUsd: 0.18, latencyMs: 640 }));
    if (day % 2 === 1) records.push(attemptRecord({ requestId: `a${day}`, provider: 'anthropic', modelRequested: 'claude-haiku-4-5', strategy: 'cheap', startedAtMs: noon + 3_600_000, inputTokens: 100_000, outputTokens: 30_000, costUsd: 0.25, latencyMs: 1_150 }));
  }
  records.push(attemptRecord({ requestId: 'today-dear', provider: 'openai', modelRequested: 'gpt-4o', startedAtMs: NOW_MS - 2 * 3_600_000, inputTokens: 500_000, outputTokens: 40_000, costUsd: 1.65, latencyMs: 4_200 }));
  records.push(attemptRecord({ requestId: 'today-failed', attempt: 1, provider: 'anthropic', modelRequested: 'claude-haiku-4-5', startedAtMs: NOW_MS - DAY_MS / 48, status: 'error', errorClass: 'overloaded', httpStatus: 529, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 300 }));
  store.ledger.insertMany(records);
});
afterEach(() => store.close());

async function costsTable(flags: { today?: boolean; month?: boolean }, by: CostDimension[], columns: number): Promise<string> {
  const config = parseConfigText(YAML, 'providers.yaml', {});
  const period = resolveCostsPeriod(flags, NOW_MS, 'UTC');
  return renderCostsTable(await buildCostsReport({ ledger: store.ledger, config, period, by, now: NOW_MS }), { style: createStyle(false), width: columns });
}

describe.each(GOLDEN_COLUMNS)('costs goldens at %i columns', (columns) => {
  it('costs-current-month: by provider, with the month-end projection and every budget (ok, alert, exceeded)', async () => {
    expectGolden('costs-current-month', await costsTable({}, ['provider'], columns), { columns });
  });

  it('costs-today-by-model: --today --by model', async () => {
    expectGolden('costs-today-by-model', await costsTable({ today: true }, ['model'], columns), { columns });
  });
});
