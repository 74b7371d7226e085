import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { ROOT } from '../helpers/root.js';

/** Every command's help as `llmx ... --help` prints it, after-text included. */
function helpTexts(command: Command, path: string[] = []): Array<{ path: string; text: string }> {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
  command.outputHelp();
  return [{ path: ['llmx', ...path].join(' '), text }, ...command.commands.flatMap((child) => helpTexts(child, [...path, child.name()]))];
}

describe('help text', () => {
  it('points only at files the npm package ships (health pointed at docs/observability.md, which it does not)', () => {
    const shipped = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    const mentions = helpTexts(buildProgram()).flatMap(({ path, text }) =>
      [...text.matchAll(/(?<![\w$~/.-])([a-z][\w-]*\/[\w./-]*\.(?:md|ya?ml|json|txt))\b/g)].map((match) => ({ path, file: match[1] })),
    );
    const unshipped = mentions.filter(({ file }) => !shipped.some((entry) => file === entry || file.startsWith(`${entry}/`)));
    expect(unshipped).toEqual([]);
  });
});
