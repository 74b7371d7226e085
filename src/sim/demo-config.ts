import type { SimConfig } from './types.js';

/** Three providers, one per OpenAI / Anthropic / Ollama protocol, with small realistic delays. */
export function demoSimConfig(): SimConfig {
  return {
    seed: 1,
    providers: [
      { name: 'sim-openai', protocol: 'openai', models: ['gpt-4o-mini', 'gpt-4o'], ttftMs: 40, msPerToken: 8, outputTokens: 24 },
      { name: 'sim-anthropic', protocol: 'anthropic', models: ['claude-haiku-4-5', 'claude-sonnet-4-6'], ttftMs: 120, msPerToken: 12, outputTokens: 24 },
      { name: 'sim-ollama', protocol: 'ollama', models: ['llama3.2:latest'], ttftMs: 60, msPerToken: 15, outputTokens: 24 },
    ],
  };
}

/** What `llmx simulate` serves without --config: the demo trio plus an Azure deployment and an OpenAI-compatible server that never reports usage. */
export function defaultSimulateConfig(): SimConfig {
  const demo = demoSimConfig();
  return {
    ...demo,
    providers: [
      ...demo.providers,
      { name: 'sim-azure', protocol: 'azure_openai', models: ['gpt-4o-mini'], ttftMs: 50, msPerToken: 8, outputTokens: 24 },
      { name: 'sim-custom', protocol: 'openai', models: ['local-model'], ttftMs: 30, msPerToken: 10, outputTokens: 24, omitUsage: true },
    ],
  };
}
