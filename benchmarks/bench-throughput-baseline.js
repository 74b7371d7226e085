#!/usr/bin/env node
// The baseline for bench-throughput.js: the least a client can do, a loop of C workers calling the
// `openai` SDK directly (streaming with usage requested, as llmx's adapter does; or, with STREAM
// "0", one plain completion per request), timed from the first measured send to the last end.
// Prints {requests, elapsed_s, requests_per_s, cpu_ms_per_request} as JSON.
//   node bench-throughput-baseline.js BASE_URL MODEL CONCURRENCY REQUESTS [STREAM]
import OpenAI from 'openai';

const [baseURL, model, concurrencyArg, requestsArg, streamArg = '1'] = process.argv.slice(2);
const stream = streamArg !== '0';
const concurrency = Number(concurrencyArg);
const requests = Number(requestsArg);
const client = new OpenAI({ baseURL, apiKey: 'sim-key', maxRetries: 0 });

async function once() {
  const messages = [{ role: 'user', content: 'Count to forty.' }];
  if (!stream) {
    await client.chat.completions.create({ model, messages });
    return;
  }
  const chunks = await client.chat.completions.create({
    model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const chunk of chunks) void chunk;
}

async function loop(count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await once();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

await loop(concurrency); // warm-up: open the keep-alive connections, as bench --warmup C does
const startMs = performance.now();
const cpuStart = process.cpuUsage();
await loop(requests);
const elapsedS = (performance.now() - startMs) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / requests;
process.stdout.write(`${JSON.stringify({ requests, elapsed_s: elapsedS, requests_per_s: requests / elapsedS, cpu_ms_per_request: cpuMsPerRequest })}\n`);
