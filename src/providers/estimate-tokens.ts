import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TextCounter } from './tokenizer/count-text.js';
import { parseTiktoken, type Vocabulary } from './tokenizer/vocabulary.js';

/**
 * How much of a text is counted token by token. Beyond it the count is the counted part's tokens
 * per character times the whole length: a 20 MB answer is then estimated in a fraction of a second
 * instead of counted for seconds. (Counting runs at roughly 0.5-5 MB/s, slowest on long unbroken runs
 * of letters or CJK; 256K characters is more than any answer's output cap.)
 */
export const EXACT_COUNT_CHARS = 262_144;
/** Characters counted between two yields to the event loop, so Ctrl-C and timeouts are never held up. */
export const COUNT_STEP_CHARS = 32_768;
/** A single piece (an unbroken word) longer than this is counted in parts of this length. */
export const MAX_PIECE_CHARS = 16_384;

/**
 * Counts a text's tokens with o200k_base, the encoding of OpenAI's current models (exact for them,
 * an approximation for other vendors' models). Used only when a server reports no usage, and
 * results from it are marked `estimated`. Bounded: linear time, at most EXACT_COUNT_CHARS counted
 * (the rest extrapolated), and never more than one COUNT_STEP_CHARS step between two turns of the
 * event loop. The vocabulary (3.6 MB, data/tokenizer/) is read on first use only.
 */
export async function estimateTokens(text: string): Promise<number> {
  if (text === '') return 0;
  const vocabulary = await loadVocabulary();
  const counted = text.length > EXACT_COUNT_CHARS ? text.slice(0, EXACT_COUNT_CHARS) : text;
  const counter = new TextCounter(vocabulary, counted, { maxPieceChars: MAX_PIECE_CHARS });
  let progress = counter.step(COUNT_STEP_CHARS);
  while (!counter.done) {
    await nextTurn();
    progress = counter.step(COUNT_STEP_CHARS);
  }
  if (counted.length === text.length) return progress.tokens;
  return Math.round((progress.tokens * text.length) / counted.length);
}

let vocabularyPromise: Promise<Vocabulary> | undefined;

function loadVocabulary(): Promise<Vocabulary> {
  // A plain Uint8Array view: V8 indexes a Buffer (a subclass) about twice as slowly in the parse loop.
  vocabularyPromise ??= readFile(VOCABULARY_PATH).then((file) => parseTiktoken(new Uint8Array(file.buffer, file.byteOffset, file.length)));
  // A failed read is not remembered (the next estimate tries again).
  vocabularyPromise.catch(() => {
    vocabularyPromise = undefined;
  });
  return vocabularyPromise;
}

// This file sits two directories below the package root as src/providers/*.ts, as the tsc output
// dist/providers/*.js, and as a chunk of the CLI bundle, dist/bundle/*.js.
const VOCABULARY_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'tokenizer', 'o200k_base.tiktoken');
