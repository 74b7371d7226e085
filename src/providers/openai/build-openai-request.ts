import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions/completions';
import type { ChatRequest } from '../../spec/chat.js';

/**
 * Which body field carries the output cap. OpenAI's own API wants `max_completion_tokens` (reasoning
 * models reject `max_tokens`); most compatible servers (Ollama /v1, older vLLM, LM Studio) only
 * understand the older `max_tokens`.
 */
export type MaxTokensField = 'max_completion_tokens' | 'max_tokens';

export function buildOpenAiRequest(request: ChatRequest, maxTokensField: MaxTokensField): ChatCompletionCreateParamsBase {
  const messages: ChatCompletionMessageParam[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push({ role: message.role, content: message.content });
  const body: ChatCompletionCreateParamsBase = { model: request.model, messages };
  if (request.maxTokens !== undefined) body[maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}
