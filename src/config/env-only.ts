import type { Config, ProviderConfig, ProviderType, StrategyConfig } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import { DEFAULT_AZURE_API_VERSION, DEFAULT_FAILOVER, DEFAULT_MODELS, DEFAULT_OLLAMA_BASE_URL, defaultProviderConfig } from './defaults.js';
import { didYouMean } from './did-you-mean.js';

const ROLE_VARIABLES = ['PRIMARY_PROVIDER', 'SECONDARY_PROVIDER', 'LOCAL_PROVIDER'] as const;
const BUILT_IN_NAMES = ['openai', 'anthropic', 'ollama', 'azure_openai'] as const;

/** The source name of a configuration built from variables alone. */
export const ENVIRONMENT_SOURCE = 'environment';

/**
 * No providers.yaml anywhere: the seed's variables configure one provider per service they mention,
 * and a `default` priority strategy of PRIMARY_PROVIDER, SECONDARY_PROVIDER, LOCAL_PROVIDER (in that
 * order; without any of them, every configured provider, cloud ones first and ollama last).
 * Models come from `<PREFIX>_MODELS` (comma-separated) or `<PREFIX>_MODEL`, else a small default.
 */
export function configFromEnvironment(env: NodeJS.ProcessEnv): Config {
  const read = (name: string): string | undefined => (env[name] && env[name].trim() !== '' ? env[name].trim() : undefined);
  const warnings: string[] = [];
  const customName = read('CUSTOM_PROVIDER_NAME') ?? 'custom';
  if (/[\s:]/.test(customName)) throw new ConfigError(`CUSTOM_PROVIDER_NAME: ${JSON.stringify(customName)} may not contain ":" or spaces`);
  if ((BUILT_IN_NAMES as readonly string[]).includes(customName)) {
    throw new ConfigError(`CUSTOM_PROVIDER_NAME: ${JSON.stringify(customName)} is a built-in provider name; choose another`);
  }
  const knownNames = [...BUILT_IN_NAMES, customName];
  const roles: string[] = [];
  for (const variable of ROLE_VARIABLES) {
    const value = read(variable);
    if (value === undefined) continue;
    if (!knownNames.includes(value)) {
      throw new ConfigError(`${variable}: unknown provider ${JSON.stringify(value)}${didYouMean(value, knownNames)}; expected one of ${knownNames.join(', ')}`);
    }
    if (!roles.includes(value)) roles.push(value);
  }
  const wanted = (name: string, ...variables: string[]): boolean => roles.includes(name) || variables.some((variable) => read(variable) !== undefined);

  const providers: Record<string, ProviderConfig> = {};
  const add = (provider: ProviderConfig, missing: string[]): void => {
    if (missing.length > 0) {
      provider.unavailableReason = `${missing.map((name) => `\${${name}}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`;
      warnings.push(`environment: provider "${provider.name}" is unavailable: ${provider.unavailableReason}`);
    }
    providers[provider.name] = provider;
  };
  const base = (name: string, type: ProviderType, modelPrefix: string): ProviderConfig => {
    const models = modelsFrom(read(`${modelPrefix}_MODELS`) ?? read(`${modelPrefix}_MODEL`));
    const fallback = DEFAULT_MODELS[type];
    return defaultProviderConfig(name, type, models.length > 0 ? models : fallback ? [fallback] : [], DEFAULT_FAILOVER);
  };
  const withKey = (provider: ProviderConfig, variable: string, missing: string[]): void => {
    const key = read(variable);
    if (key === undefined) missing.push(variable);
    else Object.assign(provider, { apiKey: key, apiKeySource: variable });
  };
  const url = (variable: string): string | undefined => {
    const value = read(variable);
    if (value !== undefined && !/^https?:\/\/[^/\s]/i.test(value)) throw new ConfigError(`${variable}: expected an http:// or https:// URL`);
    return value;
  };

  // OPENAI_* and ANTHROPIC_* take the same shape: a key and an optional base URL.
  for (const [type, prefix] of [['openai', 'OPENAI'], ['anthropic', 'ANTHROPIC']] as const) {
    if (!wanted(type, `${prefix}_API_KEY`, `${prefix}_BASE_URL`)) continue;
    const provider = base(type, type, prefix);
    const missing: string[] = [];
    withKey(provider, `${prefix}_API_KEY`, missing);
    const baseUrl = url(`${prefix}_BASE_URL`);
    if (baseUrl) provider.baseUrl = baseUrl;
    add(provider, missing);
  }
  if (wanted('azure_openai', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT')) {
    const provider = base('azure_openai', 'azure_openai', 'AZURE_OPENAI');
    const missing: string[] = [];
    withKey(provider, 'AZURE_OPENAI_API_KEY', missing);
    const endpoint = url('AZURE_OPENAI_ENDPOINT');
    if (endpoint) provider.endpoint = endpoint;
    else missing.push('AZURE_OPENAI_ENDPOINT');
    provider.apiVersion = read('AZURE_OPENAI_API_VERSION') ?? DEFAULT_AZURE_API_VERSION;
    add(provider, missing);
  }
  if (wanted(customName, 'CUSTOM_PROVIDER_BASE_URL', 'CUSTOM_PROVIDER_API_KEY')) {
    const provider = base(customName, 'custom', 'CUSTOM_PROVIDER');
    const missing: string[] = [];
    const baseUrl = url('CUSTOM_PROVIDER_BASE_URL');
    if (baseUrl) provider.baseUrl = baseUrl;
    else missing.push('CUSTOM_PROVIDER_BASE_URL');
    // An OpenAI-compatible server (vLLM, llama.cpp) often needs no key.
    const key = read('CUSTOM_PROVIDER_API_KEY');
    if (key) Object.assign(provider, { apiKey: key, apiKeySource: 'CUSTOM_PROVIDER_API_KEY' });
    if (provider.models.length === 0) missing.push('CUSTOM_PROVIDER_MODEL');
    add(provider, missing);
  }
  if (wanted('ollama', 'OLLAMA_BASE_URL')) {
    const provider = base('ollama', 'ollama', 'OLLAMA');
    provider.baseUrl = url('OLLAMA_BASE_URL') ?? DEFAULT_OLLAMA_BASE_URL;
    add(provider, []);
  }

  const strategies: Record<string, StrategyConfig> = {};
  const order = roles.length > 0 ? roles : Object.keys(providers);
  if (order.length > 0) {
    strategies.default = {
      name: 'default',
      type: 'priority',
      targets: order.map((provider) => ({ provider })),
      where: `${ENVIRONMENT_SOURCE} (${roles.length > 0 ? ROLE_VARIABLES.filter((variable) => read(variable)).join(', ') : 'every configured provider'})`,
    };
  } else {
    warnings.push('no providers.yaml found and no provider variables set (e.g. OPENAI_API_KEY, OLLAMA_BASE_URL): nothing is configured');
  }
  return {
    source: ENVIRONMENT_SOURCE,
    providers,
    strategies,
    ...(order.length > 0 && { defaultStrategy: 'default' }),
    failover: { ...DEFAULT_FAILOVER },
    budgets: { providers: {} },
    pricing: {},
    logPrompts: false,
    warnings,
  };
}

function modelsFrom(text: string | undefined): string[] {
  if (text === undefined) return [];
  return [...new Set(text.split(',').map((model) => model.trim()).filter((model) => model !== ''))];
}
