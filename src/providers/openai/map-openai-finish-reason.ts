import type { FinishReason } from '../../spec/chat.js';

export function mapOpenAiFinishReason(raw: string | null | undefined): FinishReason {
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
