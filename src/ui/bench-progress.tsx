import { Box, Text, render } from 'ink';
import type { BenchProgress, TargetProgress } from '../bench/progress.js';
import { formatMs, formatSeconds } from '../shared/format-duration.js';

export interface BenchProgressViewProps {
  progress: BenchProgress;
  /** False renders without colours (--no-color, NO_COLOR). Default true. */
  color?: boolean;
  /** Width of each progress bar in characters. Default 24. */
  barWidth?: number;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

function msCell(value: number | null): string {
  return value === null ? '–' : formatMs(value);
}

function TargetRow({ target, progress, color, barWidth, idWidth }: { target: TargetProgress; progress: BenchProgress; color: boolean; barWidth: number; idWidth: number }) {
  const done = target.ok + target.failed;
  // Bounded by --duration alone, progress is time, not count.
  const fraction = target.total !== null ? done / target.total : progress.durationMs ? progress.elapsedMs / progress.durationMs : 0;
  const count = target.total !== null ? `${done}/${target.total}` : `${done}`;
  return (
    <Box>
      <Text>{target.id.padEnd(idWidth)} </Text>
      <Text color={color ? 'cyan' : undefined}>{bar(progress.phase === 'warmup' ? 0 : fraction, barWidth)}</Text>
      <Text> {count.padStart(7)} </Text>
      <Text>p50 e2e {msCell(target.p50E2eMs).padStart(8)} </Text>
      <Text>ttft {msCell(target.p50TtftMs).padStart(8)} </Text>
      <Text color={color && target.failed > 0 ? 'red' : undefined}>errors {target.failed}</Text>
    </Box>
  );
}

/** Per target: a progress bar, the running medians and the error count. */
export function BenchProgressView({ progress, color = true, barWidth = 24 }: BenchProgressViewProps) {
  const idWidth = Math.max(...progress.targets.map((target) => target.id.length), 6);
  const heading =
    progress.phase === 'warmup' ? 'warming up…' : progress.phase === 'done' ? 'done' : `measuring ${formatSeconds(progress.elapsedMs)} (Ctrl-C stops and reports)`;
  return (
    <Box flexDirection="column">
      <Text bold={color}>llmx bench: {heading}</Text>
      {progress.targets.map((target) => (
        <TargetRow key={target.id} target={target} progress={progress} color={color} barWidth={barWidth} idWidth={idWidth} />
      ))}
    </Box>
  );
}

export interface BenchProgressHandle {
  update(progress: BenchProgress): void;
  /** Renders the last frame and lets go of the terminal. */
  stop(): Promise<void>;
}

/** Mounts the view on `stdout` (bench passes stderr: stdout is for the report). */
export function renderBenchProgress(initial: BenchProgress, options: { stdout?: NodeJS.WriteStream; color?: boolean } = {}): BenchProgressHandle {
  const color = options.color ?? true;
  const instance = render(<BenchProgressView progress={initial} color={color} />, {
    stdout: options.stdout ?? process.stderr,
    // bench owns Ctrl-C: it stops cleanly and still prints the report.
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    update: (progress) => instance.rerender(<BenchProgressView progress={progress} color={color} />),
    stop: async () => {
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
