import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { COUNT_STEP_CHARS, EXACT_COUNT_CHARS, estimateTokens } from '../../src/providers/estimate-tokens.js';
import { TextCounter } from '../../src/providers/tokenizer/count-text.js';
import { parseTiktoken } from '../../src/providers/tokenizer/vocabulary.js';
import { seededRandom } from '../../src/shared/prng.js';

// gpt-tokenizer (a dev dependency only) is the reference: its counts are tiktoken's, but its merge
// loop is quadratic in a piece's length, which is why llmx no longer ships it.
const vocabularyFile = readFileSync(new URL('../../data/tokenizer/o200k_base.tiktoken', import.meta.url));
const vocabulary = parseTiktoken(vocabularyFile);
const reference = (text: string) => encode(text, { disallowedSpecial: new Set() }).length;
const countAll = (text: string, stepChars = Number.MAX_SAFE_INTEGER, maxPieceChars = Number.MAX_SAFE_INTEGER) => {
  const counter = new TextCounter(vocabulary, text, { maxPieceChars });
  let tokens = 0;
  while (!counter.done) tokens = counter.step(stepChars).tokens;
  return tokens;
};

/** Random text from a seeded PRNG over alphabets that exercise every branch of the piece pattern. */
function randomText(seed: number, length: number): string {
  const random = seededRandom(seed);
  const alphabets = [
    'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789', ' ', '  ', '\n', '\r\n', '\t',
    "'s", "'LL", "'re", '!?.,;:-_/()[]{}<>"#$%&*+=@^`|~', 'éàüßñçøå', 'ÉÀÜÑ', '我们的产品在全球', 'カタカナひらがな',
    'Ωαβγδ', 'Жизнь', '👍🏽🇩🇪😀', '\u0301\u0308', 'ǅǈ', '  \n  ', '<|endoftext|>',
  ];
  let text = '';
  while (text.length < length) {
    const alphabet = alphabets[Math.floor(random() * alphabets.length)]!;
    const runs = 1 + Math.floor(random() * 6);
    for (let index = 0; index < runs; index++) text += [...alphabet][Math.floor(random() * [...alphabet].length)];
  }
  return text;
}

describe('the o200k_base vocabulary file', () => {
  it('is the file tiktoken pins (sha256) and holds 199,998 tokens', () => {
    expect(createHash('sha256').update(vocabularyFile).digest('hex')).toBe('446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d');
    expect(vocabulary.size).toBe(199_998);
    expect(vocabulary.maxTokenBytes).toBe(128);
  });

  it('refuses a file whose ranks are not 0, 1, 2... in order', () => {
    expect(() => parseTiktoken(new TextEncoder().encode('IQ== 0\nIg== 2\n'))).toThrow(/line 2 has rank 2, expected 1/);
    expect(() => parseTiktoken(new TextEncoder().encode('IQ==\n'))).toThrow(/no rank/);
  });
});

describe('counting tokens', () => {
  it('counts exactly as tiktoken does, on prose, code and random text of every script', () => {
    const samples = [
      readFileSync(new URL('../../README.md', import.meta.url), 'utf8'),
      readFileSync(new URL('../../src/providers/tokenizer/bpe-count.ts', import.meta.url), 'utf8'),
      "Don't stop: it's 12345678 o'clock, y'all'll've SHOUTED'S",
      ...Array.from({ length: 40 }, (_, seed) => randomText(seed, 2_000)),
    ];
    for (const text of samples) expect(countAll(text), text.slice(0, 60)).toBe(reference(text));
  });

  it('counts long runs without spaces exactly, which the quadratic merge took seconds for', () => {
    for (const text of ['x'.repeat(20_000), 'ACGT'.repeat(2_000), '漢字'.repeat(3_000), 'Ab'.repeat(5_000)]) {
      expect(countAll(text)).toBe(reference(text));
    }
  });

  it('gives the same count however the text is stepped through', () => {
    const text = randomText(99, 20_000);
    const whole = countAll(text);
    expect(whole).toBe(reference(text));
    for (const step of [1, 7, 100, 4096]) expect(countAll(text, step)).toBe(whole);
  });

  it('counts a piece over the part length in parts, off by at most a token per cut', () => {
    const text = 'x'.repeat(50_000);
    const exact = countAll(text);
    const inParts = countAll(text, Number.MAX_SAFE_INTEGER, 10_000);
    expect(Math.abs(inParts - exact)).toBeLessThanOrEqual(4);
    // A cut never splits a surrogate pair (which would count two replacement characters).
    const emoji = '😀'.repeat(6_000);
    expect(Math.abs(countAll(emoji, Number.MAX_SAFE_INTEGER, 1_001) - reference(emoji))).toBeLessThanOrEqual(12);
  });
});

describe('estimateTokens', () => {
  it('counts small texts exactly and the empty text as 0', async () => {
    expect(await estimateTokens('')).toBe(0);
    expect(await estimateTokens('Hello there, friend.')).toBe(5);
    expect(await estimateTokens('<|endoftext|>')).toBe(reference('<|endoftext|>'));
  });

  it('extrapolates past EXACT_COUNT_CHARS from the counted part', async () => {
    const unit = 'ACGT'.repeat(EXACT_COUNT_CHARS / 4);
    const counted = await estimateTokens(unit);
    expect(await estimateTokens(unit.repeat(8))).toBe(counted * 8);
  });

  it('lets the event loop turn while it counts, so a signal handler or a timeout runs meanwhile', async () => {
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns += 1;
      if (counting) setImmediate(tick);
    };
    await estimateTokens('warm the vocabulary up');
    setImmediate(tick);
    const text = randomText(5, COUNT_STEP_CHARS * 6);
    const tokens = await estimateTokens(text);
    counting = false;
    expect(tokens).toBe(reference(text));
    expect(turns).toBeGreaterThanOrEqual(5);
  });
});
