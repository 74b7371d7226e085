import { describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/bench/prompts.js';
import { chatRequestFor } from '../../src/bench/split-system.js';
import { resolveTargets } from '../../src/bench/targets.js';
import type { Config } from '../../src/spec/index.js';
import { ConfigError, UsageError } from '../../src/spec/index.js';
import { providerConfig } from '../routing/helpers.js';

describe('parseDataset', () => {
  it('accepts a JSON string, {"prompt"} and {"messages"} per line, skipping blank lines', () => {
    const prompts = parseDataset('"plain"\n\n{"prompt": "wrapped"}\n{"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]}\n', 'd.jsonl');
    expect(prompts).toHaveLength(3);
    expect(prompts[0].messages).toEqual([{ role: 'user', content: 'plain' }]);
    expect(prompts[1].messages).toEqual([{ role: 'user', content: 'wrapped' }]);
    expect(chatRequestFor(prompts[2], 'm', 50)).toEqual({ model: 'm', system: 'be brief', messages: [{ role: 'user', content: 'hi' }], maxTokens: 50 });
  });

  it('names file:line for a bad line', () => {
    expect(() => parseDataset('"ok"\n{oops\n', 'd.jsonl')).toThrow(/^d\.jsonl:2: not valid JSON/);
    expect(() => parseDataset('"ok"\n42\n', 'd.jsonl')).toThrow(/^d\.jsonl:2: expected a JSON string/);
    expect(() => parseDataset('{"messages": [{"role": "robot", "content": "x"}]}', 'd.jsonl')).toThrow(/^d\.jsonl:1: messages\[0\]/);
    expect(() => parseDataset('\n\n', 'd.jsonl')).toThrow(UsageError);
  });
});

const config = {
  providers: {
    a: providerConfig('a', { models: ['a1', 'a2'] }),
    b: providerConfig('b', { models: ['b1'] }),
    off: providerConfig('off', { models: ['x'], unavailableReason: '${X_KEY} is not set' }),
  },
  strategies: { s: { name: 's', type: 'priority', targets: [{ provider: 'a' }] } },
} as unknown as Config;

describe('resolveTargets', () => {
  it('takes each provider\'s first model or --model, splits --targets at the first colon, and adds strategies', () => {
    expect(resolveTargets(config, { providers: 'a,b' }).map((target) => target.id)).toEqual(['a:a1', 'b:b1']);
    expect(resolveTargets(config, { providers: 'a', model: 'a2' }).map((target) => target.id)).toEqual(['a:a2']);
    const [ollamaStyle] = resolveTargets(config, { targets: 'b:llama3.2:latest' });
    expect(ollamaStyle).toMatchObject({ provider: 'b', model: 'llama3.2:latest' });
    expect(resolveTargets(config, { strategy: 's' })[0]).toMatchObject({ id: 'strategy:s', kind: 'strategy', strategy: 's' });
  });

  it('refuses unknown, unusable, duplicate or missing targets with one line', () => {
    expect(() => resolveTargets(config, { providers: 'zzz' })).toThrow(/unknown provider "zzz" \(configured: a, b, off\)/);
    expect(() => resolveTargets(config, { providers: 'off' })).toThrow(ConfigError);
    expect(() => resolveTargets(config, { providers: 'a', targets: 'a:a1' })).toThrow(/named twice/);
    expect(() => resolveTargets(config, { targets: ':m' })).toThrow(/not provider:model/);
    expect(() => resolveTargets(config, {})).toThrow(/name what to bench/);
  });
});
