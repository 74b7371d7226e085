const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * Recent latencies as block characters, scaled between the window's own min and max so a change
 * stands out whatever the provider's usual speed. A failed check (null) is a gap: "·".
 */
export function sparkline(samples: readonly (number | null)[], width: number): string {
  const recent = samples.slice(-width);
  const values = recent.filter((value): value is number => value !== null);
  if (values.length === 0) return '·'.repeat(recent.length).padEnd(width);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const line = recent
    .map((value) => {
      if (value === null) return '·';
      const level = span === 0 ? 0 : Math.round(((value - min) / span) * (BARS.length - 1));
      return BARS[level];
    })
    .join('');
  return line.padEnd(width);
}
