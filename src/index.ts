// The library entry: `import { ... } from "llmx"`.
export * from './spec/index.js';
export { MemoryStateStore } from './store/memory-state-store.js';
