import Table from 'cli-table3';
import type { StrategyConfig } from '../spec/config.js';
import type { RoutingDecision, Target } from '../spec/events.js';
import type { Explanation } from './router.js';
import type { TargetStatus } from './target-status.js';
import { formatCountdown, formatMs } from '../shared/format-duration.js';

/** A target's live state in `--json` (snake_case, stable). */
export interface TargetStatusJson {
  provider: string;
  model: string;
  /** closed, open or half-open. */
  circuit: string;
  circuit_retry_in_ms: number;
  consecutive_failures: number;
  rate: {
    requests_per_minute: number | null;
    requests_used: number;
    requests_remaining: number | null;
    tokens_per_minute: number | null;
    tokens_used: number;
    tokens_remaining: number | null;
    blocked_for_ms: number;
  };
  in_flight: number;
  latency_ewma_ms: number | null;
  ttft_ewma_ms: number | null;
  available: boolean;
  reason?: string;
}

export interface StrategyListJson {
  name: string;
  type: string;
  targets: TargetStatusJson[];
}

export interface ExplanationJson {
  strategy: string | null;
  type: string;
  decision: { targets: Target[]; reason: string } | null;
  would_try: Target | null;
  targets: TargetStatusJson[];
}

/** One strategy of `llmx strategies --json`: its targets in order with their live state. */
export function strategyListJson(entry: { strategy: StrategyConfig; targets: TargetStatus[] }): StrategyListJson {
  return { name: entry.strategy.name, type: entry.strategy.type, targets: entry.targets.map(targetStatusJson) };
}

export function targetStatusJson(status: TargetStatus): TargetStatusJson {
  const json: TargetStatusJson = {
    provider: status.provider,
    model: status.model,
    circuit: status.circuit,
    circuit_retry_in_ms: Math.round(status.circuitRetryInMs),
    consecutive_failures: status.consecutiveFailures,
    rate: {
      requests_per_minute: status.rate.requestsPerMinute,
      requests_used: status.rate.requestsUsed,
      requests_remaining: status.rate.requestsRemaining,
      tokens_per_minute: status.rate.tokensPerMinute,
      tokens_used: status.rate.tokensUsed,
      tokens_remaining: status.rate.tokensRemaining,
      blocked_for_ms: Math.round(status.rate.blockedForMs),
    },
    in_flight: status.inFlight,
    latency_ewma_ms: roundOrNull(status.latencyEwmaMs),
    ttft_ewma_ms: roundOrNull(status.ttftEwmaMs),
    available: status.available,
  };
  if (status.reason !== undefined) json.reason = status.reason;
  return json;
}

export function explanationJson(explanation: Explanation): ExplanationJson {
  return {
    strategy: explanation.strategy,
    type: explanation.type,
    decision: explanation.decision ? decisionJson(explanation.decision) : null,
    would_try: explanation.wouldTry,
    targets: explanation.targets.map(targetStatusJson),
  };
}

function decisionJson(decision: RoutingDecision): { targets: Target[]; reason: string } {
  return { targets: decision.targets, reason: decision.reason };
}

/** One table per strategy: its targets in configured order with their live state. */
export function renderStrategyTable(name: string, type: string, targets: readonly TargetStatus[], color: boolean): string {
  const table = new Table({
    head: ['#', 'provider', 'model', 'circuit', 'requests/min', 'tokens/min', 'in flight', 'latency'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
  });
  targets.forEach((target, index) => {
    table.push([String(index + 1), target.provider, target.model, formatCircuit(target, color), formatRequests(target), formatTokens(target), String(target.inFlight), formatLatency(target)]);
  });
  const notes = targets.filter((target) => !target.available && target.reason).map((target) => `  ${target.provider}: ${target.reason}`);
  return [`${bold(name, color)} (${type})`, table.toString(), ...notes].join('\n');
}

/** `strategies explain` / `ask --explain`: the order, the reason, and what would be tried now. */
export function renderExplanation(explanation: Explanation, color: boolean): string {
  const lines: string[] = [];
  const title = explanation.strategy ?? `provider ${explanation.targets[0]?.provider ?? '?'}`;
  lines.push(`${bold(title, color)} (${explanation.type})`);
  if (!explanation.decision) {
    lines.push('no usable target');
  } else {
    lines.push(`order: ${explanation.decision.targets.map((target) => `${target.provider} (${target.model})`).join(' -> ')}`);
    lines.push(`why: ${explanation.decision.reason}`);
  }
  lines.push(explanation.wouldTry ? `would try now: ${explanation.wouldTry.provider} (${explanation.wouldTry.model})` : 'would try now: nothing; every target is unavailable');
  lines.push(renderStrategyTable('targets', 'live state', explanation.targets, color).split('\n').slice(1).join('\n'));
  return lines.join('\n');
}

function formatCircuit(target: TargetStatus, color: boolean): string {
  const text = target.circuit === 'open' ? `open, probe in ${formatCountdown(target.circuitRetryInMs)}` : target.circuit === 'half-open' ? (target.circuitRetryInMs > 0 ? `half-open, probing` : 'half-open') : 'closed';
  if (!color) return text;
  const code = target.circuit === 'closed' ? '\u001b[32m' : target.circuit === 'open' ? '\u001b[31m' : '\u001b[33m';
  return `${code}${text}\u001b[39m`;
}

function formatRequests(target: TargetStatus): string {
  const blocked = target.rate.blockedForMs > 0 ? ` (429, ${formatCountdown(target.rate.blockedForMs)})` : '';
  if (target.rate.requestsPerMinute === null) return `${target.rate.requestsUsed} used, no limit${blocked}`;
  return `${target.rate.requestsRemaining}/${target.rate.requestsPerMinute} left${blocked}`;
}

function formatTokens(target: TargetStatus): string {
  if (target.rate.tokensPerMinute === null) return 'no limit';
  return `${target.rate.tokensRemaining}/${target.rate.tokensPerMinute} left`;
}

function formatLatency(target: TargetStatus): string {
  if (target.latencyEwmaMs === null) return '-';
  const ttft = target.ttftEwmaMs !== null ? `, ttft ${formatMs(target.ttftEwmaMs)}` : '';
  return `${formatMs(target.latencyEwmaMs)}${ttft}`;
}

function bold(text: string, color: boolean): string {
  return color ? `\u001b[1m${text}\u001b[22m` : text;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
