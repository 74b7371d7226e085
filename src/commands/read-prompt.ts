import { UsageError } from '../spec/errors.js';
import { formatSeconds } from '../shared/format-duration.js';

export interface PromptSources {
  args: string[];
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** How long to wait for the first byte of a pipe when arguments already give a prompt. Default 200 ms. */
  idleWithArgsMs?: number;
  /** How long to wait for the first byte when stdin is the only source. Default 30000 ms. */
  idleAloneMs?: number;
}

/**
 * The prompt is the arguments and/or standard input. Stdin is read only when it is not a terminal
 * (or `-` asks for it). A pipe that stays open without sending must not hang a CI job forever, so
 * the wait for its first byte is bounded; once data flows it is read to the end.
 */
export async function readPrompt(sources: PromptSources): Promise<string> {
  const dashIndex = sources.args.indexOf('-');
  const args = sources.args.filter((arg) => arg !== '-');
  const argText = args.join(' ').trim();
  const wantStdin = dashIndex !== -1 || !sources.stdin.isTTY;
  let stdinText = '';
  if (wantStdin && !sources.stdin.isTTY) {
    const idleMs = argText && dashIndex === -1 ? (sources.idleWithArgsMs ?? 200) : (sources.idleAloneMs ?? 30_000);
    const read = await readStream(sources.stdin, idleMs);
    if (read.timedOut && (!argText || dashIndex !== -1)) {
      throw new UsageError(`no prompt: standard input sent nothing within ${formatSeconds(idleMs)} (give the prompt as arguments, or pipe text in)`);
    }
    stdinText = read.text.trim();
  } else if (dashIndex !== -1) {
    throw new UsageError('"-" reads the prompt from standard input, but standard input is a terminal');
  }
  const prompt = [argText, stdinText].filter(Boolean).join('\n\n');
  if (!prompt) throw new UsageError('no prompt: give it as arguments (llmx ask "...") or on standard input');
  return prompt;
}

async function readStream(stream: NodeJS.ReadableStream, idleMs: number): Promise<{ text: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let started = false;
    const timer = setTimeout(() => {
      if (started) return;
      cleanup();
      // Stop holding the event loop open on a silent pipe.
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      resolve({ text: '', timedOut: true });
    }, idleMs);
    const onData = (chunk: Buffer | string) => {
      started = true;
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), timedOut: false });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    function cleanup() {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
