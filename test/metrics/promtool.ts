import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
export const PROMETHEUS = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
// In CI the tools must be there (.ci/run installs Debian's prometheus): there these tests run, and
// fail if the package is missing, rather than skip and hide a broken install step.
const requiredHere = Boolean(process.env.CI);
export const hasPromtool = requiredHere || existsSync(PROMTOOL);
export const hasPrometheus = requiredHere || existsSync(PROMETHEUS);

/** `promtool check metrics` reads the exposition on stdin; lint problems go to stderr with a non-zero exit. */
export function promtoolCheckMetrics(text: string): { status: number | null; output: string } {
  const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
