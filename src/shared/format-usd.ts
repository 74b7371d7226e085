/**
 * The one money format of llmx's text output (tables, summaries, warnings, strategy reasons).
 * The rule, by size, so a column of mixed amounts stays readable and nothing spent shows as zero:
 *   $0.00 exactly for nothing spent;
 *   cents from a dollar up ($12.34);
 *   four decimals from a cent up ($0.0123), the precision prices per request need;
 *   three significant digits below a cent ($0.00877, $0.0000150), never an exponent.
 * A negative amount keeps the rule, signed before the dollar (-$0.0123). `--json` carries raw numbers.
 */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return `$${value}`;
  const magnitude = Math.abs(value);
  return `${value < 0 ? '-' : ''}$${magnitude.toFixed(usdDecimals(magnitude))}`;
}

function usdDecimals(magnitude: number): number {
  // 0.99995 and up would print as 1.0000 with four decimals: it is a dollar, so cents.
  if (magnitude === 0 || magnitude >= 0.99995) return 2;
  if (magnitude >= 0.01) return 4;
  // Three significant digits: the first one sits at 10^floor(log10), two more follow it.
  return Math.min(20, 2 - Math.floor(Math.log10(magnitude)));
}
