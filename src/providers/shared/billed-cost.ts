import type { ReportedUsage } from './estimate-usage.js';
import type { FetchObservation } from './response-facts.js';

/** The header a LiteLLM proxy puts its computed (billed) cost of a call in, USD. */
export const LITELLM_COST_HEADER = 'x-litellm-response-cost';

/**
 * What the server says it billed: the body's own figure (OpenRouter `usage.cost`) wins over a
 * proxy's header, which is read only when the body has none. A header that is not a number is ignored.
 */
export function withBilledCost(usage: ReportedUsage | undefined, observation: FetchObservation): ReportedUsage | undefined {
  if (usage?.billedCostUsd !== undefined && usage.billedCostUsd !== null) return usage;
  const header = observation.response?.headers.get(LITELLM_COST_HEADER);
  if (header === null || header === undefined || header.trim() === '') return usage;
  const cost = Number(header);
  if (!Number.isFinite(cost)) return usage;
  return { ...(usage ?? {}), billedCostUsd: cost };
}
