#!/usr/bin/env node
// The reference for bench-accuracy.js: a bare loop of C workers on the `openai` SDK timing TTFT and
// TPOT by the same formulas, so a miss can be told apart: bench's own doing, or the machine's.
// Prints {ttft_ms_p50, tpot_ms_p50, n} as JSON.
//   node bench-accuracy-baseline.js BASE_URL MODEL CONCURRENCY REQUESTS
import OpenAI from 'openai';

const [baseURL, model, concurrencyArg, requestsArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const requests = Number(requestsArg);
const client = new OpenAI({ baseURL, apiKey: 'sim-key', maxRetries: 0 });
const ttftMs = [];
const tpotMs = [];

async function once(record) {
  const sendMs = performance.now();
  let firstMs = null;
  let lastMs = null;
  let outputTokens = 0;
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Count to forty.' }], stream: true, stream_options: { include_usage: true } });
  for await (const chunk of stream) {
    if (chunk.usage) outputTokens = chunk.usage.completion_tokens;
    if (!chunk.choices[0]?.delta?.content) continue;
    const nowMs = performance.now();
    firstMs ??= nowMs;
    lastMs = nowMs;
  }
  if (!record) return;
  ttftMs.push(firstMs - sendMs);
  if (outputTokens >= 2) tpotMs.push((lastMs - firstMs) / (outputTokens - 1));
}

async function loop(count, record) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await once(record);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * 0.5;
  const lower = Math.floor(h);
  return sorted[lower] + (h - lower) * ((sorted[lower + 1] ?? sorted[lower]) - sorted[lower]);
}

await loop(concurrency, false);
await loop(requests, true);
process.stdout.write(`${JSON.stringify({ ttft_ms_p50: median(ttftMs), tpot_ms_p50: median(tpotMs), n: ttftMs.length })}\n`);
