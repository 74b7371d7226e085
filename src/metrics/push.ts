import { Pushgateway, type Registry } from 'prom-client';
import { ExitCode, LlmxError, UsageError } from '../spec/errors.js';

export interface PushMetricsOptions {
  /** Pushgateway base URL, e.g. http://127.0.0.1:9091. */
  url: string;
  registry: Registry;
  /** The `job` grouping label. Default "llmx". */
  jobName?: string;
  /** Give up after this many ms. Default 10000. */
  timeoutMs?: number;
}

/**
 * PUTs the registry to a Pushgateway, replacing the job's previous push (the registry holds the
 * complete ledger totals, so nothing is lost). An unreachable or refusing gateway is exit 4, like
 * any other remote service that did not answer.
 */
export async function pushMetrics(options: PushMetricsOptions): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new UsageError(`--push ${JSON.stringify(options.url)}: not a URL (expected e.g. http://127.0.0.1:9091)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--push ${options.url}: only http and https URLs are supported`);
  const gateway = new Pushgateway(options.url, { timeout: options.timeoutMs ?? 10_000 }, options.registry);
  try {
    await gateway.push({ jobName: options.jobName ?? 'llmx' });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new LlmxError(`could not push metrics to ${parsed.origin}: ${reason}`, ExitCode.provider, { cause: error });
  }
}
