import type { RouterEvent, RouterEventListener, Target } from '../spec/events.js';
import { formatMs } from '../shared/format-duration.js';
import type { OptionalWireFeature } from '../spec/chat.js';
import { FEATURE_WIRE_NAMES } from './attempt/wire-memory.js';

/**
 * The seed's debug mode (`-v` / LLMX_DEBUG=1): one line per routing decision and attempt, handed to
 * `write` (the CLI sends it to stderr). Never prints prompts, answers or keys.
 */
export function createDebugLog(write: (line: string) => void): RouterEventListener {
  return (event: RouterEvent) => {
    const id = event.requestId.slice(0, 8);
    switch (event.type) {
      case 'decision':
        write(`${id} decision ${event.decision.strategy}: ${event.decision.targets.map(label).join(' -> ')} (${event.decision.reason})`);
        break;
      case 'skip':
        write(`${id} skip ${label(event.target)}: ${event.reason}`);
        break;
      case 'attempt-start':
        write(`${id} attempt ${event.attempt} ${label(event.target)}${event.stream ? ' stream' : ''}${withoutText(event.without)}`);
        break;
      case 'attempt-end':
        if (event.error) {
          const status = event.error.status !== undefined ? `${event.error.status} ` : '';
          const partial = event.partialText !== undefined ? ` after ${event.partialText.length} chars of output` : '';
          write(`${id} attempt ${event.attempt} ${label(event.target)} failed in ${formatMs(event.latencyMs)}: ${status}${event.error.errorClass}: ${event.error.message}${partial}`);
        } else {
          const ttft = event.ttftMs !== null ? `, ttft ${formatMs(event.ttftMs)}` : '';
          const usage = event.result ? `, ${event.result.usage.inputTokens}+${event.result.usage.outputTokens} tokens` : '';
          write(`${id} attempt ${event.attempt} ${label(event.target)} ok in ${formatMs(event.latencyMs)}${ttft}${usage}`);
        }
        break;
      case 'retry':
        write(`${id} retry ${label(event.target)} in ${formatMs(event.delayMs)} (attempt ${event.nextAttempt}): ${event.reason}`);
        break;
      case 'failover':
        write(`${id} failover ${label(event.from)} -> ${event.to ? label(event.to) : 'none left'}: ${event.reason}`);
        break;
    }
  };
}

/** The features left out, by their wire names, because the server refused them before. */
function withoutText(without: readonly OptionalWireFeature[] | undefined): string {
  if (!without || without.length === 0) return '';
  return ` without ${without.map((feature) => FEATURE_WIRE_NAMES[feature]).join(', ')} (the server refused it before)`;
}

function label(target: Target): string {
  return `${target.provider}/${target.model}`;
}
