import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBudgets, fireBudgetAlerts, type BudgetAlertEvent } from '../../src/budget/index.js';
import type { BudgetConfig, BudgetsConfig } from '../../src/spec/config.js';
import { BudgetExceededError, ConfigError } from '../../src/spec/errors.js';
import { openSqliteStore } from '../../src/store/index.js';
import { attemptRecord } from '../helpers/attempt-record.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 2, 10, 12); // 2026-03-10 12:00 UTC
const HOUR = 3_600_000;

function budget(overrides: Partial<BudgetConfig>): BudgetConfig {
  return { alertThreshold: 0.8, onExceed: 'warn', ...overrides };
}

/** A ledger holding the given (provider, costUsd | null, hours before NOW) attempts. */
async function ledgerWith(spend: Array<[string, number | null, number]>) {
  const store = openSqliteStore(join(tempDir(), 'budget.db'));
  store.ledger.insertMany(spend.map(([provider, costUsd, hoursAgo], index) => attemptRecord({ requestId: `r${index}`, provider, costUsd, startedAtMs: NOW - hoursAgo * HOUR })));
  return store;
}

function config(budgets: Partial<BudgetsConfig>) {
  return { budgets: { providers: {}, ...budgets } };
}

describe('checkBudgets (before spending)', () => {
  it('allows everything when no budget is configured', async () => {
    const store = await ledgerWith([['openai', 1000, 1]]);
    const verdict = await checkBudgets({ config: config({}), ledger: store.ledger, now: NOW, timeZone: 'UTC' });
    expect(verdict).toMatchObject({ blocked: null, localOnly: false, excludedProviders: [], warnings: [] });
    store.close();
  });

  it('says nothing under the limit, and only warns past it with on_exceed: warn', async () => {
    const store = await ledgerWith([['openai', 4, 1], ['anthropic', 5, 2]]);
    const under = await checkBudgets({ config: config({ global: budget({ dailyBudgetUsd: 10 }) }), ledger: store.ledger, now: NOW, timeZone: 'UTC' });
    expect(under.warnings).toEqual([]);
    expect(under.statuses[0]).toMatchObject({ budget: 'global.daily', periodLabel: '2026-03-10', spentUsd: 9, limitUsd: 10, state: 'alert' });
    const over = await checkBudgets({ config: config({ global: budget({ dailyBudgetUsd: 8 }) }), ledger: store.ledger, now: NOW, timeZone: 'UTC' });
    expect(over.blocked).toBeNull();
    expect(over.warnings).toEqual(['global daily budget exceeded: $9.00 spent of its $8.00 limit for 2026-03-10']);
    store.close();
  });

  it('blocks with exit 5 naming the budget, the spend and the limit (on_exceed: block)', async () => {
    const store = await ledgerWith([['openai', 6, 1], ['openai', 5, 30]]); // today $6, yesterday $5
    const blocking = config({ global: budget({ dailyBudgetUsd: 20, monthlyBudgetUsd: 10, onExceed: 'block' }) });
    const error = await checkBudgets({ config: blocking, ledger: store.ledger, now: NOW, timeZone: 'UTC' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).exitCode).toBe(5);
    expect((error as BudgetExceededError).message).toBe('global monthly budget exceeded: $11.00 spent of its $10.00 limit for 2026-03 (on_exceed: block)');
    const verdict = await checkBudgets({ config: blocking, ledger: store.ledger, now: NOW, timeZone: 'UTC', throwOnBlock: false });
    expect(verdict.blocked?.message).toMatch(/global monthly budget exceeded/);
    store.close();
  });

  it('lets only local providers serve past a local_only budget', async () => {
    const store = await ledgerWith([['openai', 3, 1]]);
    const verdict = await checkBudgets({ config: config({ global: budget({ dailyBudgetUsd: 2, onExceed: 'local_only' }) }), ledger: store.ledger, now: NOW, timeZone: 'UTC' });
    expect(verdict.localOnly).toBe(true);
    expect(verdict.allowProvider({ name: 'ollama', local: true })).toBe(true);
    expect(verdict.allowProvider({ name: 'openai', local: false })).toBe(false);
    expect(verdict.warnings[0]).toMatch(/only local providers may serve/);
    store.close();
  });

  it("skips only the provider whose own budget is used up, counting only that provider's spend", async () => {
    const store = await ledgerWith([['openai', 3, 1], ['anthropic', 50, 1]]);
    const verdict = await checkBudgets({
      config: config({ providers: { openai: budget({ dailyBudgetUsd: 2, onExceed: 'block' }), anthropic: budget({ dailyBudgetUsd: 100, onExceed: 'block' }) } }),
      ledger: store.ledger,
      now: NOW,
      timeZone: 'UTC',
    });
    expect(verdict.blocked).toBeNull();
    expect(verdict.excludedProviders).toEqual(['openai']);
    expect(verdict.allowProvider({ name: 'openai', local: false })).toBe(false);
    expect(verdict.allowProvider({ name: 'anthropic', local: false })).toBe(true);
    store.close();
  });

  it('follows the time zone for "today" and warns that unpriced attempts are not counted', async () => {
    // 13 hours ago is 2026-03-09 23:00 UTC, but 2026-03-10 08:00 in Tokyo.
    const store = await ledgerWith([['openai', 5, 13], ['openai', null, 1]]);
    const budgets = config({ global: budget({ dailyBudgetUsd: 4 }) });
    const utc = await checkBudgets({ config: budgets, ledger: store.ledger, now: NOW, timeZone: 'UTC' });
    expect(utc.statuses[0].spentUsd).toBe(0);
    const tokyo = await checkBudgets({ config: budgets, ledger: store.ledger, now: NOW, timeZone: 'Asia/Tokyo' });
    expect(tokyo.statuses[0]).toMatchObject({ spentUsd: 5, state: 'exceeded', periodLabel: '2026-03-10' });
    expect(tokyo.warnings).toContain('1 attempt(s) this period have unknown prices and are not counted against budgets');
    store.close();
  });

  it('refuses a negative budget as a config error', async () => {
    const store = await ledgerWith([]);
    await expect(checkBudgets({ config: config({ global: budget({ dailyBudgetUsd: -5 }) }), ledger: store.ledger, now: NOW })).rejects.toThrow(ConfigError);
    await expect(checkBudgets({ config: config({ global: budget({ dailyBudgetUsd: -5 }) }), ledger: store.ledger, now: NOW })).rejects.toThrow(
      'budgets.global.daily_budget: expected a non-negative number of USD, got -5',
    );
    store.close();
  });
});

describe('fireBudgetAlerts (after a request)', () => {
  it('fires once per threshold per period: warns, runs the command with LLMX_ALERT_*, posts the webhook', async () => {
    const received: BudgetAlertEvent[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(JSON.parse(body) as BudgetAlertEvent);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const store = await ledgerWith([['openai', 0.85, 1]]);
    const commands: Array<[string, Record<string, string>]> = [];
    const warnings: string[] = [];
    const options = {
      config: config({ providers: { openai: budget({ dailyBudgetUsd: 1, alertCommand: 'notify-me', alertWebhook: url }) } }),
      ledger: store.ledger,
      now: NOW,
      timeZone: 'UTC',
      runCommand: async (command: string, env: Record<string, string>) => {
        commands.push([command, env]);
      },
      warn: (message: string) => warnings.push(message),
    };
    const fired = await fireBudgetAlerts(options);
    expect(fired.map((event) => event.budget)).toEqual(['providers.openai.daily']);
    expect(warnings).toEqual(['openai daily budget alert: $0.8500 spent of $1.00 for 2026-03-10 (85%, alert threshold 80%)']);
    expect(commands).toEqual([
      [
        'notify-me',
        {
          LLMX_ALERT_BUDGET: 'providers.openai.daily',
          LLMX_ALERT_PERIOD: '2026-03-10',
          LLMX_ALERT_SPENT_USD: '0.850000',
          LLMX_ALERT_LIMIT_USD: '1',
          LLMX_ALERT_THRESHOLD: '0.8',
          LLMX_ALERT_PROVIDER: 'openai',
        },
      ],
    ]);
    expect(received).toEqual([
      { event: 'llmx.budget_alert', budget: 'providers.openai.daily', provider: 'openai', period: '2026-03-10', spent_usd: 0.85, limit_usd: 1, threshold: 0.8, fired_at: '2026-03-10T12:00:00.000Z' },
    ]);
    // Same period, more spend: no second alert.
    store.ledger.insertSync(attemptRecord({ requestId: 'more', costUsd: 0.1, startedAtMs: NOW - HOUR }));
    expect(await fireBudgetAlerts(options)).toEqual([]);
    expect(commands).toHaveLength(1);
    // Next day, past the threshold again: a new period, a new alert.
    store.ledger.insertSync(attemptRecord({ requestId: 'tomorrow', costUsd: 0.9, startedAtMs: NOW + 20 * HOUR }));
    expect((await fireBudgetAlerts({ ...options, now: NOW + 21 * HOUR })).map((event) => event.period)).toEqual(['2026-03-11']);
    expect(received).toHaveLength(2);
    store.close();
    server.close();
  });

  it('does not fire under the threshold', async () => {
    const store = await ledgerWith([['openai', 0.79, 1]]);
    const fired = await fireBudgetAlerts({ config: config({ global: budget({ dailyBudgetUsd: 1 }) }), ledger: store.ledger, now: NOW, timeZone: 'UTC', warn: () => {} });
    expect(fired).toEqual([]);
    store.close();
  });

  it('turns a failing alert command into a warning, and runs real shell commands by default', async () => {
    const store = await ledgerWith([['openai', 0.9, 1]]);
    const warnings: string[] = [];
    const fired = await fireBudgetAlerts({
      config: config({ global: budget({ dailyBudgetUsd: 1, alertCommand: 'test "$LLMX_ALERT_BUDGET" = global.daily && exit 7' }) }),
      ledger: store.ledger,
      now: NOW,
      timeZone: 'UTC',
      warn: (message) => warnings.push(message),
    });
    expect(fired).toHaveLength(1);
    // exit 7 proves the shell saw LLMX_ALERT_BUDGET=global.daily.
    expect(warnings[1]).toBe('alert_command for global.daily failed: exit code 7');
    store.close();
  });
});
