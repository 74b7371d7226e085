import type { SimProtocol } from '../types.js';
import { anthropicProtocol } from './anthropic.js';
import { azureProtocol } from './azure.js';
import { ollamaProtocol } from './ollama.js';
import { openAiProtocol } from './openai.js';
import type { ProtocolHandler } from './protocol.js';

export const PROTOCOLS: Record<SimProtocol, ProtocolHandler> = {
  openai: openAiProtocol,
  azure_openai: azureProtocol,
  anthropic: anthropicProtocol,
  ollama: ollamaProtocol,
};
