import type { ProviderType } from '../spec/config.js';

/** A vendor whose list prices the bundled table holds (a bundled price's `family`). */
export type PriceFamily = 'openai' | 'anthropic';

/**
 * Everything llmx knows about one provider type that is not translation: what providers.yaml
 * accepts and defaults for it, which variables configure it when there is no providers.yaml, whose
 * prices apply. Pure data, readable without loading any SDK: config, pricing, the adapter factory,
 * and (later) `llmx config init` and `llmx models` read it. The SDK-loading factory is the one piece
 * that is not here: it lives in `src/providers/adapter-factories.ts`, keyed by the same type.
 */
export interface ProviderTypeDescriptor<T extends ProviderType = ProviderType> {
  readonly type: T;
  /** The service as people name it (headings, comments in a generated providers.yaml). */
  readonly label: string;
  readonly apiKey: {
    /**
     * Without a key the provider is unavailable (a call could only fail with 401). A required key
     * that providers.yaml omits is read from `variable`, as the vendor's SDK itself would; an
     * optional one is only ever what the file says.
     */
    readonly required: boolean;
    /** The variable holding the key (environment-only configuration; see `required`). */
    readonly variable?: string;
  };
  /** Where the server is. */
  readonly address: {
    /** The providers.yaml key: `base_url` (the API base URL) or `endpoint` (a resource URL, Azure). */
    readonly key: 'base_url' | 'endpoint';
    /** The variable holding it in environment-only configuration. */
    readonly variable: string;
    /** Used when the key is unset; without one (and not required), the SDK's own default applies. */
    readonly default?: string;
    /** Set when the type cannot work without an address: the hint after "required for type X". */
    readonly requiredHint?: string;
  };
  /** Only for types with an API version (Azure's api-version query parameter). */
  readonly apiVersion?: {
    /** The variable holding it in environment-only configuration. */
    readonly variable: string;
    /** Used when api_version (or the variable) is unset. */
    readonly default: string;
  };
  readonly models: {
    /** The model used when `models:` is omitted; none means `models:` is required. */
    readonly default?: string;
    /** Environment-only configuration reads `<PREFIX>_MODELS` (comma-separated), else `<PREFIX>_MODEL`. */
    readonly variablePrefix: string;
  };
  /**
   * Only for types on the OpenAI wire: whether a stream asks for the server's usage with
   * `stream_options: {include_usage: true}` when `stream_usage:` is not set. A server that answers
   * 400 naming stream_options is asked again without it (and remembered), whatever this says.
   */
  readonly streamUsage?: { readonly default: boolean };
  /** Calls cost nothing by default (ProviderConfig.local). */
  readonly local: boolean;
  /**
   * Whose bundled list prices apply: a vendor, 'free' (costs 0), or null (no vendor: only `pricing:`
   * or a model's `price_as` prices it).
   */
  readonly priceFamily: PriceFamily | 'free' | null;
  /**
   * Environment-only configuration names the provider after its type, or after this variable's
   * value when set (so that a user's own endpoint can carry its own name).
   */
  readonly nameVariable?: string;
}
