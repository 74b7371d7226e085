import type { Node } from 'yaml';
import type { StoreConfig } from '../spec/config.js';
import type { ParseContext } from './parse-context.js';

const STORE_KEYS = ['url', 'connect_timeout_ms', 'on_unavailable'] as const;
// 'local' (route on the local file, spool the rows) comes with the spool.
const ON_UNAVAILABLE = ['fail'] as const;

/**
 * `store: {url, connect_timeout_ms, on_unavailable}`. The URL is a secret (it may carry the password,
 * usually as `${VAR}`): never echoed. An unset variable in it is an error, not "ignore the value":
 * a team's hosts must not fall back to private files without a word.
 */
export function parseStore(context: ParseContext, node: Node | null, path: string): StoreConfig | undefined {
  if (node === null) return undefined;
  const entries = context.entries(node, path);
  context.checkKeys(entries, STORE_KEYS, path);
  const get = (key: string) => entries.find((entry) => entry.key === key)?.value ?? null;
  const urlNode = get('url');
  const url = context.string(urlNode, `${path}.url`, { secret: true });
  const missing = context.takeMissing();
  if (missing.length > 0) context.fail(urlNode, `${path}.url`, `\${${missing[0]!.name}} is not set (a shared store's URL must be complete)`);
  const connectTimeoutMs = context.number(get('connect_timeout_ms'), `${path}.connect_timeout_ms`, 'positive-integer');
  const onUnavailable = context.oneOf(get('on_unavailable'), `${path}.on_unavailable`, ON_UNAVAILABLE, 'on_unavailable policy');
  return {
    ...(url !== undefined && { url: url.value }),
    ...(connectTimeoutMs !== undefined && { connectTimeoutMs }),
    ...(onUnavailable !== undefined && { onUnavailable }),
  };
}
