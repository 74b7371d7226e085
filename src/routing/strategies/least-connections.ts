import { inFlight, leaseKey, type LeaseState } from '../../resilience/leases.js';
import { decisionOf, describeFallbacks, type Strategy } from './types.js';

/** Fewest in-flight requests (live leases, across processes) first; ties keep configured order. */
export const leastConnectionsStrategy: Strategy = {
  stateKeys: (_strategy, targets) => targets.map((target) => leaseKey(target.provider)),
  select(context) {
    const counted = context.targets.map((target, index) => ({
      target,
      index,
      inFlight: inFlight(context.state.get(leaseKey(target.provider)) as LeaseState | undefined, context.nowMs),
    }));
    if (counted.length === 0) return null;
    const ranked = [...counted].sort((a, b) => a.inFlight - b.inFlight || a.index - b.index);
    const ordered = ranked.map((entry) => entry.target);
    const counts = ranked.map((entry) => `${entry.target.provider} ${entry.inFlight}`).join(', ');
    return decisionOf(context, ordered, `least connections: ${ranked[0].target.provider} has the fewest requests in flight (${counts})${describeFallbacks(ordered)}`);
  },
};
