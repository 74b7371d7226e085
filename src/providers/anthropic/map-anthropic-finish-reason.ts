import type { FinishReason } from '../../spec/chat.js';

/** A missing stop_reason (a stream that ended without one) is `unknown`. */
export function mapAnthropicFinishReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined || raw === '') return 'unknown';
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal': // the streaming classifiers stopped the answer
      return 'refusal';
    default: // pause_turn and anything newer
      return 'other';
  }
}
