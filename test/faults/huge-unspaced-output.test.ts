import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkFaultRun, hitsNow, startFaultEnv, type FaultEnv } from './harness.js';

// Fault: a server that reports no usage, answering 512 KB of one letter (no spaces): llmx counts the
// tokens itself. With gpt-tokenizer that count was quadratic: 512 KB took 146 s at 100 % CPU, deaf to
// Ctrl-C and to the attempt's timeout. Now it is bounded (src/providers/estimate-tokens.ts).
const ANSWER_CHARS = 512 * 1024;
let env: FaultEnv;

beforeAll(async () => {
  env = await startFaultEnv([
    { name: 'bulk', protocol: 'openai', models: ['gpt-4o-mini'], omitUsage: true, replyText: 'x'.repeat(ANSWER_CHARS), outputTokens: 64 },
    // A generous timeout: the case is about Ctrl-C staying live, not about speed on a loaded machine.
    { name: 'drip', protocol: 'openai', models: ['gpt-4o-mini'], omitUsage: true, msPerToken: 100, outputTokens: 40, yaml: ['timeout_ms: 30000'] },
  ]);
});
afterAll(() => env?.close());
beforeEach(() => {
  env.freshDb();
});

describe('huge unspaced output without usage', () => {
  it.each([['--no-stream'], ['--stream']])('%s: the whole answer, an estimated count, one row, in seconds', async (mode) => {
    const before = hitsNow(env);
    const result = await env.run(['ask', '--json', mode, '-p', 'bulk', 'say x'], { timeoutMs: 20_000 });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    const { rows, envelope } = checkFaultRun(env, result, { hitsBefore: before, json: true });
    expect(envelope!.data.text).toBe('x'.repeat(ANSWER_CHARS));
    // o200k_base makes 8 letters one token on a run like this: 32,768 tokens counted in the first 256K
    // characters, scaled to the whole.
    expect(envelope!.data.usage).toMatchObject({ output_tokens: ANSWER_CHARS / 8, estimated: true });
    expect(rows).toEqual([expect.objectContaining({ provider: 'bulk', status: 'ok', output_tokens: ANSWER_CHARS / 8, tokens_estimated: 1 })]);
  });

  it('a huge unspaced prompt is counted while Ctrl-C stays live', async () => {
    // 1 MB of random DNA in the prompt: the server reports no usage, so after the answer llmx counts
    // the prompt (128 KB of it took 7 s before and swallowed a SIGINT). The signal goes in as soon as
    // the answer is on stdout: the process exits within seconds, interrupted or already done.
    let seed = 7;
    const dna = Array.from({ length: 1024 * 1024 }, () => 'ACGT'[(seed = (seed * 1103515245 + 12345) % 2147483648) % 4]).join('');
    const before = hitsNow(env);
    const child = env.spawn(['ask', '--stream', '-p', 'drip', '-'], { input: dna, timeoutMs: 60_000 });
    await child.waitFor('stdout', (text) => (text.split(' ').length >= 40 ? true : undefined));
    child.child.kill('SIGINT');
    const signalledAt = Date.now();
    const result = await child.result;
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(result.signal).toBeNull();
    expect([0, 130]).toContain(result.code);
    const { rows } = checkFaultRun(env, result, { hitsBefore: before });
    expect(rows).toEqual([expect.objectContaining({ provider: 'drip', status: 'ok', tokens_estimated: 1 })]);
    expect(rows[0]!.input_tokens).toBeGreaterThan(100_000);
  });
});
