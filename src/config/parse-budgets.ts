import type { Node } from 'yaml';
import { PROVIDER_TYPES, type BudgetConfig, type BudgetsConfig, type OnExceed, type ProviderConfig } from '../spec/config.js';
import { DEFAULT_ALERT_THRESHOLD } from './defaults.js';
import { didYouMean } from './did-you-mean.js';
import type { Entry, ParseContext } from './parse-context.js';
import { valueOf } from './names.js';

const BUDGET_KEYS = ['daily_budget', 'monthly_budget', 'alert_threshold', 'on_exceed', 'alert_command', 'alert_webhook'] as const;
const ON_EXCEED: readonly OnExceed[] = ['warn', 'block', 'local_only'];

/** `budgets:` (USD). Per-provider budgets inherit the global threshold, action and alert hooks. */
export function parseBudgets(context: ParseContext, node: Node | null, providers: Record<string, ProviderConfig>): BudgetsConfig {
  const entries = context.entries(node, 'budgets');
  context.checkKeys(entries, [...BUDGET_KEYS, 'providers', 'allow_unpriced'], 'budgets');
  const budgets: BudgetsConfig = { providers: {} };
  const allowUnpriced = context.boolean(valueOf(entries, 'allow_unpriced'), 'budgets.allow_unpriced');
  if (allowUnpriced !== undefined) budgets.allowUnpriced = allowUnpriced;
  const defaults: BudgetConfig = { alertThreshold: DEFAULT_ALERT_THRESHOLD, onExceed: 'warn' };
  const global = parseBudget(context, entries, 'budgets', defaults);
  if (entries.some((entry) => entry.key !== 'providers' && entry.key !== 'allow_unpriced')) budgets.global = global;
  const inherited: BudgetConfig = {
    alertThreshold: global.alertThreshold,
    onExceed: global.onExceed,
    ...(global.alertCommand !== undefined && { alertCommand: global.alertCommand }),
    ...(global.alertWebhook !== undefined && { alertWebhook: global.alertWebhook }),
  };
  for (const entry of context.entries(valueOf(entries, 'providers'), 'budgets.providers')) {
    const path = `budgets.providers.${entry.key}`;
    checkProviderName(context, entry, path, providers, false);
    const fields = context.entries(entry.value, path, entry.keyNode);
    context.checkKeys(fields, BUDGET_KEYS, path);
    budgets.providers[entry.key] = parseBudget(context, fields, path, inherited);
  }
  context.warnMissing();
  return budgets;
}

function parseBudget(context: ParseContext, fields: readonly Entry[], path: string, base: BudgetConfig): BudgetConfig {
  const get = (key: string) => valueOf(fields, key);
  const budget: BudgetConfig = { ...base };
  const daily = context.number(get('daily_budget'), `${path}.daily_budget`, 'non-negative');
  const monthly = context.number(get('monthly_budget'), `${path}.monthly_budget`, 'non-negative');
  if (daily !== undefined) budget.dailyBudgetUsd = daily;
  if (monthly !== undefined) budget.monthlyBudgetUsd = monthly;
  const threshold = context.number(get('alert_threshold'), `${path}.alert_threshold`, 'fraction');
  if (threshold !== undefined) budget.alertThreshold = threshold;
  budget.onExceed = context.oneOf(get('on_exceed'), `${path}.on_exceed`, ON_EXCEED, 'on_exceed action') ?? budget.onExceed;
  const command = context.string(get('alert_command'), `${path}.alert_command`);
  if (command !== undefined) budget.alertCommand = command.value;
  const webhookNode = get('alert_webhook');
  const webhook = context.string(webhookNode, `${path}.alert_webhook`);
  if (webhook !== undefined) {
    if (!/^https?:\/\/[^/\s]/i.test(webhook.value)) context.fail(webhookNode, `${path}.alert_webhook`, 'expected an http:// or https:// URL');
    budget.alertWebhook = webhook.value;
  }
  return budget;
}

/** A provider name under budgets or pricing: a configured provider, or (allowTypes) a provider type. */
export function checkProviderName(context: ParseContext, entry: Entry, path: string, providers: Record<string, ProviderConfig>, allowTypes: boolean): void {
  if (entry.key in providers) return;
  if (allowTypes && (PROVIDER_TYPES as readonly string[]).includes(entry.key)) return;
  const names = Object.keys(providers);
  const candidates = allowTypes ? [...new Set([...names, ...PROVIDER_TYPES])] : names;
  context.fail(entry.keyNode, path, `unknown provider ${JSON.stringify(entry.key)}${didYouMean(entry.key, candidates)}; defined: ${names.join(', ')}`);
}
