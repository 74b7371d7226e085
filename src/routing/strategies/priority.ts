import { decisionOf, describeFallbacks, type Strategy } from './types.js';

/** The seed's form: provider, then fallback_providers, in the order configured. */
export const priorityStrategy: Strategy = {
  stateKeys: () => [],
  select(context) {
    const [head] = context.targets;
    if (!head) return null;
    return decisionOf(context, context.targets, `priority chain: ${head.provider} (${head.model}) first as configured${describeFallbacks(context.targets)}`);
  },
};
