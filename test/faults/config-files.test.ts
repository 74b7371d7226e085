import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectNoSecret, SECRET_KEY } from './harness.js';

// Faults: the wrong file as configuration. A key file given as --config printed the key back; binary
// garbage gave a 9.7 KB error line; --config /dev/zero read ~600 MB before failing. Now: one short
// line naming the file and what is wrong with it, exit 3, nothing of the content echoed.
const tempDir = useTempDirs('llmx-config-faults-');

async function validate(configPath: string, cwd: string) {
  requireBuilt();
  const result = await runLlmx(['config', 'validate', '--config', configPath], { cwd, timeoutMs: 20_000 });
  expect(result.code).toBe(3);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]!.length).toBeLessThanOrEqual(300);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expectNoSecret([result.stderr], 'error line');
  return lines[0]!;
}

describe('the wrong file as configuration', () => {
  it('a key file: named as one value, never quoted', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secretfile'), `${SECRET_KEY}\n`);
    writeFileSync(join(dir, 'short'), 'hunter2\n');
    expect(await validate('secretfile', dir)).toBe('llmx: secretfile:1:1: expected a mapping with a providers: key; the file holds a single value (is it the right file?)');
    expect(await validate('short', dir)).not.toContain('hunter2');
  });

  it('binary garbage: not text, in one short line', async () => {
    const dir = tempDir();
    const noNul = Buffer.from(Array.from({ length: 10_000 }, (_, index) => 1 + ((index * 7919) % 255)));
    writeFileSync(join(dir, 'garbage'), noNul);
    writeFileSync(join(dir, 'with-nul'), Buffer.from([0x70, 0x3a, 0x00, 0x01]));
    expect(await validate('garbage', dir)).toBe('llmx: garbage is not UTF-8 text; expected YAML or KEY=VALUE lines');
    expect(await validate('with-nul', dir)).toBe('llmx: with-nul is not a text file (a NUL byte at offset 2); expected YAML or KEY=VALUE lines');
  });

  it('an endless device or a huge file: refused at the limit, naming the size', async () => {
    const dir = tempDir();
    expect(await validate('/dev/zero', dir)).toBe('llmx: /dev/zero is over 4.0 MB (reading stopped there); a configuration file may be at most 4.0 MB (is it the right file?)');
    writeFileSync(join(dir, 'huge.yaml'), `providers:\n  ollama: {}\n# ${'x'.repeat(6 * 1024 * 1024)}\n`);
    expect(await validate('huge.yaml', dir)).toBe('llmx: huge.yaml is 6.0 MB; a configuration file may be at most 4.0 MB (is it the right file?)');
  });

  it('a long or secret value where a number belongs: a short, redacted excerpt', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'long.yaml'), `providers:\n  ollama:\n    timeout_ms: "${'x'.repeat(9000)}"\n  other:\n    type: ollama\n`);
    writeFileSync(join(dir, 'keyed.yaml'), `providers:\n  ollama:\n    timeout_ms: "${SECRET_KEY}"\n`);
    expect(await validate('long.yaml', dir)).toBe(`llmx: long.yaml:3:17: providers.ollama.timeout_ms: expected a positive integer, got "${'x'.repeat(32)}…" (9000 characters)`);
    expect(await validate('keyed.yaml', dir)).toBe('llmx: keyed.yaml:3:17: providers.ollama.timeout_ms: expected a positive integer, got "[redacted]"');
  });

  it('a .env that is not text is skipped with a warning, the command goes on', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), Buffer.from([0x41, 0x3d, 0x00, 0xff]));
    writeFileSync(join(dir, 'providers.yaml'), 'providers:\n  ollama: {}\n');
    const result = await runLlmx(['config', 'validate'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('llmx: warning: .env is not a text file (a NUL byte at offset 2); expected YAML or KEY=VALUE lines; not read');
  });
});
