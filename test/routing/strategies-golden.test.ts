import { describe, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';
import { recordCircuitFailure } from '../../src/resilience/circuit-breaker.js';
import { recordLatencySample } from '../../src/resilience/latency-stats.js';
import { blockUntil, rateKey, type RateState } from '../../src/resilience/rate-limiter.js';
import { inspectStrategies, lookOnlyRouter } from '../../src/routing/inspection.js';
import { renderExplanation, renderStrategyList } from '../../src/routing/render-strategies.js';
import { createStyle } from '../../src/shared/color.js';
import { MemoryStateStore } from '../../src/store/index.js';
import { expectGolden, GOLDEN_COLUMNS } from '../helpers/golden.js';

// What `llmx strategies` prints while a circuit is open and a provider is blocked by a 429: the
// seconds left depend on the wall clock, so this runs the real inspection in-process at a fixed
// instant (the CLI golden in test/e2e/tables-golden.test.ts covers the rest, end to end).
const NOW_MS = Date.UTC(2026, 2, 10, 9, 0);

const YAML = `providers:
  openai: {type: openai, api_key: sk-test, models: [gpt-4o], failover: {max_failures: 3, recovery_timeout: 120}}
  anthropic: {type: anthropic, api_key: sk-test, models: [claude-sonnet-4-5], rate_limit: {requests_per_minute: 50}}
  ollama: {type: ollama, models: [llama3.2]}
strategies:
  default:
    provider: openai
    fallback_providers: [anthropic, ollama]
  cheapest:
    type: least_cost
    providers: [openai, anthropic, ollama]
`;

async function lookingRouter() {
  const config = parseConfigText(YAML, 'providers.yaml', {});
  const state = new MemoryStateStore();
  // openai failed three times 45 s ago: open for another 75 s. anthropic answered a 429 with retry-after 30 s, 12 s ago.
  for (let i = 0; i < 3; i++) await recordCircuitFailure(state, 'openai', { maxFailures: 3, recoveryTimeoutMs: 120_000 }, NOW_MS - 45_000, 'server', '503 from openai');
  await state.update([rateKey('anthropic')], (current) => ({ set: { [rateKey('anthropic')]: blockUntil(current.get(rateKey('anthropic')) as RateState | undefined, NOW_MS + 18_000) }, result: undefined }));
  await recordLatencySample(state, 'ollama', { ok: true, latencyMs: 820, ttftMs: 95 }, NOW_MS - 60_000);
  const router = lookOnlyRouter({ config, state, now: () => NOW_MS, priceOf: () => null });
  return { config, router };
}

describe.each(GOLDEN_COLUMNS)('strategies goldens at %i columns', (columns) => {
  it('strategies-open-circuit: an open circuit, a 429 block, and why each target is skipped', async () => {
    const { config, router } = await lookingRouter();
    const list = await inspectStrategies(router, config);
    expectGolden('strategies-open-circuit', `${renderStrategyList(list.map((entry) => ({ title: entry.strategy.name, type: entry.strategy.type, targets: entry.targets })), { style: createStyle(false), width: columns })}\n`, { columns });
  });

  it('strategies-explain-open-circuit: explain skips both and would try ollama', async () => {
    const { router } = await lookingRouter();
    expectGolden('strategies-explain-open-circuit', `${renderExplanation(await router.explain('default', { messages: [] }), { style: createStyle(false), width: columns })}\n`, { columns });
  });
});
