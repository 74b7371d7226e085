import type { FinishReason } from '../../spec/chat.js';

/** The reason of a `done: true` message; older servers and the API docs' own examples send none, and that means it stopped. */
export function mapOllamaFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw ?? 'stop') {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    default: // load, unload, and anything newer
      return 'other';
  }
}
