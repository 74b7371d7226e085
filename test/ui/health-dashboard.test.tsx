import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProviderHealth } from '../../src/health/check-providers.js';
import { HealthDashboard } from '../../src/ui/health-dashboard.js';
import { sparkline } from '../../src/ui/components/sparkline.js';
import { budgetBar } from '../../src/ui/components/budget-bar.js';

const NOW_MS = Date.UTC(2026, 0, 10, 12, 0, 0);

function row(overrides: Partial<ProviderHealth>): ProviderHealth {
  return {
    name: 'p',
    type: 'openai',
    status: 'healthy',
    latencyMs: 42,
    check: 'GET /v1/models',
    circuit: { status: 'closed', retryInMs: 0, consecutiveFailures: 0 },
    error: null,
    p50Ms: 120,
    p95Ms: 480,
    errorRate: 0.25,
    requestsToday: 17,
    costTodayUsd: 1.5,
    checkedAtMs: NOW_MS,
    ...overrides,
  };
}

const rounds: ProviderHealth[][] = [
  [
    row({ name: 'openai-main' }),
    row({ name: 'anthropic', type: 'anthropic', status: 'down', latencyMs: 5000, error: 'no answer within 5000 ms', circuit: { status: 'open', retryInMs: 125_000, consecutiveFailures: 3 } }),
    row({ name: 'ollama', type: 'ollama', status: 'degraded', latencyMs: 2600 }),
  ],
];

let instance: ReturnType<typeof render> | undefined;
afterEach(() => {
  instance?.unmount();
  instance = undefined;
});

describe('HealthDashboard', () => {
  it('shows a row per provider with status, latency, circuit countdown, error rate, requests, cost, strategies and budget', async () => {
    const check = vi.fn(async () => rounds[0]);
    instance = render(
      <HealthDashboard
        check={check}
        intervalS={30}
        strategies={['default (priority)*', 'fast (performance_based)']}
        budget={async () => ({ label: 'global daily', spentUsd: 7.5, limitUsd: 10 })}
        color={false}
        now={() => NOW_MS}
      />,
    );
    await vi.waitFor(() => expect(instance!.lastFrame()).toContain('openai-main'));
    const frame = instance.lastFrame()!;
    expect(frame).toContain('strategies: default (priority)*, fast (performance_based)');
    expect(frame).toMatch(/budget global daily █{18}░{6} \$7\.50 \/ \$10\.00 \(75%\)/);
    expect(frame).toMatch(/openai-main\s+● healthy\s+42 ms/);
    expect(frame).toMatch(/anthropic\s+● down\s+5000 ms/);
    expect(frame).toContain('open, probe 2m 05s');
    expect(frame).toMatch(/ollama\s+● degraded\s+2600 ms/);
    expect(frame).toContain('25.0%');
    expect(frame).toContain('$1.50');
    expect(frame).toContain('anthropic: no answer within 5000 ms');
    expect(frame).toContain('next check in 30s');
    expect(frame).toContain('q quit · r re-check now');
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('r re-checks at once; q exits and calls onExit', async () => {
    let round = 0;
    const check = vi.fn(async () => [row({ name: 'solo', latencyMs: ++round * 100 })]);
    const onExit = vi.fn();
    instance = render(<HealthDashboard check={check} intervalS={3600} strategies={[]} color={false} onExit={onExit} />);
    await vi.waitFor(() => expect(instance!.lastFrame()).toMatch(/solo\s+● healthy\s+100 ms/));
    instance.stdin.write('r');
    await vi.waitFor(() => expect(instance!.lastFrame()).toMatch(/solo\s+● healthy\s+200 ms/));
    expect(check).toHaveBeenCalledTimes(2);
    expect(instance.lastFrame()).toContain('strategies: none configured');
    expect(instance.lastFrame()).toContain('budget: none configured');
    instance.stdin.write('q');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledTimes(1));
    expect(onExit).toHaveBeenCalledWith('quit');
  });

  it('Ctrl-C exits as an interruption, not a quit (the command exits 130)', async () => {
    const onExit = vi.fn();
    instance = render(<HealthDashboard check={async () => [row({ name: 'solo' })]} intervalS={3600} strategies={[]} color={false} onExit={onExit} />);
    await vi.waitFor(() => expect(instance!.lastFrame()).toContain('solo'));
    instance.stdin.write('\u0003');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith('interrupted'));
  });

  it('a check that throws is shown, and the dashboard keeps going', async () => {
    const check = vi.fn().mockRejectedValueOnce(new Error('database is locked')).mockResolvedValue([row({ name: 'back' })]);
    instance = render(<HealthDashboard check={check} intervalS={3600} strategies={[]} color={false} />);
    await vi.waitFor(() => expect(instance!.lastFrame()).toContain('check failed: database is locked'));
    instance.stdin.write('r');
    await vi.waitFor(() => expect(instance!.lastFrame()).toContain('back'));
    expect(instance.lastFrame()).not.toContain('check failed');
  });
});

describe('sparkline and budget bar', () => {
  it('scales between the window min and max, with gaps for failed checks', () => {
    expect(sparkline([100, 200, null, 300], 6)).toBe('▁▅·█  ');
    expect(sparkline([50, 50], 2)).toBe('▁▁');
    expect(sparkline([null], 3)).toBe('·  ');
    expect(sparkline([1, 2, 3, 4, 5], 3)).toBe('▁▅█');
  });

  it('fills by share and caps at full', () => {
    expect(budgetBar(2.5, 10, 8)).toBe('██░░░░░░');
    expect(budgetBar(20, 10, 4)).toBe('████');
    expect(budgetBar(0, 0, 4)).toBe('████');
  });
});
