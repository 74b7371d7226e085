import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../spec/errors.js';

export interface ServeMetricsOptions {
  /** Interface to bind. Default 127.0.0.1 (metrics name your providers; expose them on purpose). */
  host?: string;
  /** TCP port; 0 picks a free one. Default 9464 (the OpenTelemetry Prometheus exporter's port). */
  port?: number;
  /** Builds the exposition; called once per scrape so every scrape reads the ledger afresh. */
  render: () => Promise<{ text: string; contentType: string }>;
  /** Called when a scrape fails to build; the scrape gets a 500. Default: ignore. */
  onError?: (error: unknown) => void;
}

export interface MetricsServer {
  /** `http://host:port/metrics`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_METRICS_PORT = 9464;

/** Serves GET /metrics until closed. A port in use is a UsageError (exit 2): the flag is wrong, not llmx. */
export async function serveMetrics(options: ServeMetricsOptions): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_METRICS_PORT;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path !== '/metrics') {
      response.writeHead(path === '/' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' }).end(path === '/' ? 'llmx metrics: see /metrics\n' : 'not found\n');
      return;
    }
    options.render().then(
      ({ text, contentType }) => response.writeHead(200, { 'content-type': contentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        options.onError?.(error);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('could not build metrics\n');
      },
    );
  });
  await listen(server, host, port);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UsageError(`--port ${port}: ${host}:${port} is already in use`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new UsageError(`--host ${host}: not an address of this machine`));
      else if (error.code === 'EACCES') reject(new UsageError(`--port ${port}: permission denied (ports below 1024 need privileges)`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}
