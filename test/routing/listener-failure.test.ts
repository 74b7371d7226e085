import { afterEach, describe, expect, it, vi } from 'vitest';
import { Router } from '../../src/routing/router.js';
import { MemoryStateStore } from '../../src/store/memory-state-store.js';
import { fakeClock } from '../helpers/fake-clock.js';
import { makeConfig, providerConfig, ScriptedAdapter } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a router event subscriber that throws', () => {
  it('does not fail the request, and is reported as one llmx warning line per failure', async () => {
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const clock = fakeClock();
    const adapter = new ScriptedAdapter('a', [{ ok: 'hi' }]);
    const config = makeConfig([providerConfig('a')], [{ name: 'default', type: 'priority', targets: [{ provider: 'a' }] }]);
    const router = new Router({ config, state: new MemoryStateStore(), adapterFor: async () => adapter, now: clock.now, sleep: clock.sleep });
    router.on((event) => {
      if (event.type === 'attempt-end') throw new Error('ledger is gone');
    });
    const result = await router.ask({ messages: [{ role: 'user', content: 'hello' }] });
    expect(result.text).toBe('hi');
    expect(stderr).toEqual(['llmx: warning: a router event listener failed: ledger is gone\n']);
  });
});
