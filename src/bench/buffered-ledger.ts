import type { AttemptRecord, Ledger } from '../spec/index.js';

/**
 * A Ledger that holds inserts in memory until `drain()`: the ledger recorder prices and shapes the
 * rows, and they land in one transaction (when the store offers `insertMany`) rather than one write
 * per attempt.
 */
export class BufferedLedger implements Ledger {
  private buffer: AttemptRecord[] = [];

  constructor(private readonly target: Ledger & { insertMany?(records: Iterable<AttemptRecord>): number | Promise<number> }) {}

  async insert(record: AttemptRecord): Promise<void> {
    this.buffer.push(record);
  }

  /** Writes every buffered row to the real ledger; returns how many. */
  async drain(): Promise<number> {
    const records = this.buffer;
    this.buffer = [];
    if (records.length === 0) return 0;
    if (this.target.insertMany) return this.target.insertMany(records);
    for (const record of records) await this.target.insert(record);
    return records.length;
  }

  get pending(): number {
    return this.buffer.length;
  }

  summarizeByProvider(...args: Parameters<Ledger['summarizeByProvider']>) {
    return this.target.summarizeByProvider(...args);
  }

  latencySamples(...args: Parameters<Ledger['latencySamples']>) {
    return this.target.latencySamples(...args);
  }

  latencyHistogram(...args: Parameters<Ledger['latencyHistogram']>) {
    return this.target.latencyHistogram(...args);
  }
}
