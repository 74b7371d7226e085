import type { StrategyConfig } from '../spec/config.js';
import type { RoutingDecision, Target, TargetScore } from '../spec/events.js';
import type { Explanation } from './router.js';
import type { TargetStatus } from './target-status.js';
import { formatCountdown, formatMs } from '../shared/format-duration.js';
import { formatPercent } from '../shared/format-percent.js';
import type { Style } from '../shared/color.js';
import { hiddenNote, renderTable, wrapText, type TableColumn } from '../shared/table.js';

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

/** performance_based's expected time to an answer on a target, with its components (ms; null = unknown). */
export interface TargetScoreJson {
  provider: string;
  model: string;
  expected_ms: number | null;
  success_ms: number | null;
  failure_rate: number;
  failure_ms: number;
  retry_wait_ms: number;
  next: Target | null;
  next_ms: number | null;
  failing: boolean;
}

export interface StrategyListJson {
  name: string;
  type: string;
  targets: TargetStatusJson[];
}

export interface ExplanationJson {
  strategy: string | null;
  type: string;
  decision: { targets: Target[]; reason: string; scores?: TargetScoreJson[] } | null;
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

function decisionJson(decision: RoutingDecision): NonNullable<ExplanationJson['decision']> {
  const json: NonNullable<ExplanationJson['decision']> = { targets: decision.targets, reason: decision.reason };
  if (decision.scores) json.scores = decision.scores.map(scoreJson);
  return json;
}

function scoreJson(score: TargetScore): TargetScoreJson {
  return {
    provider: score.provider,
    model: score.model,
    expected_ms: roundOrNull(score.expectedMs),
    success_ms: roundOrNull(score.successMs),
    failure_rate: Math.round(score.failureRate * 1000) / 1000,
    failure_ms: Math.round(score.failureMs * 10) / 10,
    retry_wait_ms: Math.round(score.retryWaitMs),
    next: score.next,
    next_ms: roundOrNull(score.nextMs),
    failing: score.failing,
  };
}

/** The components of each target's expected time, in the decision's order. */
const SCORE_COLUMNS: ReadonlyArray<TableColumn<TargetScore>> = [
  { header: 'provider', value: (score) => score.provider },
  { header: 'expected', value: (score) => (score.failing ? 'failing' : score.expectedMs === null ? 'not measured' : formatMs(score.expectedMs)), align: 'right' },
  { header: 'answer', value: (score) => (score.successMs === null ? '-' : formatMs(score.successMs)), align: 'right' },
  { header: 'failing', value: (score) => formatPercent(score.failureRate), align: 'right' },
  { header: 'failure', value: (score) => formatMs(score.failureMs), align: 'right', priority: 2 },
  { header: 'wait', value: (score) => formatMs(score.retryWaitMs), align: 'right', priority: 3 },
  // What follows a failure matters only where failures happen.
  { header: 'then', value: (score) => (score.next === null || score.failureRate < 0.005 ? '-' : `${score.next.provider === score.provider ? 'retry' : score.next.provider}${score.nextMs === null ? '' : ` ${formatMs(score.nextMs)}`}`), priority: 1 },
];

export interface StrategyTableOptions {
  style: Style;
  /** Columns to fit into (terminalColumns()). */
  width: number;
  /** Every column, whatever the width. */
  wide?: boolean;
}

/** A strategy's table, and the columns it had to leave out to fit. */
export interface RenderedStrategy {
  text: string;
  hidden: string[];
}

/**
 * Position, provider, model and circuit always show; then, as the width allows, the request
 * headroom, the latency, the calls in flight, the token headroom.
 */
const TARGET_COLUMNS: ReadonlyArray<TableColumn<TargetStatus & { position: number }>> = [
  { header: '#', value: (target) => String(target.position), align: 'right' },
  { header: 'provider', value: (target) => target.provider },
  { header: 'model', value: (target) => target.model },
  { header: 'circuit', value: formatCircuit, tone: (target) => (target.circuit === 'closed' ? 'good' : target.circuit === 'open' ? 'bad' : 'warn') },
  { header: 'requests/min', value: formatRequests, priority: 1 },
  { header: 'tokens/min', value: formatTokens, priority: 4 },
  { header: 'in flight', value: (target) => String(target.inFlight), align: 'right', priority: 3 },
  { header: 'latency', value: formatLatency, priority: 2 },
];

/** One table per strategy: its targets in configured order with their live state, then why any is unavailable. */
export function renderStrategyTable(name: string, type: string, targets: readonly TargetStatus[], options: StrategyTableOptions): RenderedStrategy {
  const table = renderTable(TARGET_COLUMNS, targets.map((target, index) => ({ ...target, position: index + 1 })), options);
  return { text: [`${options.style.header(name)} (${type})`, table.text, ...unavailableNotes(targets, options.width)].join('\n'), hidden: table.hidden };
}

/** Why each unavailable target is: one line each, wrapped to the width. */
function unavailableNotes(targets: readonly TargetStatus[], width: number): string[] {
  return targets
    .filter((target) => !target.available && target.reason)
    .flatMap((target) => wrapText(target.reason!.startsWith(`${target.provider}:`) ? target.reason! : `${target.provider}: ${target.reason}`, width - 2, 2).map((line) => `  ${line}`));
}

/** `llmx strategies`: every strategy's table, a blank line between, and one note for what did not fit. */
export function renderStrategyList(entries: ReadonlyArray<{ title: string; type: string; targets: readonly TargetStatus[] }>, options: StrategyTableOptions): string {
  const rendered = entries.map((entry) => renderStrategyTable(entry.title, entry.type, entry.targets, options));
  const note = hiddenNote(rendered.flatMap((entry) => entry.hidden), options.width, options.style);
  return [rendered.map((entry) => entry.text).join('\n\n'), ...(note ? [note] : [])].join('\n');
}

/** `strategies explain` / `ask --explain`: the order, the reason, and what would be tried now. */
export function renderExplanation(explanation: Explanation, options: StrategyTableOptions): string {
  const lines: string[] = [];
  const title = explanation.strategy ?? `provider ${explanation.targets[0]?.provider ?? '?'}`;
  lines.push(`${options.style.header(title)} (${explanation.type})`);
  if (!explanation.decision) {
    lines.push('no usable target');
  } else {
    lines.push(...wrapText(`order: ${explanation.decision.targets.map((target) => `${target.provider} (${target.model})`).join(' -> ')}`, options.width, 2));
    lines.push(...wrapText(`why: ${explanation.decision.reason}`, options.width, 2));
    if (explanation.decision.scores) {
      // expected = answer + failing × (failure + wait + then): the caller's wait, failures included.
      const scores = renderTable(SCORE_COLUMNS, explanation.decision.scores, { ...options, indent: 2 });
      lines.push('expected time to an answer = answer + failing × (failure + wait + then):', scores.text);
      const note = hiddenNote(scores.hidden, options.width, options.style);
      if (note) lines.push(note);
    }
  }
  lines.push(explanation.wouldTry ? `would try now: ${explanation.wouldTry.provider} (${explanation.wouldTry.model})` : 'would try now: nothing; every target is unavailable');
  const table = renderTable(TARGET_COLUMNS, explanation.targets.map((target, index) => ({ ...target, position: index + 1 })), options);
  lines.push(table.text, ...unavailableNotes(explanation.targets, options.width));
  const note = hiddenNote(table.hidden, options.width, options.style);
  if (note) lines.push(note);
  return lines.join('\n');
}

/** The circuit as `llmx health` shows it too: "closed", "half-open (probing)", "open (probe 1m 15s)". */
function formatCircuit(target: TargetStatus): string {
  if (target.circuit === 'open') return `open (probe ${formatCountdown(target.circuitRetryInMs)})`;
  if (target.circuit === 'half-open') return target.circuitRetryInMs > 0 ? 'half-open (probing)' : 'half-open';
  return 'closed';
}

function formatRequests(target: TargetStatus): string {
  const blocked = target.rate.blockedForMs > 0 ? ` (429, ${formatCountdown(target.rate.blockedForMs)})` : '';
  if (target.rate.requestsPerMinute === null) return `no limit${blocked}`;
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

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
