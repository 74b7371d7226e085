#!/usr/bin/env node
// Issue 15 item 1: counting tokens llmx's servers did not report must be bounded. Two figures, each
// measured in this one run:
//   1. Linear growth: the time to count an unbroken run of one letter (the quadratic worst case of a
//      naive BPE merge) at 64K and at 256K characters; the ratio is ~4 for linear time, ~16 for quadratic.
//      Target: <= 6. gpt-tokenizer, the reference, is measured at 16K and 64K only (it is quadratic).
//   2. Throughput on prose (this repository's README, repeated) against gpt-tokenizer: >= 0.8x.
// Counts must agree with gpt-tokenizer's exactly wherever both are measured.
//   npx tsc -p tsconfig.build.json && node benchmarks/token-count.js
import { readFileSync } from 'node:fs';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { TextCounter } from '../dist/providers/tokenizer/count-text.js';
import { parseTiktoken } from '../dist/providers/tokenizer/vocabulary.js';
import { machineLoad } from './routing-common.js';

console.log(`load average at start: ${await machineLoad()}`);
const file = readFileSync(new URL('../data/tokenizer/o200k_base.tiktoken', import.meta.url));
let t0 = performance.now();
const vocabulary = parseTiktoken(new Uint8Array(file.buffer, file.byteOffset, file.length));
console.log(`vocabulary parsed in ${(performance.now() - t0).toFixed(0)} ms (${vocabulary.size} tokens)`);

const llmx = (text) => {
  const counter = new TextCounter(vocabulary, text, { maxPieceChars: Number.MAX_SAFE_INTEGER });
  let tokens = 0;
  while (!counter.done) tokens = counter.step(Number.MAX_SAFE_INTEGER).tokens;
  return tokens;
};
const reference = (text) => encode(text, { disallowedSpecial: new Set() }).length;
/** The best of `runs` timings (the least disturbed by other load), and the count. */
function timed(count, text, runs = 3) {
  let best = Infinity;
  let tokens = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    tokens = count(text);
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, tokens };
}

let failed = false;
const check = (ok, line) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  if (!ok) failed = true;
};

llmx('warm up '.repeat(1000));
const small = timed(llmx, 'x'.repeat(65_536));
const large = timed(llmx, 'x'.repeat(262_144));
const refSmall = timed(reference, 'x'.repeat(16_384), 1);
const refLarge = timed(reference, 'x'.repeat(65_536), 1);
console.log(`unbroken 'x' run: llmx 64K ${small.ms.toFixed(1)} ms, 256K ${large.ms.toFixed(1)} ms; gpt-tokenizer 16K ${refSmall.ms.toFixed(0)} ms, 64K ${refLarge.ms.toFixed(0)} ms`);
check(small.tokens === refLarge.tokens, `64K 'x': llmx ${small.tokens} tokens, gpt-tokenizer ${refLarge.tokens}`);
const growth = large.ms / small.ms;
check(growth <= 6, `4x the text takes ${growth.toFixed(2)}x the time in llmx (gpt-tokenizer: ${(refLarge.ms / refSmall.ms).toFixed(2)}x); target <= 6`);

const prose = readFileSync(new URL('../README.md', import.meta.url), 'utf8').repeat(20);
const ours = timed(llmx, prose);
const theirs = timed(reference, prose);
check(ours.tokens === theirs.tokens, `prose (${prose.length} characters): llmx ${ours.tokens} tokens, gpt-tokenizer ${theirs.tokens}`);
const speed = theirs.ms / ours.ms;
check(speed >= 0.8, `prose: llmx ${ours.ms.toFixed(0)} ms vs gpt-tokenizer ${theirs.ms.toFixed(0)} ms: ${speed.toFixed(2)}x its speed; target >= 0.8`);
process.exit(failed ? 1 : 0);
