import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { readCircuit, recordCircuitFailure } from '../../src/resilience/circuit-breaker.js';
import { openStore } from '../../src/store/index.js';
import { completeLines, requireBuilt, spawnNode, type Spawned } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

// Real node processes sharing one SQLite file: the state must be right across processes.
const child = fileURLToPath(new URL('./fixtures/route-child.mjs', import.meta.url));
const tempDir = useTempDirs('llmx-routing-');

interface ChildRun {
  process: Spawned['child'];
  /** The complete lines printed so far. */
  readonly lines: string[];
  stderr(): string;
  /** Resolves with the first line matching. */
  line(predicate: (line: string) => boolean): Promise<string>;
  exited: Promise<number | null>;
}

function startChild(options: Record<string, unknown>): ChildRun {
  const spawned = spawnNode(child, [JSON.stringify(options)], { timeoutMs: 110_000 });
  return {
    process: spawned.child,
    get lines() {
      return completeLines(spawned.stdout());
    },
    stderr: spawned.stderr,
    exited: spawned.result.then((run) => run.code),
    line: (predicate) => spawned.waitFor('stdout', (stdout) => completeLines(stdout).find(predicate)),
  };
}

function resultOf(run: ChildRun): { provider?: string; attempts?: string[]; error?: string; exitCode?: number } {
  const line = run.lines.find((entry) => entry.startsWith('{'));
  if (!line) throw new Error(`child printed no result: ${run.lines.join(' | ')}; stderr: ${run.stderr()}`);
  return JSON.parse(line);
}

let db: string;
beforeEach(() => {
  requireBuilt();
  db = join(tempDir(), 'llmx.db');
});

describe('across processes on one database file', () => {
  it('round robin: 30 concurrent processes split exactly 10/10/10 (the cursor advances atomically)', async () => {
    const runs = Array.from({ length: 30 }, () => startChild({ db, strategy: 'rr' }));
    await Promise.all(runs.map((run) => run.exited));
    const counts: Record<string, number> = {};
    for (const run of runs) {
      const { provider } = resultOf(run);
      counts[provider!] = (counts[provider!] ?? 0) + 1;
    }
    expect(counts).toEqual({ a: 10, b: 10, c: 10 });
  });

  it('round robin: successive processes rotate strictly', async () => {
    const picks: string[] = [];
    for (let i = 0; i < 6; i++) {
      const run = startChild({ db, strategy: 'rr' });
      await run.exited;
      picks.push(resultOf(run).provider!);
    }
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('half-open circuit: exactly one probe across 8 concurrent processes; a dead prober frees the probe after its lease', async () => {
    const settings = { maxFailures: 3, recoveryTimeoutMs: 300_000 };
    const store = await openStore({ path: db });
    try {
      for (let i = 0; i < 3; i++) await recordCircuitFailure(store.state, 'a', settings, Date.now() - 301_000, 'server', '500');
      expect((await readCircuit(store.state, 'a', settings, Date.now())).status).toBe('half-open');
    } finally {
      store.close();
    }
    // a hangs: whoever probes it holds the probe until killed.
    const runs = Array.from({ length: 8 }, () => startChild({ db, strategy: 'chain', hang: ['a'] }));
    const prober = await Promise.race(runs.map((run) => run.line((line) => line === 'calling a').then(() => run)));
    const others = runs.filter((run) => run !== prober);
    await Promise.all(others.map((run) => run.exited));
    for (const run of others) {
      expect(run.lines).not.toContain('calling a');
      expect(resultOf(run)).toMatchObject({ provider: 'b', attempts: ['a:skipped', 'b:ok'] });
    }
    // The prober dies without settling: its probe lease (timeout 60 s + margin) must expire, not last forever.
    prober.process.kill('SIGKILL');
    await prober.exited;
    const soon = startChild({ db, strategy: 'chain' });
    await soon.exited;
    expect(resultOf(soon).provider).toBe('b');
    const later = startChild({ db, strategy: 'chain', offsetMs: 66_000 });
    await later.exited;
    expect(later.lines).toContain('calling a');
    expect(resultOf(later)).toMatchObject({ provider: 'a' });
    const check = await openStore({ path: db });
    try {
      expect((await readCircuit(check.state, 'a', settings, Date.now() + 66_000)).status).toBe('closed');
    } finally {
      check.close();
    }
  });

  it('requests_per_minute is shared: 8 concurrent processes on a limit of 5 -> 5 answered, 3 refused with the limit named', async () => {
    const runs = Array.from({ length: 8 }, () => startChild({ db, strategy: 'limited', maxWaitMs: 0 }));
    await Promise.all(runs.map((run) => run.exited));
    const results = runs.map(resultOf);
    expect(results.filter((result) => result.provider === 'limited')).toHaveLength(5);
    const refused = results.filter((result) => result.error);
    expect(refused).toHaveLength(3);
    for (const result of refused) {
      expect(result.exitCode).toBe(4);
      expect(result.error).toMatch(/^limited: requests_per_minute 5 reached; next slot in \d+\.\d s$/);
    }
  });
});
