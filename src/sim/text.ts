import { hashString } from './prng.js';

// One token = one word, so the usage the simulator reports is exact and matches the text it sent.
const WORDS = (
  'the quick answer is that routing across several providers keeps a service up when one of them ' +
  'slows down or fails and the cost of each request depends on the tokens it reads and writes so a ' +
  'careful client measures latency retries politely and records every attempt before it moves on to ' +
  'the next provider in the list while the simulator plays each part with patience and good humour'
).split(' ');

/** The words of a deterministic reply: the same prompt always gets the same text. */
export function replyWords(prompt: string, count: number): string[] {
  const offset = hashString(prompt) % WORDS.length;
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(WORDS[(offset + i) % WORDS.length]);
  return words;
}

/** The text each token adds to a stream: words joined by single spaces. */
export function tokenPieces(words: readonly string[]): string[] {
  return words.map((word, i) => (i === 0 ? word : ` ${word}`));
}

/**
 * The `count` stream pieces of a reply: the prompt's deterministic words, or a fixed `replyText`
 * cut into `count` near-equal parts (all of it, whatever the count, so a test sees the text it set).
 */
export function replyPieces(prompt: string, count: number, replyText?: string): string[] {
  if (replyText === undefined) return tokenPieces(replyWords(prompt, count));
  const parts = Math.max(1, Math.min(count, replyText.length));
  const size = Math.ceil(replyText.length / parts);
  const pieces: string[] = [];
  for (let start = 0; start < replyText.length; start += size) pieces.push(replyText.slice(start, start + size));
  return pieces;
}

/** The simulator's token count for input text: whitespace-separated words. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}
