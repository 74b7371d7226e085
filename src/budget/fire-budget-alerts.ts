import { spawn } from 'node:child_process';
import type { Config } from '../spec/config.js';
import type { CostLedger } from '../spec/ledger.js';
import { formatUsd } from '../shared/format-usd.js';
import { warn as warnOnStderr } from '../shared/warning.js';
import { budgetStatuses, budgetTitle, hasBudgets, type BudgetStatus } from './budget-status.js';
import { formatPercent } from '../shared/format-percent.js';

/** What an alert says; also the JSON body posted to alert_webhook. */
export interface BudgetAlertEvent {
  event: 'llmx.budget_alert';
  budget: string;
  provider: string | null;
  period: string;
  spent_usd: number;
  limit_usd: number;
  threshold: number;
  fired_at: string;
}

export interface FireBudgetAlertsOptions {
  config: Pick<Config, 'budgets'>;
  ledger: CostLedger;
  /** ms since epoch. */
  now: number;
  /** IANA zone of the budgets' days and months. Default: the local zone. */
  timeZone?: string;
  /** Runs alert_command with the LLMX_ALERT_* variables. Default: the shell, output to stderr, 10 s cap. */
  runCommand?: (command: string, env: Record<string, string>) => Promise<void>;
  /** Posts the JSON body to alert_webhook. Default: fetch with a 10 s timeout. */
  post?: (url: string, body: BudgetAlertEvent) => Promise<void>;
  /** Where the warnings go. Default: `warn` (stderr, "llmx: warning: ..."). */
  warn?: (message: string) => void;
}

/** Alerts stop waiting for a slow command or webhook after this long: the answer is already out. */
const ALERT_TIMEOUT_MS = 10_000;

/**
 * Run AFTER a request: for each budget whose spend has reached alert_threshold x limit, fires its
 * alert exactly once per period, even across concurrent processes. The decision and its record are one
 * ledger transaction (claimAlert); only the process that wins the claim warns, runs alert_command
 * and posts to alert_webhook. A failed command or post is a warning; the alert is not retried
 * (at most once is the promise to whoever's phone it rings).
 */
export async function fireBudgetAlerts(options: FireBudgetAlertsOptions): Promise<BudgetAlertEvent[]> {
  if (!hasBudgets(options.config)) return [];
  const warn = options.warn ?? warnOnStderr;
  const runCommand = options.runCommand ?? runShellCommand;
  const post = options.post ?? postJson;
  const fired: BudgetAlertEvent[] = [];
  for (const status of await budgetStatuses(options)) {
    // Cheap pre-check from the status read; the claim re-decides inside the write lock.
    if (status.state === 'ok') continue;
    const claim = await options.ledger.claimAlert({
      key: `alert:${status.budget}:${status.periodLabel}:${status.threshold}`,
      budget: status.budget,
      period: status.periodLabel,
      provider: status.provider,
      sinceMs: status.sinceMs,
      untilMs: status.untilMs,
      limitUsd: status.limitUsd,
      threshold: status.threshold,
      nowMs: options.now,
    });
    if (claim === null) continue;
    const event = alertEvent(status, claim.spentUsd, options.now);
    fired.push(event);
    warn(
      `${budgetTitle(status)} alert: ${formatUsd(claim.spentUsd)} spent of ${formatUsd(status.limitUsd)} for ${status.periodLabel} ` +
        `(${formatPercent(status.limitUsd > 0 ? claim.spentUsd / status.limitUsd : 1)}, alert threshold ${formatPercent(status.threshold)})`,
    );
    if (status.alertCommand) {
      await runCommand(status.alertCommand, alertEnv(event)).catch((error: unknown) => warn(`alert_command for ${status.budget} failed: ${messageOf(error)}`));
    }
    if (status.alertWebhook) {
      await post(status.alertWebhook, event).catch((error: unknown) => warn(`alert_webhook for ${status.budget} failed: ${messageOf(error)}`));
    }
  }
  return fired;
}

function alertEvent(status: BudgetStatus, spentUsd: number, nowMs: number): BudgetAlertEvent {
  return {
    event: 'llmx.budget_alert',
    budget: status.budget,
    provider: status.provider,
    period: status.periodLabel,
    spent_usd: spentUsd,
    limit_usd: status.limitUsd,
    threshold: status.threshold,
    fired_at: new Date(nowMs).toISOString(),
  };
}

export function alertEnv(event: BudgetAlertEvent): Record<string, string> {
  return {
    LLMX_ALERT_BUDGET: event.budget,
    LLMX_ALERT_PERIOD: event.period,
    LLMX_ALERT_SPENT_USD: event.spent_usd.toFixed(6),
    LLMX_ALERT_LIMIT_USD: String(event.limit_usd),
    LLMX_ALERT_THRESHOLD: String(event.threshold),
    LLMX_ALERT_PROVIDER: event.provider ?? '',
  };
}

/** The default alert_command runner: the user's shell; its output goes to stderr (stdout carries data). */
export function runShellCommand(command: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, env: { ...process.env, ...env }, stdio: ['ignore', 2, 2] });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`still running after ${ALERT_TIMEOUT_MS} ms; stopped`));
    }, ALERT_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(signal ? `killed by ${signal}` : `exit code ${code}`));
    });
  });
}

async function postJson(url: string, body: BudgetAlertEvent): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(ALERT_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
