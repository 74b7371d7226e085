import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { BenchProgress } from '../../src/bench/progress.js';
import { BenchProgressView } from '../../src/ui/bench-progress.js';

afterEach(() => cleanup());

const progress = (overrides: Partial<BenchProgress> = {}): BenchProgress => ({
  phase: 'measure',
  elapsedMs: 1500,
  durationMs: null,
  targets: [
    { id: 'sim-openai:gpt-4o-mini', total: 20, ok: 10, failed: 0, warmupDone: 1, p50E2eMs: 123.4, p50TtftMs: 41.2 },
    { id: 'sim-anthropic:claude', total: 20, ok: 3, failed: 2, warmupDone: 1, p50E2eMs: null, p50TtftMs: null },
  ],
  ...overrides,
});

describe('BenchProgressView', () => {
  it('shows a bar, the count, running medians and errors per target', () => {
    const { lastFrame } = render(<BenchProgressView progress={progress()} color={false} barWidth={10} />);
    const frame = lastFrame()!;
    const [heading, first, second] = frame.split('\n');
    expect(heading).toContain('measuring 1.5 s');
    expect(first).toContain('sim-openai:gpt-4o-mini');
    expect(first).toContain('█████░░░░░');
    expect(first).toContain('10/20');
    expect(first).toContain('p50 e2e   123 ms');
    expect(first).toContain('ttft    41 ms');
    expect(first).toContain('errors 0');
    expect(second).toContain('███░░░░░░░'); // 5/20 of 10 cells, rounded
    expect(second).toContain('5/20');
    expect(second).toContain('p50 e2e        –');
    expect(second).toContain('errors 2');
  });

  it('re-renders with new progress and shows time when bounded by duration only', () => {
    const { lastFrame, rerender } = render(<BenchProgressView progress={progress({ phase: 'warmup', elapsedMs: 0 })} color={false} barWidth={4} />);
    expect(lastFrame()).toContain('warming up');
    expect(lastFrame()).toContain('░░░░');
    const timed = progress({ durationMs: 4000, elapsedMs: 2000, targets: [{ id: 'a:m', total: null, ok: 7, failed: 0, warmupDone: 1, p50E2eMs: 10, p50TtftMs: null }] });
    rerender(<BenchProgressView progress={timed} color={false} barWidth={4} />);
    expect(lastFrame()).toContain('██░░');
    expect(lastFrame()).toMatch(/a:m\s+██░░\s+7 /);
  });
});
