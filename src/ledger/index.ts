export { CostTracker, type CostReport, type CostTrackerOptions } from './cost-tracker.js';
export { createLedgerRecorder, resetUnpricedWarnings, type LedgerRecorder, type LedgerRecorderOptions } from './ledger-recorder.js';
