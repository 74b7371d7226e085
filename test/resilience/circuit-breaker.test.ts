import { describe, expect, it } from 'vitest';
import { admit, recordCircuitFailure, recordCircuitSuccess, recordFailure, recordSuccess, readCircuit, viewCircuit, type CircuitSettings, type CircuitState } from '../../src/resilience/circuit-breaker.js';
import { MemoryStateStore } from '../../src/store/memory-state-store.js';

const settings: CircuitSettings = { maxFailures: 3, recoveryTimeoutMs: 300_000 };
const T0 = 1_700_000_000_000;

function failTimes(n: number, atMs = T0): CircuitState | undefined {
  let state: CircuitState | undefined;
  for (let i = 0; i < n; i++) state = recordFailure(state, settings, atMs, 'server', '503');
  return state;
}

describe('circuit breaker transitions', () => {
  it('opens after maxFailures consecutive provider faults, not before', () => {
    expect(viewCircuit(failTimes(2), settings, T0).status).toBe('closed');
    expect(admit(failTimes(2), settings, T0, 'r', 1000).admitted).toBe(true);
    const open = failTimes(3);
    expect(viewCircuit(open, settings, T0)).toMatchObject({ status: 'open', retryInMs: 300_000 });
    expect(admit(open, settings, T0 + 299_999, 'r', 1000)).toMatchObject({ admitted: false, retryInMs: 1 });
  });

  it('a success resets the count; caller errors and aborts do not count', () => {
    let state = failTimes(2);
    state = recordSuccess(state, settings, T0);
    state = recordFailure(state, settings, T0, 'server');
    state = recordFailure(state, settings, T0, 'bad_request');
    state = recordFailure(state, settings, T0, 'aborted');
    state = recordFailure(state, settings, T0, 'timeout');
    expect(viewCircuit(state, settings, T0)).toMatchObject({ status: 'closed', consecutiveFailures: 2 });
  });

  it('lets exactly one probe through after the recovery timeout; its lease expiry lets another', () => {
    const open = failTimes(3);
    const at = T0 + 300_000;
    const first = admit(open, settings, at, 'prober-1', 10_000);
    expect(first).toMatchObject({ admitted: true, probe: true });
    const second = admit(first.state, settings, at + 1, 'prober-2', 10_000);
    expect(second.admitted).toBe(false);
    expect(viewCircuit(first.state, settings, at + 5_000)).toMatchObject({ status: 'half-open', probeInFlight: true, retryInMs: 5_000 });
    // The prober died: after its lease another request may probe.
    expect(admit(first.state, settings, at + 10_000, 'prober-2', 10_000)).toMatchObject({ admitted: true, probe: true });
    // The holder itself is admitted again (a retry within its own request).
    expect(admit(first.state, settings, at + 2, 'prober-1', 10_000).admitted).toBe(true);
  });

  it('probe success closes; probe failure re-opens for a full recovery timeout', () => {
    const at = T0 + 300_000;
    const probing = admit(failTimes(3), settings, at, 'p', 10_000).state;
    expect(viewCircuit(recordSuccess(probing, settings, at + 40, 'p'), settings, at + 40).status).toBe('closed');
    const reopened = recordFailure(probing, settings, at + 50, 'timeout');
    expect(viewCircuit(reopened, settings, at + 50)).toMatchObject({ status: 'open', retryInMs: 300_000 });
  });

  it('a late success while open (a call admitted before the circuit opened) does not close it', () => {
    const open = failTimes(3);
    const late = recordSuccess(open, settings, T0 + 1_000, 'old-request');
    expect(viewCircuit(late, settings, T0 + 1_000)).toMatchObject({ status: 'open', retryInMs: 299_000 });
  });

  it('in half-open only the probe holder\'s success closes the circuit', () => {
    const at = T0 + 300_000;
    const probing = admit(failTimes(3), settings, at, 'p', 10_000).state;
    expect(viewCircuit(recordSuccess(probing, settings, at + 5, 'someone-else'), settings, at + 5).status).toBe('half-open');
    expect(viewCircuit(recordSuccess(probing, settings, at + 5, 'p'), settings, at + 5).status).toBe('closed');
  });

  it('a late failure while open does not push the probe time back', () => {
    const open = failTimes(3);
    const late = recordFailure(open, settings, T0 + 100_000, 'server');
    expect(viewCircuit(late, settings, T0 + 100_000).retryInMs).toBe(200_000);
  });

  it('a caller error during the probe releases the probe claim without a verdict', () => {
    const at = T0 + 300_000;
    const probing = admit(failTimes(3), settings, at, 'p', 10_000).state;
    const released = recordFailure(probing, settings, at + 1, 'bad_request', undefined, 'p');
    expect(viewCircuit(released, settings, at + 1)).toMatchObject({ status: 'half-open', probeInFlight: false });
    expect(admit(released, settings, at + 2, 'other', 10_000)).toMatchObject({ admitted: true, probe: true });
  });
});

describe('circuit breaker store wrappers (for health checks)', () => {
  it('a down check counts as a failure and a healthy check closes a half-open circuit', async () => {
    const store = new MemoryStateStore();
    for (let i = 0; i < 3; i++) await recordCircuitFailure(store, 'openai', settings, T0, 'network', 'health check failed');
    expect(await readCircuit(store, 'openai', settings, T0)).toMatchObject({ status: 'open', lastError: 'health check failed' });
    expect((await readCircuit(store, 'openai', settings, T0 + 300_000)).status).toBe('half-open');
    await recordCircuitSuccess(store, 'openai', settings, T0 + 1_000);
    expect((await readCircuit(store, 'openai', settings, T0 + 1_000)).status).toBe('open'); // not before the recovery timeout
    await recordCircuitSuccess(store, 'openai', settings, T0 + 300_000);
    expect((await readCircuit(store, 'openai', settings, T0 + 300_000)).status).toBe('closed');
  });
});
