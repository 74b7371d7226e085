import type { FinishReason } from '../../spec/chat.js';

export function mapOllamaFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    default: // load, unload, and anything newer
      return 'other';
  }
}
