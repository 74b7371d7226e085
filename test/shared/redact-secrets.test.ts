import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../src/shared/redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    ['userinfo in a URL', 'connect failed: http://admin:hunter2pass@10.1.2.3:8080/v1/chat', `connect failed: http://${REDACTED}@10.1.2.3:8080/v1/chat`],
    ['a bare user in a URL', 'see https://svc-user@proxy.test/v1', `see https://${REDACTED}@proxy.test/v1`],
    ['key-shaped query values', 'GET https://x.test/v1?api-version=2024&api_key=abc123&sig=Zm9v%2Fbar', `GET https://x.test/v1?api-version=2024&api_key=${REDACTED}&sig=${REDACTED}`],
    ['an access token in a query', '/path?access_token=ya29.a0AfH6&x=1', `/path?access_token=${REDACTED}&x=1`],
    ['a vendor key', 'Incorrect API key provided: sk-proj-abc123****wxyz.', `Incorrect API key provided: ${REDACTED}.`],
    ['an echoed Authorization header', 'bad header authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc', `bad header authorization: ${REDACTED}`],
    ['a JSON api_key field', '{"api_key": "live-0123456789"}', `{"api_key": "${REDACTED}"}`],
    ['a bare Basic credential', 'proxy wants Basic dXNlcjpwYXNzMQ==', `proxy wants Basic ${REDACTED}`],
    ['an Azure key (32 hex)', 'key 0123456789abcdef0123456789abcdef rejected', `key ${REDACTED} rejected`],
  ])('removes %s', (_what, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('removes a known secret wherever it appears, whatever its shape', () => {
    expect(redactSecrets('echo: plain-looking-secret!', ['plain-looking-secret!'])).toBe(`echo: ${REDACTED}`);
  });

  it.each([
    'connect ECONNREFUSED 127.0.0.1:8080',
    'max_tokens: 4096 is too large for this model',
    'basic information about the request is missing',
    'providers.yaml:3:14: providers.openai.api_key: expected a string',
    'https://api.example.test/v1/chat/completions?api-version=2024-10-21',
    'rate limited (HTTP 429): Please try again in 20s. Tokens per min (TPM): Limit 30000',
  ])('keeps text with no secret in it as it is: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
