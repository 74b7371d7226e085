import type { StateStore } from '../spec/state.js';
import type { TransferCounts } from './ledger-transfer.js';
import type { Store } from './open-store.js';

/** Attempts read and written per transaction. */
const PAGE_ROWS = 1000;
/** State keys per update (one transaction locking them all). */
const STATE_KEYS = 200;

export interface CopyResult {
  attempts: TransferCounts;
  alerts: TransferCounts;
  /** Present when the routing state was copied too. */
  state?: TransferCounts;
}

/**
 * Copies a ledger (and, with `state`, the routing state) from one store into another, whatever their
 * backends. Idempotent: an attempt the target holds (same request id and attempt number), an alert
 * with the same key, a state key already set in the target are left as they are and counted as
 * present, so a second run copies nothing. Pages of PAGE_ROWS attempts, each in one transaction: an
 * interrupted copy resumes where it stopped when run again.
 */
export async function copyStore(from: Store, to: Store, options: { state?: boolean; onPage?: (copied: TransferCounts) => void } = {}): Promise<CopyResult> {
  const attempts: TransferCounts = { copied: 0, present: 0 };
  for (let afterId = 0; ; ) {
    const page = await from.ledger.exportAttempts(afterId, PAGE_ROWS);
    if (page.length === 0) break;
    const counts = await to.ledger.importAttempts(page.map((row) => row.record));
    attempts.copied += counts.copied;
    attempts.present += counts.present;
    afterId = page[page.length - 1]!.id;
    options.onPage?.(attempts);
  }
  const alerts = await to.ledger.importAlerts(await from.ledger.exportAlerts());
  return { attempts, alerts, ...(options.state && { state: await copyState(from.state, to.state) }) };
}

/** Every key of `from` that `to` has no value for; the target's own values win. */
async function copyState(from: StateStore, to: StateStore): Promise<TransferCounts> {
  const entries = await from.scan('');
  const counts: TransferCounts = { copied: 0, present: 0 };
  for (let start = 0; start < entries.length; start += STATE_KEYS) {
    const batch = entries.slice(start, start + STATE_KEYS);
    const copied = await to.update(
      batch.map(([key]) => key),
      (current) => {
        const set = Object.fromEntries(batch.filter(([key]) => !current.has(key)));
        return { set, result: Object.keys(set).length };
      },
    );
    counts.copied += copied;
    counts.present += batch.length - copied;
  }
  return counts;
}
