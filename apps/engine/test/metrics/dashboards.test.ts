import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { bootEngine, freshDatabase } from '../support/engine-harness';
import { parseExposition, type Family } from './exposition';

const REPO = join(__dirname, '../../../../..');

/** The series names a family exposes (a histogram only as `_bucket`, `_sum` and `_count`). */
function seriesNames(f: Family): string[] {
  return f.type === 'histogram' ? [`${f.name}_bucket`, `${f.name}_sum`, `${f.name}_count`] : [f.name];
}

/** Metric names in a PromQL expression: our prefixes, outside string literals. */
function metricNames(expr: string): string[] {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...code.matchAll(/\b(?:osprey|nodejs|process)_[a-zA-Z0-9_]+/g)].map((m) => m[0]);
}

/** Every PromQL expression of the Grafana dashboard: panel targets and variable queries. */
function dashboardExpressions(): { where: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(join(REPO, 'k8s/grafana/osprey.json'), 'utf8'));
  const out: { where: string; expr: string }[] = [];
  const walk = (panels: any[]) => {
    for (const p of panels ?? []) {
      for (const t of p.targets ?? []) out.push({ where: `panel '${p.title}'`, expr: t.expr });
      walk(p.panels);
    }
  };
  walk(dashboard.panels);
  for (const v of dashboard.templating.list) if (v.type === 'query') out.push({ where: `variable ${v.name}`, expr: v.query.query });
  return out;
}

/** Every expression of the alert rules. */
function ruleExpressions(): { where: string; expr: string }[] {
  const rule = parse(readFileSync(join(REPO, 'k8s/prometheus/rules.yaml'), 'utf8'));
  return rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => ({ where: `alert ${r.alert}`, expr: String(r.expr) })));
}

describe('the Grafana dashboard and the alert rules', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let exported: Set<string>;

  before(async () => {
    db = await freshDatabase('dashboards');
    engine = await bootEngine({ DATABASE_URL: db.url });
    const text = await (await fetch(`${engine.url}/metrics`)).text();
    exported = new Set([...parseExposition(text).values()].flatMap(seriesNames));
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  for (const [what, expressions] of [
    ['dashboard k8s/grafana/osprey.json', dashboardExpressions],
    ['rules k8s/prometheus/rules.yaml', ruleExpressions],
  ] as const) {
    it(`${what} query only metrics a live engine exports`, () => {
      // given the expressions, when their metric names are compared with a live scrape
      const all = expressions();
      assert.ok(all.length > 10, `expected the ${what} to have queries`);
      for (const { where, expr } of all) {
        const names = metricNames(expr);
        // then each queries at least one of our metrics, and none that is not exported
        assert.ok(names.length > 0, `${where} queries none of the engine's metrics: ${expr}`);
        for (const n of names) assert.ok(exported.has(n), `${where} queries ${n}, which the engine does not export`);
      }
    });
  }

  it('lists every alert with a severity, a summary and a description', () => {
    const rule = parse(readFileSync(join(REPO, 'k8s/prometheus/rules.yaml'), 'utf8'));
    for (const r of rule.spec.groups.flatMap((g: any) => g.rules)) {
      assert.match(r.alert, /^Osprey[A-Z]\w+$/);
      assert.ok(['warning', 'critical'].includes(r.labels.severity), r.alert);
      assert.ok(r.annotations.summary && r.annotations.description, r.alert);
    }
  });
});
