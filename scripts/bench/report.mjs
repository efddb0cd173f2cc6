// The results table, with each figure next to its target.
import { formatSplit } from './cpu.mjs';
import { formatStalls } from './stalls.mjs';
import { int, ms, pct } from './stats.mjs';

/** The targets the engine is held to. */
export const TARGETS = {
  startsPerSecond: 1_000,
  startP99Ms: 25,
  transitionP99Ms: 25,
  /** With 100,000 waiting instances: throughput may drop at most 10 %, a p99 may rise at most 25 %. */
  maxThroughputDrop: 0.1,
  maxP99Rise: 0.25,
};

const mark = (ok) => (ok ? '✓' : '✗');

/** Pads a table into aligned columns. */
function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...String(r[c] ?? '')].length)));
  const line = (r) =>
    r
      .map((cell, c) =>
        String(cell ?? '').padEnd(widths[c] + (String(cell ?? '').length - [...String(cell ?? '')].length)),
      )
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Verdicts of every target: `[{ name, ok }]`. */
export function verdicts(r) {
  const v = [];
  v.push({ name: 'starts/s', ok: r.best.rate >= TARGETS.startsPerSecond });
  v.push({ name: 'p99 start', ok: r.open.latency.p99 <= TARGETS.startP99Ms });
  v.push({ name: 'p99 transition', ok: r.transition.latency.p99 <= TARGETS.transitionP99Ms });
  if (r.loaded) {
    v.push({
      name: 'starts/s with waiting',
      ok: r.loaded.closed.rate >= r.best.rate * (1 - TARGETS.maxThroughputDrop),
    });
    v.push({
      name: 'p99 start with waiting',
      ok: r.loaded.open.latency.p99 <= r.open.latency.p99 * (1 + TARGETS.maxP99Rise),
    });
    v.push({
      name: 'p99 transition with waiting',
      ok: r.loaded.transition.latency.p99 <= r.transition.latency.p99 * (1 + TARGETS.maxP99Rise),
    });
  }
  return v;
}

/** The whole report as text. */
export function renderReport(r) {
  const out = [];
  const w = int(r.waiting);
  out.push(`Osprey benchmark — ${r.date}`);
  out.push(
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB · Node ${r.machine.node} · ${r.machine.postgres}` +
      ` · load average at start ${r.machine.loadAverage[0].toFixed(2)}`,
  );
  out.push(
    `Engine: ${r.settings.engines > 1 ? `${r.settings.engines} processes, ` : ''}NODE_ENV=production, LOG_LEVEL=warn, DATABASE_POOL_SIZE=${r.settings.poolSize ?? 'default'}, REST only · ` +
      `client: ${r.settings.httpClient}, keep-alive · ${r.settings.seconds} s per measurement`,
  );
  out.push('');

  const drop = r.loaded ? r.loaded.closed.rate / r.best.rate : NaN;
  const startRise = r.loaded ? r.loaded.open.latency.p99 / r.open.latency.p99 : NaN;
  const transRise = r.loaded ? r.loaded.transition.latency.p99 / r.transition.latency.p99 : NaN;
  const L = r.loaded;
  // A saturated open loop measured only the requests it sent: its percentiles are lower bounds.
  const lat = (phase, key) => `${phase.saturatedAfter != null ? '≥ ' : ''}${ms(phase.latency[key])}`;
  const rows = [
    ['Figure', 'Empty runtime', `${w} waiting`, 'Target', ''],
    [
      `Starts/s, closed loop (best of ${r.sweep.map((s) => s.concurrency).join('/')} clients)`,
      `${int(r.best.rate)} (${r.best.concurrency} clients)`,
      L ? `${int(L.closed.rate)} (${pct(drop)})` : '—',
      `≥ ${int(TARGETS.startsPerSecond)}; ≤ 10 % drop`,
      `${mark(r.best.rate >= TARGETS.startsPerSecond)}${L ? ` ${mark(drop >= 1 - TARGETS.maxThroughputDrop)}` : ''}`,
    ],
    [
      `Start latency p50 @ ${r.settings.rate}/s, open loop`,
      lat(r.open, 'p50'),
      L ? lat(L.open, 'p50') : '—',
      '',
      '',
    ],
    [
      `Start latency p99 @ ${r.settings.rate}/s, open loop`,
      lat(r.open, 'p99'),
      L ? `${lat(L.open, 'p99')} (${pct(startRise)})` : '—',
      `≤ ${TARGETS.startP99Ms} ms; ≤ 25 % rise`,
      `${mark(r.open.latency.p99 <= TARGETS.startP99Ms)}${L ? ` ${mark(startRise <= 1 + TARGETS.maxP99Rise)}` : ''}`,
    ],
    ['  achieved start rate', `${int(r.open.achieved)}/s`, L ? `${int(L.open.achieved)}/s` : '—', '', ''],
    [
      `Transition latency p50 @ ${r.settings.transitionRate}/s`,
      lat(r.transition, 'p50'),
      L ? lat(L.transition, 'p50') : '—',
      '',
      '',
    ],
    [
      `Transition latency p99 @ ${r.settings.transitionRate}/s`,
      lat(r.transition, 'p99'),
      L ? `${lat(L.transition, 'p99')} (${pct(transRise)})` : '—',
      `≤ ${TARGETS.transitionP99Ms} ms; ≤ 25 % rise`,
      `${mark(r.transition.latency.p99 <= TARGETS.transitionP99Ms)}${L ? ` ${mark(transRise <= 1 + TARGETS.maxP99Rise)}` : ''}`,
    ],
    [
      '  achieved transition rate',
      `${int(r.transition.achieved)}/s`,
      L ? `${int(L.transition.achieved)}/s` : '—',
      '',
      '',
    ],
  ];
  if (r.size) {
    rows.push(['Bytes per waiting instance, runtime tables', int(r.size.runtimePerInstance), '', '', '']);
    rows.push(['Bytes per waiting instance, all instance tables', int(r.size.allPerInstance), '', '', '']);
  }
  out.push(table(rows));
  if (r.load) {
    const copies = r.clone
      ? `, then 1 more and ${int(r.clone.count)} SQL copies of it in ${r.clone.seconds.toFixed(1)} s`
      : '';
    out.push(
      `Loading ${w} waiting instances: ${int(r.load.count)} over HTTP in ${r.load.seconds.toFixed(1)} s ` +
        `(${int(r.load.rate)}/s, ${r.load.concurrency} clients)${copies}.`,
    );
  }
  out.push('');

  out.push('Details');
  const sweep = r.sweep.map(
    (s) =>
      `  ${String(s.concurrency).padStart(3)} clients: ${int(s.rate).padStart(6)} starts/s, ` +
      `p50 ${ms(s.latency.p50)}, p99 ${ms(s.latency.p99)}` +
      `${s.errors ? `, ${int(s.errors)} failed${s === r.best ? '' : ' (not counted as best)'}` : ''}` +
      ` · CPU ${formatSplit(s.cpu)}${s.cpu ? ` · per start: engine ${ms((s.cpu.engine * 1000) / s.rate)}, postgres ${ms((s.cpu.postgres * 1000) / s.rate)}` : ''}` +
      `${s.loadAverage ? ` · load ${s.loadAverage[0].toFixed(1)}` : ''}`,
  );
  out.push('  Closed-loop sweep (empty runtime):', ...sweep);
  const failures = (p) => (p.errors ? ` · ${int(p.errors)} failed` : '');
  const load = (p) => (p.loadAverage ? ` · load ${p.loadAverage.map((l) => l.toFixed(1)).join('→')}` : '');
  const phase = (name, p) =>
    `  ${name}: CPU ${formatSplit(p.cpu)}${load(p)}\n    stalls: ${formatStalls(p.stalls)}`;
  const saturated = (p) =>
    p.saturatedAfter != null
      ? ` · saturated: stopped sending after ${p.saturatedAfter.toFixed(1)} s, 5 s behind`
      : '';
  const open = (p) => ` · max ${int(p.maxInFlight)} in flight${failures(p)}${saturated(p)}`;
  const trans = (p) =>
    ` · completion p99 ${ms(p.completeLatency.p99)} · ${int(p.latency.count)} samples${saturated(p)}` +
    `${p.lost ? ` · ${int(p.lost)} lost` : ''}${p.completeErrors ? ` · ${int(p.completeErrors)} failed` : ''}`;
  out.push(phase(`Open loop ${r.settings.rate}/s`, r.open) + open(r.open));
  out.push(phase(`Transitions ${r.settings.transitionRate}/s`, r.transition) + trans(r.transition));
  if (L) {
    out.push(
      phase(`With ${w} waiting, closed loop`, L.closed) +
        ` · p99 ${ms(L.closed.latency.p99)}${failures(L.closed)}`,
    );
    out.push(phase(`With ${w} waiting, open loop`, L.open) + open(L.open));
    out.push(phase(`With ${w} waiting, transitions`, L.transition) + trans(L.transition));
  }
  if (r.size) {
    const parts = Object.entries(r.size.byTable)
      .filter(([, b]) => b > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([t, b]) => `${t} ${int(b)}`);
    out.push(`  Bytes per waiting instance by table: ${parts.join(', ')}`);
  }
  const measuredPhases = [r.best, r.open, r.transition, ...(L ? [L.closed, L.open, L.transition] : [])];
  const messages = [
    ...new Set([...r.sweep, ...measuredPhases].filter((p) => p.firstError).map((p) => p.firstError.message)),
  ];
  for (const m of messages.slice(0, 5)) out.push(`  error: ${m}`);
  const failed = verdicts(r).filter((v) => !v.ok);
  const failedRequests = measuredPhases.reduce((n, p) => n + (p.errors ?? 0) + (p.completeErrors ?? 0), 0);
  if (failedRequests > 0)
    failed.push({ name: `${int(failedRequests)} requests failed, so the figures are suspect` });
  out.push('');
  out.push(
    failed.length === 0 ? 'All targets met.' : `Targets missed: ${failed.map((v) => v.name).join('; ')}.`,
  );
  return out.join('\n');
}

/** Statement profile as text: per command, the statements with calls and client-side time. */
export function renderProfile(title, tallies, { commands, seconds }, split) {
  const total = tallies.reduce((s, t) => s + t.ms, 0);
  const calls = tallies.reduce((s, t) => s + t.count, 0);
  const rows = [['Calls/cmd', 'Mean', 'Max', 'Share', 'Statement']];
  for (const t of [...tallies].sort((a, b) => b.ms - a.ms).slice(0, 25)) {
    rows.push([
      (t.count / commands).toFixed(2),
      ms(t.ms / t.count),
      ms(t.maxMs),
      `${((t.ms / total) * 100).toFixed(1)} %`,
      t.sql.slice(0, 150),
    ]);
  }
  const perCommand = (cores) => ms((cores * seconds * 1000) / commands);
  return [
    `${title}: ${int(commands)} commands, ${(calls / commands).toFixed(1)} statements and ${ms(total / commands)} of SQL round trips per command`,
    split
      ? `CPU per command: engine ${perCommand(split.engine)}, PostgreSQL ${perCommand(split.postgres)}, load generator ${perCommand(split.bench)} (${formatSplit(split)})`
      : 'CPU per command: n/a',
    table(rows),
  ].join('\n');
}

/** The statement-shape comparison as text. */
export function renderShapes(results) {
  const rows = [
    ['Shape of one start (16 clients, pg only)', 'Round trips', 'Starts/s', 'PostgreSQL CPU', 'Client CPU'],
  ];
  for (const r of results) {
    rows.push([
      r.shape,
      String(r.roundTrips),
      int(r.rate),
      `${ms(r.postgresMs)}/start`,
      `${ms(r.clientMs)}/start`,
    ]);
  }
  const noisy = Math.max(...results.map((r) => r.other));
  return [
    table(rows),
    `(other processes used up to ${noisy.toFixed(2)} cores meanwhile; the CPU per start is the steadier figure)`,
  ].join('\n');
}
