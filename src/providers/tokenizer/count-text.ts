import { countPieceTokens } from './bpe-count.js';
import { o200kPieceMatcher } from './o200k-pieces.js';
import type { Vocabulary } from './vocabulary.js';

/** Where a count stopped: the tokens of text[0, next). */
export interface CountProgress {
  tokens: number;
  next: number;
}

/**
 * Counts a text in steps, so the caller can yield to the event loop between them (a signal handler
 * or a timer then runs within one step). Each call of `step` counts the pieces that start in the
 * next `stepChars` characters and returns the running total.
 */
export class TextCounter {
  readonly #vocabulary: Vocabulary;
  readonly #text: string;
  readonly #matcher = o200kPieceMatcher();
  readonly #maxPieceChars: number;
  #tokens = 0;

  constructor(vocabulary: Vocabulary, text: string, options: { maxPieceChars: number }) {
    this.#vocabulary = vocabulary;
    this.#text = text;
    this.#maxPieceChars = Math.max(2, options.maxPieceChars);
  }

  get done(): boolean {
    return this.#matcher.lastIndex >= this.#text.length;
  }

  step(stepChars: number): CountProgress {
    const matcher = this.#matcher;
    const stopAt = Math.min(this.#text.length, matcher.lastIndex + stepChars);
    while (matcher.lastIndex < stopAt) {
      const match = matcher.exec(this.#text);
      if (match === null) {
        // The pattern matches every character (its last branch is \s+, the others cover the rest),
        // so this only happens at the end; stop rather than loop.
        matcher.lastIndex = this.#text.length;
        break;
      }
      this.#tokens += this.#countPiece(match[0]);
    }
    return { tokens: this.#tokens, next: Math.min(matcher.lastIndex, this.#text.length) };
  }

  #countPiece(piece: string): number {
    if (piece.length <= this.#maxPieceChars) return countCached(this.#vocabulary, piece);
    // No real text has a piece this long (one unbroken word of tens of thousands of characters);
    // its parts are counted apart, which differs from the whole by a token at each cut at most.
    let tokens = 0;
    let start = 0;
    while (start < piece.length) {
      let end = Math.min(piece.length, start + this.#maxPieceChars);
      if (end < piece.length && isHighSurrogate(piece.charCodeAt(end - 1))) end -= 1;
      tokens += countBytes(this.#vocabulary, piece.slice(start, end));
      start = end;
    }
    return tokens;
  }
}

// Words repeat: a bounded cache of short pieces' counts (cleared when full; the common words refill it).
const CACHE_LIMIT = 50_000;
const CACHEABLE_CHARS = 32;
const cache = new Map<string, number>();
let cacheOwner: Vocabulary | undefined;

function countCached(vocabulary: Vocabulary, piece: string): number {
  if (piece.length > CACHEABLE_CHARS) return countBytes(vocabulary, piece);
  if (cacheOwner !== vocabulary) {
    cache.clear();
    cacheOwner = vocabulary;
  }
  const known = cache.get(piece);
  if (known !== undefined) return known;
  const tokens = countBytes(vocabulary, piece);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(piece, tokens);
  return tokens;
}

const encoder = new TextEncoder();
let utf8 = new Uint8Array(1024);

function countBytes(vocabulary: Vocabulary, piece: string): number {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (utf8.length < piece.length * 3) utf8 = new Uint8Array(piece.length * 3);
  const { written } = encoder.encodeInto(piece, utf8);
  return countPieceTokens(vocabulary, utf8, written);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
