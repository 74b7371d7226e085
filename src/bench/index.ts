// The bench engine: `llmx bench` and library users call runBenchCommand, or runBench with their own executor.
export { runBenchCommand, type BenchCommandOptions, type BenchCommandResult, type ProgressMode } from './bench-command.js';
export { runBench, type BenchRun, type RunBenchOptions } from './runner.js';
export { buildReport, targetReport, type RunSettings } from './report.js';
export { summarize, percentile, minSamplesFor } from './stats.js';
export { requestMetrics, type RequestMetrics } from './request-metrics.js';
export { compareRuns } from './compare.js';
export { renderReportTable, renderCompareTable } from './render-table.js';
export { renderCsv } from './render-csv.js';
export { loadRun, saveRun, newRunId } from './run-store.js';
export { METRICS_HELP } from './README-metrics.js';
export type * from './types.js';
