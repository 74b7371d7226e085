import { describe, expect, it } from 'vitest';
import { SweptDeadlines } from '../../src/routing/attempt/deadlines.js';

describe('SweptDeadlines', () => {
  it('aborts an attempt past its deadline at the next sweep, and says it timed out', () => {
    let nowMs = 0;
    const deadlines = new SweptDeadlines(() => nowMs);
    const run = new AbortController();
    const slow = deadlines.begin(run.signal, 50);
    const patient = deadlines.begin(run.signal, 500);
    nowMs = 49;
    deadlines.sweep();
    expect(slow.signal.aborted).toBe(false);
    nowMs = 60;
    deadlines.sweep();
    expect(slow.signal.aborted).toBe(true);
    expect(slow.timedOut()).toBe(true);
    expect(patient.signal.aborted).toBe(false);
    slow.release();
    patient.release();
  });

  it('aborts everything in flight with one listener when the run is aborted, but not released attempts', () => {
    const deadlines = new SweptDeadlines(() => 0);
    const run = new AbortController();
    const done = deadlines.begin(run.signal, 1000);
    done.release();
    const attempts = Array.from({ length: 50 }, () => deadlines.begin(run.signal, 1000));
    run.abort();
    expect(attempts.every((attempt) => attempt.signal.aborted && !attempt.timedOut())).toBe(true);
    expect(done.signal.aborted).toBe(false);
    for (const attempt of attempts) attempt.release();
    // A run already aborted gives an already aborted attempt.
    const late = deadlines.begin(run.signal, 1000);
    expect(late.signal.aborted).toBe(true);
    late.release();
  });
});
