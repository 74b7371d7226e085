import type { FinishReason } from '../../spec/chat.js';

/** A missing reason (a server that never sent one) is `unknown`; one llmx does not know is `other`. */
export function mapOpenAiFinishReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined || raw === '') return 'unknown';
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'error': // OpenRouter's mid-stream failure marker
      return 'error';
    default:
      return 'other';
  }
}
