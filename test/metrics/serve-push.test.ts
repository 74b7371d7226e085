import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { pushMetrics, serveMetrics, type MetricsServer } from '../../src/metrics/index.js';
import { ExitCode, LlmxError, UsageError } from '../../src/spec/errors.js';
import { freePort } from '../helpers/ports.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function serveCounting(): Promise<{ server: MetricsServer; renders: () => number }> {
  let renders = 0;
  const server = await serveMetrics({ port: 0, render: async () => ({ text: `llmx_test_renders_total ${++renders}\n`, contentType: 'text/plain; version=0.0.4; charset=utf-8' }) });
  closers.push(() => server.close());
  return { server, renders: () => renders };
}

describe('serveMetrics', () => {
  it('rebuilds the exposition on every scrape of /metrics and answers 404 elsewhere', async () => {
    const { server, renders } = await serveCounting();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const first = await fetch(server.url);
    expect(first.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await first.text()).toBe('llmx_test_renders_total 1\n');
    expect(await (await fetch(server.url)).text()).toBe('llmx_test_renders_total 2\n');
    expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    expect(renders()).toBe(2);
  });

  it('a failing build is a 500 for that scrape only', async () => {
    let fail = true;
    const errors: unknown[] = [];
    const server = await serveMetrics({
      port: 0,
      render: async () => {
        if (fail) throw new Error('database is locked');
        return { text: 'ok 1\n', contentType: 'text/plain' };
      },
      onError: (error) => errors.push(error),
    });
    closers.push(() => server.close());
    expect((await fetch(server.url)).status).toBe(500);
    fail = false;
    expect((await fetch(server.url)).status).toBe(200);
    expect(errors).toHaveLength(1);
  });

  it('a port in use is one UsageError line naming the port (exit 2)', async () => {
    const { server } = await serveCounting();
    const attempt = serveMetrics({ port: server.port, render: async () => ({ text: '', contentType: 'text/plain' }) });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(`--port ${server.port}: 127.0.0.1:${server.port} is already in use`);
  });
});

describe('pushMetrics', () => {
  function registryWithOneCounter(): Registry {
    const registry = new Registry();
    new Counter({ name: 'provider_requests_total', help: 'h', labelNames: ['provider', 'status'], registers: [registry] }).inc({ provider: 'a', status: 'ok' }, 3);
    return registry;
  }

  it('PUTs the whole registry to /metrics/job/<job> on the gateway', async () => {
    const received: Array<{ method?: string; url?: string; body: string }> = [];
    const gateway = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, body });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => gateway.close(() => resolve())));
    const { port } = gateway.address() as AddressInfo;
    await pushMetrics({ url: `http://127.0.0.1:${port}`, registry: registryWithOneCounter(), jobName: 'ci-run' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'PUT', url: '/metrics/job/ci-run' });
    expect(received[0].body).toContain('provider_requests_total{provider="a",status="ok"} 3');
  });

  it('an unreachable gateway is one line, exit 4', async () => {
    const port = await freePort();
    const attempt = pushMetrics({ url: `http://127.0.0.1:${port}`, registry: registryWithOneCounter() });
    await expect(attempt).rejects.toBeInstanceOf(LlmxError);
    await expect(attempt).rejects.toMatchObject({ exitCode: ExitCode.provider, message: `could not push metrics to http://127.0.0.1:${port}: ECONNREFUSED` });
  });

  it('a gateway refusing the push is exit 4 with its status; a non-URL is a usage error', async () => {
    const gateway = createServer((_request, response) => response.writeHead(400).end('text format parsing error'));
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => gateway.close(() => resolve())));
    const { port } = gateway.address() as AddressInfo;
    await expect(pushMetrics({ url: `http://127.0.0.1:${port}`, registry: registryWithOneCounter() })).rejects.toMatchObject({ exitCode: 4, message: expect.stringContaining('status 400') });
    await expect(pushMetrics({ url: 'not a url', registry: registryWithOneCounter() })).rejects.toBeInstanceOf(UsageError);
  });
});
