import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { openSqliteStore, openStore, type Store } from '../../src/store/index.js';
import { attemptRecord, marchFixture } from '../helpers/attempt-record.js';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { describeWithPostgres, usePostgres } from '../helpers/postgres.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const server = usePostgres();
const tempDir = useTempDirs();

beforeAll(requireBuilt);

/** Every attempt of a store, without its row id, in insertion order. */
async function allRecords(store: Store) {
  const records = [];
  for (let afterId = 0; ; ) {
    const page = await store.ledger.exportAttempts(afterId, 500);
    if (page.length === 0) return records;
    records.push(...page.map((row) => row.record));
    afterId = page[page.length - 1]!.id;
  }
}

/** Months of local use: 2,500 attempts with every field set somewhere, two alerts, some routing state. */
async function localLedger(path: string): Promise<void> {
  const store = openSqliteStore(path);
  store.ledger.insertMany([
    ...marchFixture(),
    ...Array.from({ length: 2500 }, (_, i) =>
      attemptRecord({ requestId: `local-${i}`, attempt: 1 + (i % 2), startedAtMs: Date.UTC(2026, 1, 1) + i * 600_000, tags: i % 3 === 0 ? { team: "o'neil" } : {}, ttftMs: i % 5 === 0 ? null : 12.5, tokensEstimated: i % 7 === 0, ci: i % 2 === 0, runId: i % 11 === 0 ? 'run-1' : null, promptText: i % 13 === 0 ? 'p ✓' : null }),
    ),
  ]);
  for (const key of ['global.daily:2026-02-03:0.8', 'global.monthly:2026-02:0.8']) {
    await store.ledger.claimAlert({ key, budget: 'global', period: '2026-02', provider: null, sinceMs: 0, untilMs: Date.UTC(2027, 0, 1), limitUsd: 0.0001, threshold: 0.8, nowMs: Date.UTC(2026, 1, 3) });
  }
  await store.state.update(['circuit:openai', 'rr:default'], () => ({ set: { 'circuit:openai': { state: 'open', failures: 3 }, 'rr:default': 7 }, result: null }));
  await store.close();
}

describeWithPostgres()('llmx db copy', () => {
  it('moves a local ledger into a shared store and back, idempotently, with counts, every field intact', async () => {
    const dir = tempDir();
    const local = join(dir, 'local.db');
    await localLedger(local);
    const { url, password } = await server().freshDatabase();
    // The shared store already has a circuit of its own: the copy must not overwrite it.
    const shared = await openStore({ path: url });
    await shared.state.update(['circuit:openai'], () => ({ set: { 'circuit:openai': { state: 'closed', failures: 0 } }, result: null }));
    await shared.close();

    const first = await runLlmx(['db', 'copy', '--from', local, '--to', url, '--state', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const rows = marchFixture().length + 2500;
    expect(JSON.parse(first.stdout).data).toMatchObject({
      attempts: { copied: rows, present: 0 },
      alerts: { copied: 2, present: 0 },
      state: { copied: 1, present: 1 },
    });
    const again = await runLlmx(['db', 'copy', '--from', local, '--to', url, '--state']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(
      ['               copied  already there', `attempts            0          ${rows.toLocaleString('en-US')}`, 'budget alerts       0              2', 'state keys          0              2', ''].join('\n'),
    );
    expect(again.stderr).toMatch(/^copied .*local\.db -> postgres:\/\/127\.0\.0\.1:\d+\/\w+\n$/);
    for (const result of [first, again]) expect(result.stdout + result.stderr).not.toContain(password);

    const back = join(dir, 'back.db');
    const returned = await runLlmx(['db', 'copy', '--from', url, '--to', back, '--json']);
    expect(JSON.parse(returned.stdout).data).toMatchObject({ attempts: { copied: rows, present: 0 }, alerts: { copied: 2, present: 0 } });
    expect(JSON.parse(returned.stdout).data.state).toBeUndefined();

    const [original, inShared, inBack] = [openSqliteStore(local), await openStore({ path: url }), openSqliteStore(back)];
    const expected = await allRecords(original);
    expect(await allRecords(inShared)).toEqual(expected);
    expect(await allRecords(inBack)).toEqual(expected);
    expect(await inShared.ledger.exportAlerts()).toEqual(await original.ledger.exportAlerts());
    expect(await inShared.state.get('circuit:openai')).toEqual({ state: 'closed', failures: 0 });
    expect(await inShared.state.get('rr:default')).toBe(7);
    await Promise.all([original.close(), inShared.close(), inBack.close()]);
  });

  it('refuses a --from file that does not exist (creating nothing) and the same store twice', async () => {
    const dir = tempDir();
    const missing = join(dir, 'missing.db');
    const result = await runLlmx(['db', 'copy', '--from', missing, '--to', join(dir, 'to.db')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`llmx: --from ${missing}: no such file; nothing to copy\n`);
    expect(existsSync(missing) || existsSync(join(dir, 'to.db'))).toBe(false);
    const same = await runLlmx(['db', 'copy', '--from', join(dir, 'a.db'), '--to', join(dir, 'a.db')]);
    expect(same.code).toBe(2);
    const unknown = await runLlmx(['db', 'copy', '--from', 'mysql://root:pw-123@h/db', '--to', join(dir, 'a.db')]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^llmx: --from: mysql:\/\/h\/db: llmx has no store/);
  });
});
