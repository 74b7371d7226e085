import type { ReportedUsage } from '../shared/estimate-usage.js';

interface OllamaCounts {
  prompt_eval_count?: number | null;
  eval_count?: number | null;
}

/**
 * Ollama omits `prompt_eval_count` when the whole prompt came from its KV cache, so a missing
 * count is left missing (and then estimated) rather than read as zero. It reports no cache hits.
 */
export function convertOllamaUsage(response: OllamaCounts | undefined): ReportedUsage | undefined {
  if (!response) return undefined;
  return {
    inputTokens: typeof response.prompt_eval_count === 'number' ? response.prompt_eval_count : null,
    outputTokens: typeof response.eval_count === 'number' ? response.eval_count : null,
    cachedInputTokens: 0,
  };
}
