import { describe, expect, it } from 'vitest';
import { createDebugLog } from '../../src/routing/debug-log.js';
import { Router } from '../../src/routing/router.js';
import { MemoryStateStore } from '../../src/store/memory-state-store.js';
import { fakeClock } from '../helpers/fake-clock.js';
import { callError, makeConfig, providerConfig, ScriptedAdapter } from './helpers.js';

describe('createDebugLog', () => {
  it('writes one line per decision, attempt, retry and failover, without prompt text', async () => {
    const adapters = {
      a: new ScriptedAdapter('a', [{ error: callError('a', 'server', 503) }, { error: callError('a', 'auth', 401) }]),
      b: new ScriptedAdapter('b', [{ ok: 'secret answer', latencyMs: 42 }]),
    };
    const clock = fakeClock();
    const router = new Router({
      config: makeConfig([providerConfig('a'), providerConfig('b')], [{ name: 'default', type: 'priority', targets: [{ provider: 'a' }, { provider: 'b' }] }]),
      state: new MemoryStateStore(),
      adapterFor: async (provider) => adapters[provider.name as 'a' | 'b'],
      now: clock.now,
      sleep: clock.sleep,
      random: () => 1,
    });
    const lines: string[] = [];
    router.on(createDebugLog((line) => lines.push(line)));
    await router.ask({ messages: [{ role: 'user', content: 'secret prompt' }] }, { requestId: 'abcdef0123456789' });
    expect(lines).toEqual([
      'abcdef01 decision default: a/a-model -> b/b-model (priority chain: a (a-model) first as configured; then b)',
      'abcdef01 attempt 1 a/a-model',
      'abcdef01 attempt 1 a/a-model failed in 0 ms: 503 server: server from a',
      'abcdef01 retry a/a-model in 500 ms (attempt 2): 503 server: retrying in 0.5 s',
      'abcdef01 attempt 2 a/a-model',
      'abcdef01 attempt 2 a/a-model failed in 0 ms: 401 auth: auth from a',
      'abcdef01 failover a/a-model -> b/b-model: a (a-model): 401 auth: auth from a',
      'abcdef01 attempt 3 b/b-model',
      'abcdef01 attempt 3 b/b-model ok in 42 ms, 10+5 tokens',
    ]);
    expect(lines.join('\n')).not.toContain('secret');
  });
});
