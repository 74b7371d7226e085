import { readFile } from 'node:fs/promises';
import type { ChatMessage, Role } from '../spec/index.js';
import { UsageError } from '../spec/index.js';
import type { BenchPrompt } from './types.js';

/** Used when no prompt is given: short, so a default run is cheap. */
export const DEFAULT_BENCH_PROMPT = 'In two sentences, explain why the sky is blue.';

export interface PromptSources {
  /** Positional argument or --prompt. */
  prompt?: string;
  /** --prompt-file: the whole file is one prompt. */
  promptFile?: string;
  /** --dataset: JSONL, one prompt per line. */
  dataset?: string;
}

/** Resolves exactly one prompt source into the prompts requests cycle through. */
export async function loadPrompts(sources: PromptSources): Promise<BenchPrompt[]> {
  const given = (['prompt', 'promptFile', 'dataset'] as const).filter((key) => sources[key] !== undefined);
  if (given.length > 1) throw new UsageError('give only one of a prompt argument, --prompt, --prompt-file or --dataset');
  if (sources.dataset !== undefined) return parseDataset(await readText(sources.dataset, '--dataset'), sources.dataset);
  if (sources.promptFile !== undefined) {
    const text = await readText(sources.promptFile, '--prompt-file');
    if (text.trim() === '') throw new UsageError(`--prompt-file ${sources.promptFile} is empty`);
    return [userPrompt(text)];
  }
  if (sources.prompt !== undefined) {
    if (sources.prompt.trim() === '') throw new UsageError('the prompt is empty');
    return [userPrompt(sources.prompt)];
  }
  return [userPrompt(DEFAULT_BENCH_PROMPT)];
}

async function readText(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { cause: error });
  }
}

function userPrompt(content: string): BenchPrompt {
  return { messages: [{ role: 'user', content }] };
}

const ROLES: readonly Role[] = ['system', 'user', 'assistant'];

/**
 * A dataset line is a JSON string, `{"prompt": "..."}` or `{"messages": [{role, content}, ...]}`.
 * Blank lines are skipped; anything else is an error naming file:line.
 */
export function parseDataset(text: string, path: string): BenchPrompt[] {
  const prompts: BenchPrompt[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    const where = `${path}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${where}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    prompts.push(promptFromValue(value, where));
  }
  if (prompts.length === 0) throw new UsageError(`${path}: the dataset has no prompts`);
  return prompts;
}

function promptFromValue(value: unknown, where: string): BenchPrompt {
  if (typeof value === 'string') {
    if (value.trim() === '') throw new UsageError(`${where}: empty prompt`);
    return userPrompt(value);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record.prompt === 'string' && record.prompt.trim() !== '') return userPrompt(record.prompt);
    if (Array.isArray(record.messages) && record.messages.length > 0) {
      const messages: ChatMessage[] = record.messages.map((message, position) => {
        const item = message as Record<string, unknown> | null;
        if (!item || !ROLES.includes(item.role as Role) || typeof item.content !== 'string') {
          throw new UsageError(`${where}: messages[${position}] needs a role (system, user or assistant) and a string content`);
        }
        return { role: item.role as Role, content: item.content };
      });
      return { messages };
    }
  }
  throw new UsageError(`${where}: expected a JSON string, {"prompt": "..."} or {"messages": [...]}`);
}
