/*
 * README section "bench metrics" (copied to the README; docs/bench.md holds the full section).
 *
 * Timestamps per request are monotonic (performance.now), taken by llmx itself around the provider
 * call, never by the provider: t_sched intended send time (open loop), t_send just before the call,
 * t_first / t_last the first / last chunk carrying output text, t_end when the response is complete.
 *
 *   TTFT          = t_first − t_send                              streaming only; null (never 0) without --stream
 *   TPOT          = (t_last − t_first) / (output_tokens − 1)      excludes TTFT (llmperf's and GuideLLM's include it)
 *   e2e           = t_end − t_send
 *   inter-chunk   = gaps between consecutive text chunks, pooled over requests (vLLM's "ITL")
 *   output tok/s  = output_tokens / e2e per request; aggregate: Σ output_tokens / window
 *   requests/s    = successful requests / window; window = measurement start → last measured t_end
 *   dispatch delay= t_send − t_sched (open loop)     from intended send = t_end − t_sched (open loop)
 *   error rate    = failed / (ok + failed), by class 429, 5xx, timeout, network, other
 *   cost          = Σ cost of every measured request (failures included); per request = total / (ok + failed);
 *                   per 1M output tokens = total / output_tokens × 10^6; null when any price is unknown
 *
 * Percentiles p50/p90/p95/p99 interpolate linearly between order statistics (numpy's default) and
 * always come with n. A percentile q is marked unreliable when n < ln(0.025)/ln(q)
 * (p50: 6, p90: 36, p95: 72, p99: 368): below that no 97.5% upper confidence bound exists.
 * Failed requests are left out of latency statistics; warm-up requests out of everything but the ledger.
 */

/** The formulas as `llmx bench --help` prints them. */
export const METRICS_HELP = `
Metrics (monotonic timestamps taken by llmx: t_send before the call, t_first/t_last at the first/last
chunk carrying text, t_end when complete, t_sched the intended send time in open loop):
  TTFT         t_first - t_send                        (streaming only; null, never 0, with --no-stream)
  TPOT         (t_last - t_first) / (output_tokens - 1) (excludes the first token)
  e2e          t_end - t_send
  inter-chunk  gaps between consecutive text chunks, pooled over requests
  tokens/s     output_tokens / e2e per request; aggregate = sum of output tokens / window
  requests/s   successful requests / window (measurement start to the last measured t_end)
  dispatch     t_send - t_sched, and t_end - t_sched ("from intended send"), open loop only
  errors       failed / (ok + failed), by class: 429, 5xx, timeout, network, other
  cost         all measured requests, failures included; per request = total / (ok + failed);
               per 1M output tokens = total / output tokens * 1e6; unknown when a price is unknown
Percentiles p50/p90/p95/p99 interpolate linearly (numpy's default) and print with n; one marked *
is unreliable: n < ln(0.025)/ln(q) (p50: 6, p90: 36, p95: 72, p99: 368). Failed requests are out of
latency statistics; warm-up requests out of all statistics, but in the ledger.
The client checks itself: event-loop delay p99 and dispatch delay p99 over 10 ms -> warn; an open
loop achieving under 95% of its scheduled rate -> invalid.`;
