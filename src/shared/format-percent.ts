/** "42%", "2.1%": a fraction (0..1) as a percentage, rounded half up to `decimals` (default 0). */
export function formatPercent(fraction: number, decimals = 0): string {
  const scale = 10 ** decimals;
  return `${(Math.round(fraction * 100 * scale) / scale).toFixed(decimals)}%`;
}
