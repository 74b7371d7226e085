// The wire-faithful provider simulator: one loopback server speaking the OpenAI, Azure OpenAI,
// Anthropic and Ollama protocols under per-provider path prefixes.
export type {
  RunningSimulator,
  SimConfig,
  SimErrorStatus,
  SimProtocol,
  SimProviderInfo,
  SimProviderSpec,
  SimScriptStep,
  SimStats,
  StartSimulatorOptions,
} from './types.js';
export { SIM_PROTOCOLS } from './types.js';
export { startSimulator } from './server.js';
export { loadSimConfig, parseSimConfig } from './config-file.js';
export { demoSimConfig, defaultSimulateConfig } from './demo-config.js';
export { tokenDueTimesMs } from './schedule.js';
