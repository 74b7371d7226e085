// The library API, as the setup guide's Python examples, in TypeScript-compiled JavaScript.
// Run after `npm run build`:  node examples/library.mjs
// It starts llmx's provider simulator on 127.0.0.1, so it needs no API key and no network.
// In your own project: `from 'llmx'`.
import { FailoverConfig, ProviderManager, RoundRobinStrategy, WeightedRoundRobinStrategy, startSimulator } from '../dist/index.js';

const sim = await startSimulator(
  {
    providers: [
      { name: 'openai', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 20, outputTokens: 8 },
      { name: 'anthropic', protocol: 'anthropic', models: ['claude-3-5-haiku-latest'], ttftMs: 40, outputTokens: 8 },
      { name: 'ollama', protocol: 'ollama', models: ['llama3.2'], ttftMs: 10, outputTokens: 8 },
    ],
  },
  { port: 0 },
);

// A providers.yaml pointing at the simulator; a real one would say ${OPENAI_API_KEY} and the real URLs.
const configText = `
providers:
  openai:
    type: openai
    api_key: sk-simulated
    base_url: ${sim.providers.openai.baseUrl}
    models: [gpt-4o-mini]
    retry: {max_attempts: 2, backoff_factor: 2}
  anthropic:
    type: anthropic
    api_key: sk-simulated
    base_url: ${sim.providers.anthropic.baseUrl}
    models: [claude-3-5-haiku-latest]
  ollama:
    type: ollama
    base_url: ${sim.providers.ollama.baseUrl}
    models: [llama3.2]
`;

try {
  // Round robin: each call goes to the next provider.
  const providerManager = new ProviderManager({ configText });
  providerManager.setStrategy(new RoundRobinStrategy({ providers: ['openai', 'anthropic', 'ollama'] }));
  for (let i = 0; i < 3; i++) {
    const response = await providerManager.complete({ prompt: 'Explain quantum computing', maxTokens: 50 });
    console.log(`round_robin: ${response.provider} answered "${response.text.slice(0, 40)}" in ${Math.round(response.latencyMs)} ms`);
  }

  // Weighted round robin: half of the calls to openai, 30% anthropic, 20% ollama.
  providerManager.setStrategy(new WeightedRoundRobinStrategy({ providers: { openai: 0.5, anthropic: 0.3, ollama: 0.2 } }));
  const counts = {};
  for (let i = 0; i < 10; i++) {
    const { provider } = await providerManager.complete({ prompt: 'Say hi', maxTokens: 10 });
    counts[provider] = (counts[provider] ?? 0) + 1;
  }
  console.log(`weighted_round_robin: ${JSON.stringify(counts)}`);

  // Failover: openai is down; anthropic answers, and after max_failures openai's circuit opens.
  sim.update('openai', { errorRates: { 500: 1 } });
  const failover = new ProviderManager({ configText });
  failover.configureFailover(
    new FailoverConfig({ primaryProvider: 'openai', fallbackProviders: ['anthropic', 'ollama'], healthCheckInterval: 60, maxFailures: 2, recoveryTimeout: 300 }),
  );
  const response = await failover.complete({ prompt: 'Explain quantum computing', maxTokens: 50 });
  const tried = response.attempts.map((attempt) => `${attempt.provider}:${attempt.status}`).join(' ');
  console.log(`failover: ${response.provider} answered after ${tried}`);
  const explained = await failover.explain();
  console.log(`failover: openai circuit ${explained.targets[0].circuit}; next call would try ${explained.wouldTry?.provider}`);
} finally {
  await sim.close();
}
