import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptRecord } from '../../src/spec/ledger.js';
import { ROOT } from './root.js';

/** A complete, valid attempt row; override what the test is about. */
export function attemptRecord(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    requestId: 'req-1',
    attempt: 1,
    startedAtMs: Date.UTC(2026, 2, 10, 12),
    command: 'ask',
    strategy: 'default',
    provider: 'openai',
    modelRequested: 'gpt-4o',
    modelAnswered: 'gpt-4o-2024-08-06',
    status: 'ok',
    errorClass: null,
    httpStatus: null,
    errorMessage: null,
    latencyMs: 100,
    ttftMs: null,
    inputTokens: 1000,
    outputTokens: 100,
    cachedInputTokens: 0,
    tokensEstimated: false,
    inputPricePerMTok: 2.5,
    outputPricePerMTok: 10,
    cachedInputPricePerMTok: 1.25,
    costUsd: 0.0035,
    ci: false,
    tags: {},
    runId: null,
    promptText: null,
    responseText: null,
    ...overrides,
  };
}

/** The hand-priced fixture ledger around March 2026 (fixtures/ledger/march-2026.json). */
export function marchFixture(): AttemptRecord[] {
  const text = readFileSync(join(ROOT, 'fixtures', 'ledger', 'march-2026.json'), 'utf8');
  return (JSON.parse(text) as { attempts: AttemptRecord[] }).attempts;
}
