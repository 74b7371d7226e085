import type { StateStore } from '../spec/index.js';
import { UsageError } from '../spec/index.js';
import type { BenchReport } from './types.js';

/**
 * Saved runs live in the StateStore under `bench:<runId>` (the per-request rows are in the ledger,
 * tagged with the run id): a summary is all --compare needs, and any StateStore backend can hold it.
 */
export const RUN_KEY_PREFIX = 'bench:';

export async function saveRun(state: StateStore, report: BenchReport): Promise<void> {
  const key = `${RUN_KEY_PREFIX}${report.run_id}`;
  // The compare section refers to another run; saving it would nest runs inside runs.
  const { compare: _compare, ...summary } = report;
  await state.update([key], () => ({ set: { [key]: summary }, result: undefined }));
}

export async function loadRun(state: StateStore, runId: string): Promise<BenchReport> {
  const report = await state.get<BenchReport>(`${RUN_KEY_PREFIX}${runId}`);
  if (!report || report.schema !== 'bench/1') {
    const recent = (await state.scan(RUN_KEY_PREFIX))
      .map(([key]) => key.slice(RUN_KEY_PREFIX.length))
      .sort()
      .slice(-3);
    throw new UsageError(`--compare: no saved bench run "${runId}"${recent.length > 0 ? ` (recent: ${recent.join(', ')})` : ''}`);
  }
  return report;
}

/** Sortable and unique enough for one machine: UTC time to the second plus 4 random hex digits. */
export function newRunId(now: Date = new Date(), random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
  const suffix = Math.floor(random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `${stamp}-${suffix}`;
}
