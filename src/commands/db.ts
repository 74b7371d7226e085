import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { StoreError, UsageError } from '../spec/errors.js';
import { renderTable } from '../shared/table.js';
import { globalOptions, note, printJson, tableOptions } from './output.js';

interface CopyOptions {
  from: string;
  to: string;
  state?: boolean;
}

/** `llmx db ...`: the store itself. `db copy` moves a ledger between a SQLite file and a shared PostgreSQL database. */
export function registerDb(program: Command): void {
  const db = program.command('db').description('work on the store itself (a SQLite file or a postgres:// database)');
  db.command('copy')
    .description('copy the ledger (and with --state the routing state) from one store to another; run twice, nothing is copied twice')
    .requiredOption('--from <path|url>', 'the store to read (a SQLite file or a postgres:// URL); its rows are only read')
    .requiredOption('--to <path|url>', 'the store to write (created and migrated when new)')
    .option('--state', 'copy the routing state too (circuits, cursors, rate windows, latency); keys the target already holds keep their values')
    .action(async (options: CopyOptions, command: Command) => {
      await runCopy(options, command);
    });
}

async function runCopy(options: CopyOptions, command: Command): Promise<void> {
  const globals = globalOptions(command);
  const { copyStore, openStore, parseStoreLocation } = await import('../store/index.js');
  const from = parseStoreLocation(options.from, '--from');
  const to = parseStoreLocation(options.to, '--to');
  if (from.kind === to.kind && (from.kind === 'sqlite' ? from.path === (to as typeof from).path : from.shown === to.shown)) {
    throw new UsageError(`--from and --to are the same store (${from.shown})`);
  }
  if (from.kind === 'sqlite' && !existsSync(from.path)) throw new StoreError(`--from ${from.path}: no such file; nothing to copy`);
  const source = await openStore({ path: options.from, source: '--from' });
  try {
    const target = await openStore({ path: options.to, source: '--to' });
    try {
      const progress = process.stderr.isTTY && !globals.json;
      const result = await copyStore(source, target, {
        state: options.state,
        onPage: progress ? (counts) => process.stderr.write(`\rattempts: ${counts.copied} copied, ${counts.present} already there`) : undefined,
      });
      if (progress) process.stderr.write('\r\u001b[2K');
      if (globals.json) {
        printJson('db copy', { from: source.path, to: target.path, ...result });
        return;
      }
      note(`copied ${source.path} -> ${target.path}`);
      const rows = [
        { what: 'attempts', ...result.attempts },
        { what: 'budget alerts', ...result.alerts },
        ...(result.state ? [{ what: 'state keys', ...result.state }] : []),
      ];
      const table = renderTable(
        [
          { header: '', value: (row: (typeof rows)[number]) => row.what },
          { header: 'copied', value: (row) => row.copied.toLocaleString('en-US'), align: 'right' },
          { header: 'already there', value: (row) => row.present.toLocaleString('en-US'), align: 'right' },
        ],
        rows,
        tableOptions(globals),
      );
      process.stdout.write(`${table.text}\n`);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
