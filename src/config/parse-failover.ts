import type { Node } from 'yaml';
import type { FailoverConfig } from '../spec/config.js';
import type { ParseContext } from './parse-context.js';

const FAILOVER_KEYS = ['health_check_interval', 'max_failures', 'recovery_timeout'] as const;

/** The seed's FailoverConfig (seconds, count, seconds); unset keys keep `base`'s values. */
export function parseFailover(context: ParseContext, node: Node | null, path: string, base: FailoverConfig): FailoverConfig {
  const entries = context.entries(node, path);
  context.checkKeys(entries, FAILOVER_KEYS, path);
  const get = (key: string) => entries.find((entry) => entry.key === key)?.value ?? null;
  return {
    healthCheckIntervalS: context.number(get('health_check_interval'), `${path}.health_check_interval`, 'positive') ?? base.healthCheckIntervalS,
    maxFailures: context.number(get('max_failures'), `${path}.max_failures`, 'positive-integer') ?? base.maxFailures,
    recoveryTimeoutS: context.number(get('recovery_timeout'), `${path}.recovery_timeout`, 'positive') ?? base.recoveryTimeoutS,
  };
}
