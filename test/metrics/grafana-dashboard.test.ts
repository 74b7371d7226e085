import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.js';
import { PROMTOOL, hasPromtool } from './promtool.js';

const tempDir = useTempDirs('llmx-rules-');

interface Panel {
  id: number;
  title: string;
  type: string;
  datasource: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets: Array<{ refId: string; expr: string; datasource: { uid: string } }>;
}
const dashboard = JSON.parse(readFileSync(new URL('../../dashboards/llmx.json', import.meta.url), 'utf8')) as {
  __inputs: Array<{ name: string; type: string; pluginId: string }>;
  schemaVersion: number;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; datasource: { uid: string } }> };
};
const EXPORTED = ['provider_requests_total', 'provider_response_time_seconds_bucket', 'provider_cost_total', 'provider_tokens_total', 'provider_up', 'provider_circuit_state', 'llmx_budget_spent_usd', 'llmx_budget_limit_usd'];

describe('dashboards/llmx.json', () => {
  it('is importable: a schema version, a Prometheus datasource input every panel and variable uses, unique panel ids', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toBe('llmx-providers');
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    for (const panel of dashboard.panels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${DS_PROMETHEUS}' });
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.datasource.uid).toBe('${DS_PROMETHEUS}');
      expect(panel.gridPos.w).toBeGreaterThan(0);
    }
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    expect(dashboard.templating.list.map((variable) => variable.datasource.uid)).toEqual(['${DS_PROMETHEUS}']);
  });

  it("has the seed's panels, each querying only metrics llmx exports", () => {
    const titles = dashboard.panels.map((panel) => panel.title);
    for (const wanted of ['Request distribution across providers', 'Response time p50 / p95 by provider', 'Error rate by provider', 'Cost by provider (USD per interval)', 'Provider health status']) {
      expect(titles).toContain(wanted);
    }
    const latency = dashboard.panels.find((panel) => panel.title.startsWith('Response time'))!;
    expect(latency.targets.map((target) => target.expr.slice(0, 24))).toEqual(['histogram_quantile(0.5, ', 'histogram_quantile(0.95,']);
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        const names = target.expr.match(/\b(provider|llmx)_[a-z_]+\b/g) ?? [];
        expect(names.length, target.expr).toBeGreaterThan(0);
        for (const name of names) expect(EXPORTED, `${panel.title}: ${name}`).toContain(name);
      }
    }
  });

  it.skipIf(!hasPromtool)('every query is valid PromQL (promtool check rules, with Grafana macros expanded)', async () => {
    const dir = tempDir();
    const rules = dashboard.panels.flatMap((panel) =>
      panel.targets.map((target) => ({ record: `llmx:panel_${panel.id}_${target.refId}`, expr: target.expr.replaceAll('$__rate_interval', '1m').replaceAll('$__range', '1h').replaceAll('$provider', '.*') })),
    );
    const file = join(dir, 'rules.yml');
    await writeFile(file, JSON.stringify({ groups: [{ name: 'llmx-dashboard', rules }] }));
    const result = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.status).toBe(0);
  });
});
