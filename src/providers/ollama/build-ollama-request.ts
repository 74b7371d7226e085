import type { Message, Options } from 'ollama';
import type { ChatRequest } from '../../spec/chat.js';

export interface OllamaChatBody {
  model: string;
  messages: Message[];
  options: Partial<Options>;
}

export function buildOllamaRequest(request: ChatRequest): OllamaChatBody {
  const messages: Message[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push({ role: message.role, content: message.content });
  const options: Partial<Options> = {};
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  return { model: request.model, messages, options };
}
