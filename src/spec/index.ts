export * from './adapter.js';
export * from './chat.js';
export * from './config.js';
export * from './errors.js';
export * from './events.js';
export * from './ledger.js';
export * from './state.js';
