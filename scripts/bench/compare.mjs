// `npm run bench -- --peer camunda7`: Osprey and Camunda 7 (or, with `--peer osprey:<dir>`, another
// build of Osprey) side by side on the same machine, the
// same PostgreSQL (each in its own database), the same processes and the same load generator,
// run by run interleaved, with one table of ratios. See docs/benchmarks.md#side-by-side.
import os from 'node:os';
import { cpuSnapshot, cpuSplit } from './cpu.mjs';
import { closedLoop, openLoop, startMany } from './load.mjs';
import { JOB_TYPES, PROCESS_IDS } from './processes.mjs';
import { formatStalls, scrapeStalls, stallsBetween } from './stalls.mjs';
import { drainJobs } from './jobs.mjs';
import { int, ms } from './stats.mjs';
import { measureTransitions, stageFirstJobs } from './transition.mjs';

/**
 * Warm-up chunks: a peer is warm when its CPU per start moved less than this twice in a row.
 * (10 % once stopped Camunda 7 at 2.1 ms per start, which fell to 0.8 ms a few minutes later.)
 */
const SETTLED = 0.05;

/**
 * One side of the comparison: `peer` (peers.mjs), `pollPeer` (its own connections for
 * long-polls), `pid` (the engine process or processes whose CPU is read), `database` (whose
 * PostgreSQL backends are counted) and `stallsApis` (Osprey only: each process's `/metrics`).
 * @typedef {{ peer: any, pollPeer: any, pid: number | number[], database: string, stallsApis?: any[] }} Side
 */

/** Runs `fn` and adds CPU split, load average and (where the engine exposes them) stalls. */
async function measured(side, fn) {
  const apis = side.stallsApis ?? [];
  const stallsBefore = apis.length > 0 ? await Promise.all(apis.map(scrapeStalls)) : null;
  const load = os.loadavg()[0];
  const before = cpuSnapshot(side.pid, side.database);
  const result = await fn();
  result.cpu = cpuSplit(before, cpuSnapshot(side.pid, side.database));
  result.load = [load, os.loadavg()[0]];
  if (stallsBefore) result.stalls = stallsBetween(stallsBefore, await Promise.all(apis.map(scrapeStalls)));
  return result;
}

/** CPU per operation in ms: `{ engine, postgres }`. */
const perOp = (r, rate) =>
  r.cpu && rate > 0
    ? { engine: (r.cpu.engine * 1000) / rate, postgres: (r.cpu.postgres * 1000) / rate }
    : { engine: NaN, postgres: NaN };

/** CPU per completed job in ms over the whole phase: `{ engine, postgres }`. */
const perJob = (r) =>
  r.cpu && r.completed > 0
    ? { engine: (r.cpu.engine * r.cpu.seconds * 1000) / r.completed, postgres: (r.cpu.postgres * r.cpu.seconds * 1000) / r.completed }
    : { engine: NaN, postgres: NaN };

/** Cores used while the backlog drained (the phase's CPU time over the time to its last completion). */
const drainingCores = (r) => {
  if (!r.cpu || !(r.seconds > 0)) return null;
  const over = r.cpu.seconds / r.seconds;
  return { engine: r.cpu.engine * over, postgres: r.cpu.postgres * over, bench: r.cpu.bench * over };
};

const startOne = (side) => (n) => side.peer.start(PROCESS_IDS.oneTask, n);

/**
 * Closed loops of `chunkSeconds` until the engine's CPU per start settles (within 5 % of the
 * previous chunk, twice in a row), at most `maxChunks`. Also warms the job paths. Returns the CPU per start of
 * each chunk.
 */
export async function warmUp(side, { chunkSeconds, maxChunks, log }) {
  const trail = [];
  for (let i = 0; i < maxChunks; i++) {
    const r = await measured(side, () => closedLoop({ seconds: chunkSeconds, concurrency: 16, op: startOne(side) }));
    const cpu = perOp(r, r.rate).engine;
    trail.push(cpu);
    log(`  ${side.peer.name} warm-up ${i + 1}: ${int(r.rate)} starts/s, engine ${ms(cpu)} per start`);
    const moved = (i) => Math.abs(trail[i] - trail[i - 1]) / trail[i - 1];
    const n = trail.length - 1;
    if (n >= 2 && moved(n) < SETTLED && moved(n - 1) < SETTLED) break;
  }
  const staged = await stageFirstJobs({ peer: side.peer, count: 300, concurrency: 16 });
  await measureTransitions({ peer: side.peer, pollPeer: side.pollPeer, staged, rate: 100, seconds: 3 });
  return trail;
}

/** Starts a backlog of two-task instances, then drains both its job types (jobs.mjs). */
async function jobThroughput(side, { backlog, workers, seconds }) {
  await startMany({ count: backlog, concurrency: 32, start: (n) => side.peer.start(PROCESS_IDS.twoTasks, n) });
  return measured(side, () => drainJobs({ peer: side.peer, types: [JOB_TYPES.first, JOB_TYPES.second], workers, seconds }));
}

/**
 * One round: every phase, each run on both engines back to back in `order` (keys of `sides`),
 * so the two figures of a ratio are measured seconds apart, under the same load of the machine.
 * Returns `{ [key]: figures }`.
 */
export async function round(sides, order, s, log) {
  const r = Object.fromEntries(order.map((key) => [key, { open: {} }]));
  const each = async (label, fn) => {
    for (const key of order) {
      log(`${sides[key].peer.name}: ${label}`);
      await fn(sides[key], r[key]);
    }
  };
  await each(`closed loop, ${s.concurrency} clients, ${s.seconds} s`, async (side, x) => {
    x.closed = await measured(side, () => closedLoop({ seconds: s.seconds, concurrency: s.concurrency, op: startOne(side) }));
    x.closed.perStart = perOp(x.closed, x.closed.rate);
    log(`  ${int(x.closed.rate)} starts/s, engine ${ms(x.closed.perStart.engine)} + PostgreSQL ${ms(x.closed.perStart.postgres)} per start`);
  });
  for (const rate of s.rates) {
    await each(`open loop ${rate} starts/s, ${s.seconds} s`, async (side, x) => {
      const o = (x.open[rate] = await measured(side, () => openLoop({ seconds: s.seconds, rate, op: startOne(side) })));
      log(`  p50 ${ms(o.latency.p50)}, p99 ${ms(o.latency.p99)}${o.stalls ? ` · ${formatStalls(o.stalls)}` : ''}`);
    });
    if (s.floor) {
      // Right after the engines, under the same load of the machine: the least a start can cost.
      log(`floor: open loop ${rate} starts/s, ${s.seconds} s`);
      const f = await openLoop({ seconds: s.seconds, rate, op: (n) => s.floor.start(PROCESS_IDS.oneTask, n) });
      (r.floor ??= {})[rate] = f;
      log(`  p50 ${ms(f.latency.p50)}, p99 ${ms(f.latency.p99)}`);
    }
  }
  const count = Math.round(s.transitionRate * s.seconds);
  const staged = {};
  await each(`staging ${int(count)} two-task instances`, async (side) => {
    staged[side.peer.name] = await stageFirstJobs({ peer: side.peer, count, concurrency: 32 });
  });
  await each(`transitions at ${s.transitionRate}/s, ${s.seconds} s`, async (side, x) => {
    const jobs = staged[side.peer.name];
    x.transition = await measured(side, () =>
      measureTransitions({ peer: side.peer, pollPeer: side.pollPeer, staged: jobs, rate: s.transitionRate, seconds: s.seconds }),
    );
    log(`  p50 ${ms(x.transition.latency.p50)}, p99 ${ms(x.transition.latency.p99)}`);
  });
  await each(`job throughput, backlog ${int(s.backlog)} two-task instances, ${s.workers} workers per type`, async (side, x) => {
    x.jobs = await jobThroughput(side, { backlog: s.backlog, workers: s.workers, seconds: s.seconds });
    log(`  ${int(x.jobs.rate)} jobs/s`);
  });
  return r;
}

/** An error's message, also once it was written to JSON as text; shortened to one line. */
const errorText = (e) => String(e?.message ?? e).split('\n')[0].slice(0, 240);

const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const loadOf = (p) => (p?.load ? p.load[0].toFixed(1) : '—');
/** Requests of a phase that failed or were lost; "sat." marks a saturated open loop (its percentiles are lower bounds). */
const failedIn = (p) =>
  `${p.saturatedAfter != null ? 'sat. ' : ''}${int((p.errors ?? 0) + (p.completeErrors ?? 0) + (p.lost ?? 0))}`;

/** Pads rows into aligned columns. */
function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (r) => r.map((cell, c) => String(cell ?? '').padEnd(widths[c])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * The table of ratios: one row per figure and round, Osprey ÷ the peer, with the load average
 * at the start of each side's phase. `rounds`: `[{ osprey, peer }]`; `peer`: `{ name, description }`.
 */
export function renderComparison({ rounds, settings, machine, warm, peer }) {
  const short = peer.name === 'Camunda 7' ? 'C7' : 'P';
  const rows = [['Figure', 'Round', 'Osprey', peer.name, `Osprey ÷ ${short}`, 'Better', `Load O / ${short}`, `Failed O / ${short}`]];
  const add = (figure, better, pick, fmt) =>
    rounds.forEach((r, i) => {
      const [o, c] = [pick(r.osprey), pick(r.peer)];
      rows.push([
        figure,
        String(i + 1),
        fmt(o.value),
        fmt(c.value),
        ratio(o.value, c.value),
        better,
        `${loadOf(o.phase)} / ${loadOf(c.phase)}`,
        `${failedIn(o.phase)} / ${failedIn(c.phase)}`,
      ]);
    });
  const rate = (v) => (Number.isFinite(v) ? `${int(v)}/s` : '—');
  add(`Starts/s, closed loop (${settings.concurrency} clients)`, 'higher', (x) => ({ value: x.closed.rate, phase: x.closed }), rate);
  add('  engine CPU per start', 'lower', (x) => ({ value: x.closed.perStart.engine, phase: x.closed }), ms);
  add('  PostgreSQL CPU per start', 'lower', (x) => ({ value: x.closed.perStart.postgres, phase: x.closed }), ms);
  // What the scheduler gave each engine: on a machine shared with other work, this (not the
  // engine) can decide the latencies below.
  const cores = (v) => (Number.isFinite(v) ? `${v.toFixed(2)} cores` : '—');
  add('  engine CPU used (closed loop)', '', (x) => ({ value: x.closed.cpu?.engine, phase: x.closed }), cores);
  add('  other work on the machine', '', (x) => ({ value: x.closed.cpu?.other, phase: x.closed }), cores);
  for (const q of settings.rates) {
    add(`Start p50 @ ${q}/s`, 'lower', (x) => ({ value: x.open[q].latency.p50, phase: x.open[q] }), ms);
    add(`Start p99 @ ${q}/s`, 'lower', (x) => ({ value: x.open[q].latency.p99, phase: x.open[q] }), ms);
  }
  add(`  engine CPU used @ ${settings.rates.at(-1)}/s`, '', (x) => ({ value: x.open[settings.rates.at(-1)].cpu?.engine, phase: x.open[settings.rates.at(-1)] }), cores);
  add(`Transition p50 @ ${settings.transitionRate}/s`, 'lower', (x) => ({ value: x.transition.latency.p50, phase: x.transition }), ms);
  add(`Transition p99 @ ${settings.transitionRate}/s`, 'lower', (x) => ({ value: x.transition.latency.p99, phase: x.transition }), ms);
  add('Jobs/s, two-task backlog (activate + complete)', 'higher', (x) => ({ value: x.jobs.rate, phase: x.jobs }), rate);
  // Where a job's time goes. The phase ends with the workers' empty polls once the backlog is
  // drained, so CPU is taken per job over the whole phase, and as cores over the draining part.
  add('  engine CPU per job', 'lower', (x) => ({ value: perJob(x.jobs).engine, phase: x.jobs }), ms);
  add('  PostgreSQL CPU per job', 'lower', (x) => ({ value: perJob(x.jobs).postgres, phase: x.jobs }), ms);
  add('  engine · PostgreSQL · load generator (jobs)', '', (x) => ({ value: drainingCores(x.jobs), phase: x.jobs }), (c) =>
    c ? `${c.engine.toFixed(2)} · ${c.postgres.toFixed(2)} · ${c.bench.toFixed(2)} cores` : '—',
  );

  const out = [];
  out.push(`Osprey vs ${peer.name} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  out.push(
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB · Node ${machine.node} · ${machine.java} · ${machine.postgres}`,
  );
  out.push(
    `Osprey: ${settings.engines} engine process${settings.engines > 1 ? 'es' : ''} (all roles, DATABASE_POOL_SIZE 20 each) · ` +
      `${peer.description} · ` +
      `${settings.seconds} s per point, each phase run on both back to back (round 1 Osprey first, round 2 ${peer.name} first, …) · ` +
      `warm-up CPU per start (ms): Osprey ${warm.osprey.map((v) => v.toFixed(2)).join(' → ')}, ` +
      `${peer.name} ${warm.peer.map((v) => v.toFixed(2)).join(' → ')}`,
  );
  if (settings.preloaded) {
    const p = settings.preloaded;
    const gb = (bytes) => `${(bytes / 1e9).toFixed(2)} GB`;
    const total = Object.values(p.sizes).reduce((a, b) => a + b, 0);
    out.push(
      `Osprey's database preloaded with ${int(p.waiting)} waiting instances and ${int(p.history)} history rows ` +
        `(instance tables ${gb(total)}, history ${gb((p.sizes.history_batch ?? 0) + (p.sizes.history_record ?? 0))}; ${p.seconds.toFixed(0)} s to load)`,
    );
  }
  out.push('');
  out.push(table(rows));
  out.push('');
  out.push('Osprey stalls per open loop (event-loop delay beyond the 10 ms sampling tick, GC, pool wait):');
  rounds.forEach((r, i) => {
    for (const q of settings.rates) {
      out.push(`  round ${i + 1}, ${q}/s: ${formatStalls(r.osprey.open[q].stalls)}`);
      if (r.peer.open[q].stalls) out.push(`    ${peer.name}: ${formatStalls(r.peer.open[q].stalls)}`);
    }
  });
  if (rounds.some((r) => r.floor)) {
    out.push('');
    out.push("This machine's floor per open loop (HTTP and one INSERT in autocommit on the same PostgreSQL, the same load generator, right after both engines):");
    rounds.forEach((r, i) => {
      const line = settings.rates.map((q) => {
        const f = r.floor?.[q];
        if (!f) return `${q}/s: —`;
        const over = (x) => {
          const d = x.open[q].latency.p99 - f.latency.p99;
          return Number.isFinite(d) ? `${d < 0 ? '−' : '+'}${ms(Math.abs(d))}` : '—';
        };
        return `${q}/s: p50 ${ms(f.latency.p50)} · p99 ${ms(f.latency.p99)} (Osprey ${over(r.osprey)}, ${peer.name} ${over(r.peer)})`;
      });
      out.push(`  round ${i + 1}: ${line.join('; ')}`);
    });
  }
  const errors = [];
  rounds.forEach((r, i) => {
    for (const [side, x] of [['Osprey', r.osprey], [peer.name, r.peer]]) {
      const phases = [x.closed, ...Object.values(x.open), x.transition, x.jobs];
      const failed = phases.reduce((n, p) => n + (p.errors ?? 0) + (p.completeErrors ?? 0) + (p.lost ?? 0), 0);
      const saturated = phases.filter((p) => p.saturatedAfter != null).length;
      if (failed || saturated)
        errors.push(
          `  round ${i + 1}, ${side}: ${failed} failed or lost${saturated ? `, ${saturated} open loops saturated (their percentiles are lower bounds)` : ''}` +
            `${phases.find((p) => p.firstError) ? ` — ${errorText(phases.find((p) => p.firstError).firstError)}` : ''}`,
        );
    }
  });
  if (errors.length) out.push('', 'Failures:', ...errors);
  return out.join('\n');
}
