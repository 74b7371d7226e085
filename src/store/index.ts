export { defaultDbPath } from './default-db-path.js';
export { MemoryStateStore } from './memory-state-store.js';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
export { openSqliteStore, openStore, storeLocationOf, type OpenStoreOptions, type Store, type StoreLedger } from './open-store.js';
export { parseStoreLocation, type StoreLocation } from './store-location.js';
export { SqliteLedger } from './sqlite-ledger.js';
export { SqliteStateStore } from './sqlite-state-store.js';
export { copyStore, type CopyResult } from './copy-store.js';
export type { TransferCounts } from './ledger-transfer.js';
