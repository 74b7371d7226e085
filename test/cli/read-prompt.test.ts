import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPrompt } from '../../src/commands/read-prompt.js';
import { UsageError } from '../../src/spec/errors.js';

function pipe(): PassThrough & { isTTY?: boolean } {
  return new PassThrough();
}

describe('readPrompt', () => {
  it('joins arguments when stdin is a terminal', async () => {
    const stdin = Object.assign(pipe(), { isTTY: true });
    await expect(readPrompt({ args: ['say', 'hi'], stdin })).resolves.toBe('say hi');
  });

  it('appends piped stdin to the arguments', async () => {
    const stdin = pipe();
    stdin.end('the file\n');
    await expect(readPrompt({ args: ['summarise:'], stdin })).resolves.toBe('summarise:\n\nthe file');
  });

  it('reads stdin alone when there are no arguments', async () => {
    const stdin = pipe();
    stdin.end('only stdin');
    await expect(readPrompt({ args: [], stdin })).resolves.toBe('only stdin');
  });

  it('does not hang on a pipe that stays open and silent when arguments give the prompt', async () => {
    const stdin = pipe();
    await expect(readPrompt({ args: ['hello'], stdin, idleWithArgsMs: 20 })).resolves.toBe('hello');
  });

  it('fails with a usage error when a silent pipe is the only source', async () => {
    const stdin = pipe();
    await expect(readPrompt({ args: [], stdin, idleAloneMs: 20 })).rejects.toBeInstanceOf(UsageError);
  });

  it('keeps reading once data has started, however slow', async () => {
    const stdin = pipe();
    const promise = readPrompt({ args: [], stdin, idleAloneMs: 20 });
    stdin.write('first ');
    setTimeout(() => stdin.end('second'), 60);
    await expect(promise).resolves.toBe('first second');
  });

  it('refuses "-" when stdin is a terminal', async () => {
    const stdin = Object.assign(pipe(), { isTTY: true });
    await expect(readPrompt({ args: ['-'], stdin })).rejects.toThrow(/standard input is a terminal/);
  });

  it('rejects an empty prompt', async () => {
    const stdin = pipe();
    stdin.end('   ');
    await expect(readPrompt({ args: [], stdin })).rejects.toThrow(/no prompt/);
  });
});
