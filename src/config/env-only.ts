import { Document } from 'yaml';
import { PROVIDER_TYPE_DESCRIPTORS, type ProviderTypeDescriptor } from '../provider-types/index.js';
import { PROVIDER_TYPES, type Config, type ProviderConfig, type ProviderType, type StrategyConfig } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import { DEFAULT_FAILOVER } from './defaults.js';
import { didYouMean } from './did-you-mean.js';
import { ParseContext } from './parse-context.js';
import { parseProviders } from './parse-providers.js';

const ROLE_VARIABLES = ['PRIMARY_PROVIDER', 'SECONDARY_PROVIDER', 'LOCAL_PROVIDER'] as const;

/** The source name of a configuration built from variables alone. */
export const ENVIRONMENT_SOURCE = 'environment';

/** One provider as providers.yaml writes it, with `${VAR}` references for what variables supply. */
export interface RawProviderSettings {
  type: ProviderType;
  api_key?: string;
  base_url?: string;
  endpoint?: string;
  api_version?: string;
  models?: string[];
}

/** What the environment configures, said as providers.yaml would say it. */
export interface EnvironmentSettings {
  /** The `providers:` mapping: name -> settings. Keys appear only as `${VAR}` references, never as values. */
  providers: Record<string, RawProviderSettings>;
  /** Key path (`providers.<name>.<key>`) -> the variable that supplies it, so a bad value is reported as the variable's. */
  variables: Record<string, string>;
  /** The default priority strategy's providers, in order (empty when nothing is configured). */
  defaultOrder: string[];
  /** The role variables that chose `defaultOrder`; empty when it is every configured provider. */
  roleVariables: string[];
}

/**
 * No providers.yaml anywhere: the seed's variables configure one provider per service they mention,
 * and a `default` priority strategy of PRIMARY_PROVIDER, SECONDARY_PROVIDER, LOCAL_PROVIDER (in that
 * order; without any of them, every configured provider, cloud ones first and local ones last).
 * The providers are parsed by the same code as providers.yaml's, from the settings
 * `environmentSettings` builds.
 */
export function configFromEnvironment(env: NodeJS.ProcessEnv): Config {
  const variables = trimmedEnvironment(env);
  const settings = environmentSettings(variables);
  const warnings: string[] = [];
  const providers = parseEnvironmentProviders(settings, variables, warnings);

  const strategies: Record<string, StrategyConfig> = {};
  if (settings.defaultOrder.length > 0) {
    strategies.default = {
      name: 'default',
      type: 'priority',
      targets: settings.defaultOrder.map((provider) => ({ provider })),
      where: `${ENVIRONMENT_SOURCE} (${settings.roleVariables.length > 0 ? settings.roleVariables.join(', ') : 'every configured provider'})`,
    };
  } else {
    warnings.push('no providers.yaml found and no provider variables set (e.g. OPENAI_API_KEY, OLLAMA_BASE_URL): nothing is configured');
  }
  return {
    source: ENVIRONMENT_SOURCE,
    providers,
    strategies,
    ...(settings.defaultOrder.length > 0 && { defaultStrategy: 'default' }),
    failover: { ...DEFAULT_FAILOVER },
    budgets: { providers: {} },
    pricing: {},
    logPrompts: false,
    warnings,
  };
}

/**
 * The providers the variables configure, as providers.yaml settings. A provider is configured when
 * a role names it or a variable that locates or authorizes it (its key or address variable) is
 * set; its api-version variable alone does not. Models come from `<PREFIX>_MODELS` (comma-separated)
 * or `<PREFIX>_MODEL`, else the type's default. Values are read trimmed, and empty means unset.
 * Throws ConfigError naming the variable for a role or provider name that cannot work.
 */
export function environmentSettings(env: NodeJS.ProcessEnv): EnvironmentSettings {
  const read = (name: string): string | undefined => (env[name] && env[name].trim() !== '' ? env[name].trim() : undefined);
  const nameOf = providerNames(read);
  const knownNames = PROVIDER_TYPES.map((type) => nameOf[type]);
  const roles: string[] = [];
  for (const variable of ROLE_VARIABLES) {
    const value = read(variable);
    if (value === undefined) continue;
    if (!knownNames.includes(value)) {
      throw new ConfigError(`${variable}: unknown provider ${JSON.stringify(value)}${didYouMean(value, knownNames)}; expected one of ${knownNames.join(', ')}`);
    }
    if (!roles.includes(value)) roles.push(value);
  }

  const settings: EnvironmentSettings = { providers: {}, variables: {}, defaultOrder: [], roleVariables: ROLE_VARIABLES.filter((variable) => read(variable)) };
  for (const descriptor of ENVIRONMENT_ORDER) {
    const name = nameOf[descriptor.type];
    const configuring = [descriptor.apiKey.variable, descriptor.address.variable].filter((variable) => variable !== undefined);
    if (!roles.includes(name) && !configuring.some((variable) => read(variable) !== undefined)) continue;
    addProvider(settings, name, descriptor, read);
  }
  settings.defaultOrder = roles.length > 0 ? roles : Object.keys(settings.providers);
  return settings;
}

/**
 * Cloud types first, local ones last (each in PROVIDER_TYPES order): the order providers are listed
 * in, and tried in when no role variable orders them.
 */
const ENVIRONMENT_ORDER: readonly ProviderTypeDescriptor[] = [...Object.values(PROVIDER_TYPE_DESCRIPTORS)].sort((a, b) => Number(a.local) - Number(b.local));

/** Each type's provider name: the type, or the value of its name variable (custom's CUSTOM_PROVIDER_NAME). */
function providerNames(read: (name: string) => string | undefined): Record<ProviderType, string> {
  const builtIn = PROVIDER_TYPES.filter((type) => PROVIDER_TYPE_DESCRIPTORS[type].nameVariable === undefined);
  const names = Object.fromEntries(PROVIDER_TYPES.map((type) => [type, type])) as Record<ProviderType, string>;
  for (const type of PROVIDER_TYPES) {
    const variable = PROVIDER_TYPE_DESCRIPTORS[type].nameVariable;
    const name = variable === undefined ? undefined : read(variable);
    if (variable === undefined || name === undefined) continue;
    if (/[\s:]/.test(name)) throw new ConfigError(`${variable}: ${JSON.stringify(name)} may not contain ":" or spaces`);
    if ((builtIn as readonly string[]).includes(name)) throw new ConfigError(`${variable}: ${JSON.stringify(name)} is a built-in provider name; choose another`);
    names[type] = name;
  }
  return names;
}

function addProvider(settings: EnvironmentSettings, name: string, descriptor: ProviderTypeDescriptor, read: (name: string) => string | undefined): void {
  const path = `providers.${name}`;
  const raw: RawProviderSettings = { type: descriptor.type };
  const refer = (key: Exclude<keyof RawProviderSettings, 'type' | 'models'>, variable: string, required: boolean): void => {
    // `${VAR}` unset makes the provider unavailable, naming VAR; `${VAR:-}` unset means "not given".
    raw[key] = required ? `\${${variable}}` : `\${${variable}:-}`;
    settings.variables[`${path}.${key}`] = variable;
  };
  if (descriptor.apiKey.variable !== undefined) refer('api_key', descriptor.apiKey.variable, descriptor.apiKey.required);
  refer(descriptor.address.key, descriptor.address.variable, descriptor.address.requiredHint !== undefined);
  if (descriptor.apiVersion !== undefined) refer('api_version', descriptor.apiVersion.variable, false);

  const prefix = descriptor.models.variablePrefix;
  const modelsVariable = read(`${prefix}_MODELS`) !== undefined ? `${prefix}_MODELS` : `${prefix}_MODEL`;
  const models = modelsFrom(read(modelsVariable));
  if (models.length > 0) {
    // Literal names: a `${` in one is escaped so that it is not read as a reference.
    raw.models = models.map((model) => model.split('${').join('$${'));
    settings.variables[`${path}.models`] = modelsVariable;
  } else if (descriptor.models.default === undefined) {
    // No default to fall back on: the provider is unavailable until the variable names a model.
    raw.models = [`\${${prefix}_MODEL}`];
  }
  settings.providers[name] = raw;
}

/** The shared providers.yaml parser over the settings, as a document built in memory. */
function parseEnvironmentProviders(settings: EnvironmentSettings, env: NodeJS.ProcessEnv, warnings: string[]): Record<string, ProviderConfig> {
  if (Object.keys(settings.providers).length === 0) return {};
  const document = new Document(settings.providers);
  const context = new ParseContext(ENVIRONMENT_SOURCE, document, null, env, settings.variables);
  const providers = parseProviders(context, document.contents, null, DEFAULT_FAILOVER);
  warnings.push(...context.warnings);
  return providers;
}

/** The environment as environment-only configuration reads it: values trimmed, blank ones unset. */
function trimmedEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const trimmed: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') trimmed[name] = value.trim();
  return trimmed;
}

function modelsFrom(text: string | undefined): string[] {
  if (text === undefined) return [];
  return [...new Set(text.split(',').map((model) => model.trim()).filter((model) => model !== ''))];
}
