import type { MessageCreateParamsBase, MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { DEFAULT_MAX_TOKENS, type ChatRequest } from '../../spec/chat.js';

/** SDK v1 dropped `temperature` from its types (deprecated upstream); the wire still takes it. */
type AnthropicRequestBody = MessageCreateParamsBase & { temperature?: number };

export function buildAnthropicRequest(request: ChatRequest): AnthropicRequestBody {
  const systemParts = request.system ? [request.system] : [];
  const messages: MessageParam[] = [];
  for (const message of request.messages) {
    // The Messages API has no system role: system turns join the top-level `system` field.
    if (message.role === 'system') systemParts.push(message.content);
    else messages.push({ role: message.role, content: message.content });
  }
  const body: AnthropicRequestBody = {
    model: request.model,
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages,
  };
  if (systemParts.length > 0) body.system = systemParts.join('\n\n');
  // Sent only when asked for: models that no longer accept it answer 400, which is the truth.
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}
