import type { ChatRequest } from '../spec/index.js';
import type { BenchPrompt } from './types.js';

/** A dataset conversation as a ChatRequest: system messages go to `system`, where every adapter expects them. */
export function chatRequestFor(prompt: BenchPrompt, model: string, maxTokens: number | undefined): ChatRequest {
  const system = prompt.messages.filter((message) => message.role === 'system').map((message) => message.content);
  const request: ChatRequest = { model, messages: prompt.messages.filter((message) => message.role !== 'system') };
  if (system.length > 0) request.system = system.join('\n\n');
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  return request;
}
