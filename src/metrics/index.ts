export { buildMetricsRegistry, renderMetrics, RESPONSE_TIME_BUCKETS_S, CIRCUIT_STATE_VALUE, type MetricsSources } from './build-registry.js';
export { serveMetrics, DEFAULT_METRICS_PORT, type MetricsServer, type ServeMetricsOptions } from './serve.js';
export { pushMetrics, type PushMetricsOptions } from './push.js';
