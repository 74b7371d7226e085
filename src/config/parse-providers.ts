import { isMap, isScalar, type Node } from 'yaml';
import { ADDRESS_FIELD, descriptorOf, isProviderType, PROVIDER_TYPE_DESCRIPTORS } from '../provider-types/index.js';
import { PROVIDER_TYPES, type FailoverConfig, type ProviderConfig, type ProviderType } from '../spec/config.js';
import { defaultProviderConfig } from './defaults.js';
import { parseFailover } from './parse-failover.js';
import type { Entry, MissingVariable, ParseContext } from './parse-context.js';
import { checkName, entryOf, valueOf } from './names.js';

const PROVIDER_KEYS = [
  'type',
  'api_key',
  'base_url',
  'endpoint',
  'api_version',
  'models',
  'rate_limit',
  'retry',
  'timeout_ms',
  'local',
  'failover',
  'stream_usage',
] as const;
const RATE_LIMIT_KEYS = ['requests_per_minute', 'tokens_per_minute'] as const;
const RETRY_KEYS = ['max_attempts', 'backoff_factor'] as const;
const MODEL_KEYS = ['name', 'price_as'] as const;

const DESCRIPTORS = Object.values(PROVIDER_TYPE_DESCRIPTORS);
/** The types that take `endpoint` and `api_version`, named when another type is given one. */
const ENDPOINT_TYPES = DESCRIPTORS.filter((descriptor) => descriptor.address.key === 'endpoint').map((descriptor) => descriptor.type);
const API_VERSION_TYPES = DESCRIPTORS.filter((descriptor) => descriptor.apiVersion !== undefined).map((descriptor) => descriptor.type);
const STREAM_USAGE_TYPES = DESCRIPTORS.filter((descriptor) => descriptor.streamUsage !== undefined).map((descriptor) => descriptor.type);

export function parseProviders(context: ParseContext, node: Node | null, at: Node | null, globalFailover: FailoverConfig): Record<string, ProviderConfig> {
  const entries = context.entries(node, 'providers', at);
  if (entries.length === 0) context.fail(node ?? at, 'providers', 'expected at least one provider');
  const providers: Record<string, ProviderConfig> = {};
  for (const entry of entries) {
    checkName(context, entry, `providers.${entry.key}`, 'provider');
    providers[entry.key] = parseProvider(context, entry, globalFailover);
  }
  return providers;
}

function parseProvider(context: ParseContext, entry: Entry, globalFailover: FailoverConfig): ProviderConfig {
  const name = entry.key;
  const path = `providers.${name}`;
  context.takeMissing();
  const fields = context.entries(entry.value, path, entry.keyNode);
  context.checkKeys(fields, PROVIDER_KEYS, path);
  const get = (key: string) => valueOf(fields, key);

  const type = parseType(context, entry, fields, path);
  const notes: string[] = [];
  const provider = defaultProviderConfig(name, type, globalFailover);

  parseApiKey(context, provider, get('api_key'), path, notes);
  parseUrls(context, provider, fields, entry, path);
  parseModels(context, provider, get('models'), entry, path);

  const rateLimit = context.entries(get('rate_limit'), `${path}.rate_limit`);
  context.checkKeys(rateLimit, RATE_LIMIT_KEYS, `${path}.rate_limit`);
  const requestsPerMinute = context.number(valueOf(rateLimit, 'requests_per_minute'), `${path}.rate_limit.requests_per_minute`, 'positive-integer');
  const tokensPerMinute = context.number(valueOf(rateLimit, 'tokens_per_minute'), `${path}.rate_limit.tokens_per_minute`, 'positive-integer');
  if (requestsPerMinute !== undefined) provider.rateLimit.requestsPerMinute = requestsPerMinute;
  if (tokensPerMinute !== undefined) provider.rateLimit.tokensPerMinute = tokensPerMinute;

  const retry = context.entries(get('retry'), `${path}.retry`);
  context.checkKeys(retry, RETRY_KEYS, `${path}.retry`);
  provider.retry.maxAttempts = context.number(valueOf(retry, 'max_attempts'), `${path}.retry.max_attempts`, 'positive-integer') ?? provider.retry.maxAttempts;
  // A factor below 1 would make each retry wait less than the one before.
  provider.retry.backoffFactor = context.number(valueOf(retry, 'backoff_factor'), `${path}.retry.backoff_factor`, 'at-least-one') ?? provider.retry.backoffFactor;

  provider.timeoutMs = context.number(get('timeout_ms'), `${path}.timeout_ms`, 'positive-integer') ?? provider.timeoutMs;
  provider.local = context.boolean(get('local'), `${path}.local`) ?? provider.local;
  parseStreamUsage(context, provider, get('stream_usage'), path);
  provider.failover = parseFailover(context, get('failover'), `${path}.failover`, globalFailover);

  markUnavailable(context, provider, context.takeMissing(), notes);
  return provider;
}

function parseType(context: ParseContext, entry: Entry, fields: readonly Entry[], path: string): ProviderType {
  const typeNode = valueOf(fields, 'type');
  const type = context.oneOf(typeNode, `${path}.type`, PROVIDER_TYPES, 'provider type');
  if (type !== undefined) return type;
  // `openai:` with no type is unambiguous; any other name must say what it is.
  if (isProviderType(entry.key)) return entry.key;
  return context.fail(entryOf(fields, 'type')?.keyNode ?? entry.keyNode, `${path}.type`, `required: one of ${PROVIDER_TYPES.join(', ')}`);
}

function parseApiKey(context: ParseContext, provider: ProviderConfig, node: Node | null, path: string, notes: string[]): void {
  const { required, variable } = descriptorOf(provider.type).apiKey;
  const written = context.resolve(node) !== null;
  if (written) {
    const missingBefore = context.missingCount;
    const key = context.string(node, `${path}.api_key`, { secret: true });
    if (key !== undefined) {
      provider.apiKey = key.value;
      provider.apiKeySource = key.usedVariables[0] ?? `${context.sourceName} ${path}.api_key`;
      return;
    }
    // An unset ${VAR} is recorded by string(); an explicit empty value is a key that cannot work.
    if (context.missingCount === missingBefore && required) notes.push(`${path}.api_key is empty`);
    return;
  }
  // Omitted: a required key comes from the SDK's own variable, as the SDKs themselves would read it.
  if (!required || variable === undefined) return;
  const value = context.env[variable];
  if (value) {
    provider.apiKey = value;
    provider.apiKeySource = variable;
  } else {
    notes.push(`no api_key and ${variable} is not set`);
  }
}

function parseUrls(context: ParseContext, provider: ProviderConfig, fields: readonly Entry[], entry: Entry, path: string): void {
  const { address, apiVersion } = descriptorOf(provider.type);
  const present = (key: string) => context.resolve(valueOf(fields, key)) !== null;
  // The keys this type does not take, before anything else is read.
  if (address.key === 'endpoint' && present('base_url')) {
    context.fail(valueOf(fields, 'base_url'), `${path}.base_url`, `${provider.type} takes endpoint (the resource URL), not base_url`);
  }
  if (address.key !== 'endpoint' && present('endpoint')) {
    context.fail(valueOf(fields, 'endpoint'), `${path}.endpoint`, `only for type ${ENDPOINT_TYPES.join(', ')}; use base_url`);
  }
  if (apiVersion === undefined && present('api_version')) context.fail(valueOf(fields, 'api_version'), `${path}.api_version`, `only for type ${API_VERSION_TYPES.join(', ')}`);

  const addressPath = `${path}.${address.key}`;
  const addressNode = valueOf(fields, address.key);
  const required = address.requiredHint !== undefined;
  if (required && !present(address.key)) {
    context.fail(entryOf(fields, address.key)?.keyNode ?? entry.keyNode, addressPath, `required for type ${provider.type} (${address.requiredHint})`);
  }
  // A required address with an unset ${VAR} disables the provider; elsewhere it means the default.
  const value = context.string(addressNode, addressPath, { optional: !required });
  if (value !== undefined) provider[ADDRESS_FIELD[address.key]] = checkUrl(context, addressNode, addressPath, value.value);
  else if (address.default !== undefined) provider[ADDRESS_FIELD[address.key]] = address.default;
  // Unset api_version falls back to the type's default rather than disabling the provider.
  if (apiVersion !== undefined) provider.apiVersion = context.string(valueOf(fields, 'api_version'), `${path}.api_version`, { optional: true })?.value ?? apiVersion.default;
}

/** Anthropic and Ollama always stream their usage: the setting exists only where it can be turned off. */
function parseStreamUsage(context: ParseContext, provider: ProviderConfig, node: Node | null, path: string): void {
  const value = context.boolean(node, `${path}.stream_usage`);
  if (value === undefined) return;
  if (descriptorOf(provider.type).streamUsage === undefined) {
    context.fail(node, `${path}.stream_usage`, `only for type ${STREAM_USAGE_TYPES.join(', ')} (${provider.type} always reports usage in its streams)`);
  }
  provider.streamUsage = value;
}

function checkUrl(context: ParseContext, node: Node | null, path: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    // The value is not echoed: a malformed URL may still carry credentials.
    context.fail(node, path, 'expected an http:// or https:// URL');
  }
  if (url.username !== '' || url.password !== '') {
    // fetch (under every SDK llmx uses) refuses such URLs; the user:password part is never shown.
    context.fail(node, path, 'a URL with user:password@ cannot be used (HTTP clients do not send URL credentials); give the key as api_key, or the host without credentials');
  }
  return value;
}

function parseModels(context: ParseContext, provider: ProviderConfig, node: Node | null, entry: Entry, path: string): void {
  const modelsPath = `${path}.models`;
  if (context.resolve(node) === null) {
    const fallback = descriptorOf(provider.type).models.default;
    if (fallback === undefined) context.fail(node ?? entry.keyNode, modelsPath, `required for type ${provider.type}: the model names the endpoint serves`);
    provider.models.push(fallback);
    return;
  }
  const items = context.items(node, modelsPath);
  if (items.length === 0) context.fail(node, modelsPath, 'expected at least one model');
  items.forEach((item, index) => {
    const itemPath = `${modelsPath}[${index}]`;
    const resolved = context.resolve(item);
    let name: string | undefined;
    let priceAs: string | undefined;
    if (isMap(resolved)) {
      const fields = context.entries(resolved, itemPath);
      context.checkKeys(fields, MODEL_KEYS, itemPath);
      if (context.resolve(valueOf(fields, 'name')) === null) context.fail(resolved, `${itemPath}.name`, 'required: the model (Azure: deployment) name');
      name = context.string(valueOf(fields, 'name'), `${itemPath}.name`)?.value;
      priceAs = context.string(valueOf(fields, 'price_as'), `${itemPath}.price_as`)?.value;
    } else if (resolved === null || isScalar(resolved)) {
      if (resolved === null) context.fail(item, itemPath, 'expected a model name, got nothing');
      name = context.string(resolved, itemPath)?.value;
    } else {
      context.fail(resolved, itemPath, `expected a model name or {name, price_as}, got ${context.describe(resolved)}`);
    }
    if (name === undefined) return; // an unset ${VAR}: recorded, the provider becomes unavailable
    if (provider.models.includes(name)) context.fail(item, itemPath, `model ${JSON.stringify(name)} is listed twice`);
    provider.models.push(name);
    if (priceAs !== undefined) provider.priceAs[name] = priceAs;
  });
}

function markUnavailable(context: ParseContext, provider: ProviderConfig, missing: readonly MissingVariable[], notes: readonly string[]): void {
  const names = [...new Set(missing.map((item) => `\${${item.name}}`))];
  const reasons = [...notes];
  if (names.length === 1) reasons.unshift(`${names[0]} is not set`);
  else if (names.length > 1) reasons.unshift(`${names.join(', ')} are not set`);
  if (reasons.length === 0) return;
  provider.unavailableReason = reasons.join('; ');
  const where = missing[0] ? `${missing[0].where}: ` : '';
  context.warnings.push(`${where}provider "${provider.name}" is unavailable: ${provider.unavailableReason}`);
}
