/**
 * The monitoring kit (ops/prometheus/alerts.yml, ops/grafana/dashboard.json) names only metrics the
 * gateway exports: every pxg_* metric in their PromQL is found in GET /metrics of a test gateway that
 * has accepted and rejected records and has a webhook subscription. `promtool check rules` (run by
 * .ci/run) checks the rule file's syntax; this checks its meaning.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Telemetry } from '../../gateway/telemetry/port.ts';
import { startTelemetry } from '../../gateway/telemetry/sdk.ts';
import { asSystem, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';

/** Metrics that come from Prometheus itself (`up`) or the blackbox exporter probing /readyz, not from the gateway. */
const FROM_ELSEWHERE = new Set(['up', 'probe_success']);

let telemetry: Telemetry;
let gw: TestGateway;
let exposition: string;

beforeAll(async () => {
  telemetry = startTelemetry({});
  gw = await startTestGateway({
    registry: {
      ...testRegistry(),
      subscriptions: [
        {
          id: 'ops-hooks',
          system: 'ggzy-fj',
          mode: 'webhook',
          format: 'cloudevents',
          webhook: { url: 'http://127.0.0.1:9/hook', secrets: [{ secret: 'whsec_b3BzLWtpdC10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5' }] },
        },
      ],
      delivery: { allowTargets: ['127.0.0.1'], pollMs: 50 },
    },
    overrides: { telemetry },
  });
  const push = (body: unknown) =>
    gw.app.request('/v1/records/batch', { method: 'POST', body: JSON.stringify(body), headers: asSystem(keys.fujian) });
  const record = headerRecord();
  await push([record, record, { ...headerRecord(), version: 0 }]);
  await push([record]);
  exposition = await (await gw.app.request('/metrics')).text();
});
afterAll(async () => {
  await gw?.close();
  await telemetry?.shutdown();
});

/** The metric names of a PromQL expression: identifiers followed by a selector, a range or a comparison, not functions or labels. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  const names = new Set<string>();
  for (const m of withoutStrings.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const name = m[1]!;
    if (/^(by|without|on|ignoring|group_left|group_right|and|or|unless|bool|offset|le|inf|nan)$/i.test(name)) continue;
    if (/^\d/.test(name)) continue;
    names.add(name);
  }
  // Label names inside by (...) / on (...) are not metrics.
  for (const m of withoutStrings.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g))
    for (const label of m[1]!.split(',')) names.delete(label.trim());
  return [...names].filter((n) => n.includes('_') || FROM_ELSEWHERE.has(n));
}

/** The metric families GET /metrics exports (histograms and counters by every name they are queried under). */
function exported(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^# TYPE (\S+) (\w+)/.exec(line);
    if (!m) continue;
    names.add(m[1]!);
    if (m[2] === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${m[1]}${suffix}`);
  }
  return names;
}

function alertExpressions(): string[] {
  const file = parse(readFileSync(new URL('../../ops/prometheus/alerts.yml', import.meta.url), 'utf8')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  return file.groups.flatMap((g) => g.rules.map((r) => r.expr));
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(new URL('../../ops/grafana/dashboard.json', import.meta.url), 'utf8')) as {
    panels: { targets: { expr: string }[] }[];
  };
  return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
}

describe('monitoring kit', () => {
  it('finds the metric names of a PromQL expression and leaves out functions and labels', () => {
    expect(metricNames('sum by (system) (rate(pxg_ingest_rejected_total{code="x"}[15m])) / clamp_min(pxg_a_b, 1e-9) > 0.2').sort()).toEqual(
      ['pxg_a_b', 'pxg_ingest_rejected_total'],
    );
    expect(metricNames('histogram_quantile(0.95, sum by (le, route) (rate(pxg_http_request_duration_seconds_bucket[5m])))')).toEqual([
      'pxg_http_request_duration_seconds_bucket',
    ]);
  });

  it.each([
    ['alert rules', alertExpressions],
    ['dashboard', dashboardExpressions],
  ])('names only metrics the gateway exports in its %s', (_, expressions) => {
    const exprs = expressions();
    expect(exprs.length).toBeGreaterThan(5);
    const have = exported(exposition);
    const named = [...new Set(exprs.flatMap(metricNames))].filter((n) => !FROM_ELSEWHERE.has(n));
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !have.has(n))).toEqual([]);
  });

  it('alerts on silence, rejections, subscriber lag, dead letters, log backlog and readiness', () => {
    const all = alertExpressions().join('\n');
    for (const metric of [
      'pxg_system_status',
      'pxg_ingest_rejected_total',
      'pxg_subscription_lag_seconds',
      'pxg_dead_letters',
      'pxg_log_backlog_events',
      'probe_success',
    ])
      expect(all).toContain(metric);
  });
});
