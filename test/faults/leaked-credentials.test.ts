import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkFaultRun, expectNoSecret, hitsNow, ledgerRows, SECRET_KEY, startFaultEnv, URL_PASSWORD, type FaultEnv } from './harness.js';

// Faults: credentials where they can leak. A base_url with user:password@ (fetch refuses it, and the
// refusal quoted the URL whole in -v, --json attempts, health --json and the ledger); a server that
// echoes the Authorization header in its 401; a gateway whose 500 quotes the request's headers and an
// upstream URL with a password. Every line llmx prints or stores is redacted.
let env: FaultEnv;

beforeAll(async () => {
  env = await startFaultEnv([
    { name: 'echoer', protocol: 'openai', models: ['gpt-4o-mini'], yaml: ['retry: {max_attempts: 2, backoff_factor: 1}'] },
    { name: 'gateway', protocol: 'anthropic', models: ['claude-haiku-4-5'], yaml: ['retry: {max_attempts: 2, backoff_factor: 1}'] },
  ]);
});
afterAll(() => env?.close());
beforeEach(() => {
  env.freshDb();
  for (const name of ['echoer', 'gateway']) env.sim.update(name, { script: [] });
});

describe('credentials in a URL', () => {
  it('a base_url with user:password@ is refused as configuration, without showing the password', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const config = join(env.dir, 'userinfo.yaml');
    const url = env.sim.providers.echoer!.baseUrl.replace('http://', `http://fault-user:${URL_PASSWORD}@`);
    writeFileSync(config, `providers:\n  u:\n    type: custom\n    api_key: ${SECRET_KEY}\n    base_url: ${url}\n    models: [m]\n`);
    for (const args of [['ask', '--json', '-v', '-p', 'u', 'hi'], ['health', '--json'], ['config', 'validate'], ['config', 'show']]) {
      const result = await env.run([...args, '--config', config]);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr).toContain('userinfo.yaml:5:15: providers.u.base_url: a URL with user:password@ cannot be used');
      expectNoSecret([result.stdout, result.stderr], args.join(' '));
      if (args.includes('--json')) expect(JSON.parse(result.stdout).data.error.exit_code).toBe(3);
    }
    expect(ledgerRows(env.db)).toEqual([]);
  });
});

describe('a server echoing credentials in its errors', () => {
  it('a 401 quoting the Authorization header: no key in --json, -v, the ledger or health', async () => {
    env.sim.update('echoer', { script: ['echo_auth', 'echo_auth'] });
    const before = hitsNow(env);
    const result = await env.run(['ask', '--json', '-v', '-p', 'echoer', 'hi']);
    expect(result.code).toBe(4);
    const { rows, envelope } = checkFaultRun(env, result, { hitsBefore: before, json: true, verbose: true });
    expect(envelope!.data.attempts).toEqual([expect.objectContaining({ status: 'error', http_status: 401, error_class: 'auth' })]);
    expect(envelope!.data.attempts[0].error).toMatch(/authentication failed \(HTTP 401\); check .*providers\.echoer\.api_key/);
    expect(rows).toEqual([expect.objectContaining({ status: 'error', http_status: 401 })]);
    expect(result.stderr).toMatch(/\[llmx\] \w+ attempt 1 echoer\/gpt-4o-mini failed/);

    const health = await env.run(['health', '--json']);
    expectNoSecret([health.stdout, health.stderr], 'health');
    const echoer = JSON.parse(health.stdout).data.providers.find((provider: { name: string }) => provider.name === 'echoer');
    expect(echoer).toMatchObject({ status: 'down' });
  });

  it('a 500 quoting the headers and an upstream URL with a password: redacted, the rest kept for diagnosis', async () => {
    env.sim.update('gateway', { script: ['echo_request', 'echo_request', 'echo_request'] });
    const before = hitsNow(env);
    const result = await env.run(['ask', '--json', '-v', '-p', 'gateway', 'hi']);
    expect(result.code).toBe(4);
    const { rows, envelope } = checkFaultRun(env, result, { hitsBefore: before, json: true, verbose: true });
    expect(envelope!.data.attempts).toHaveLength(2);
    for (const attempt of envelope!.data.attempts) {
      expect(attempt).toMatchObject({ http_status: 500, error_class: 'server' });
      expect(attempt.error).toContain('upstream http://[redacted]@10.0.0.7:8080/v1 failed for POST /gateway/v1/messages');
    }
    for (const row of rows) expect(row.error_message).toContain('http://[redacted]@10.0.0.7');

    const health = await env.run(['health', '--json']);
    expect(health.code).toBe(4);
    expectNoSecret([health.stdout, health.stderr], 'health');
    const gateway = JSON.parse(health.stdout).data.providers.find((provider: { name: string }) => provider.name === 'gateway');
    expect(gateway.error).toContain('http://[redacted]@10.0.0.7:8080/v1 failed for GET /gateway/v1/models');
  });
});
