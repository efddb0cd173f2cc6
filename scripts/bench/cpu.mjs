// Where the CPU went during a phase: engine, PostgreSQL, load generator, everything else.
// Read from /proc (Linux); elsewhere the split is simply not reported.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ) on every common platform. */
const TICKS_PER_SECOND = 100;

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** utime + stime of a process, in ticks; null when it is gone. */
function processTicks(pid) {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) may hold spaces; fields after it start at "state".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * PostgreSQL processes that work for the benchmark: backends of `database` and the server's
 * own background processes (WAL writer, checkpointer, autovacuum, …), but not backends serving
 * other databases on the same server.
 */
function postgresPids(database) {
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (read(`/proc/${name}/comm`)?.trim() !== 'postgres') continue;
    const cmdline = (read(`/proc/${name}/cmdline`) ?? '').replace(/\0/g, ' ');
    const clientBackend = cmdline.includes('(');
    if (!clientBackend || cmdline.includes(` ${database} `)) pids.push(Number(name));
  }
  return pids;
}

/** Busy and total ticks of the whole machine. */
function machineTicks() {
  const line = read('/proc/stat')?.split('\n')[0];
  if (!line) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + (steal || 0);
  return { busy, total: busy + idle + iowait };
}

/**
 * A snapshot to diff later with {@link cpuSplit}. `enginePid`: one engine process, or several
 * (their CPU is summed).
 */
export function cpuSnapshot(enginePid, database) {
  if (!read('/proc/stat')) return null;
  const pg = new Map();
  for (const pid of postgresPids(database)) pg.set(pid, processTicks(pid) ?? 0);
  const self = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineTicks(),
    engine: [enginePid].flat().reduce((sum, pid) => sum + (processTicks(pid) ?? 0), 0),
    pg,
    bench: (self.user + self.system) / 10_000, // µs → ticks
  };
}

/**
 * Cores used by each party between two snapshots (2.0 = both cores of a 2-core machine).
 * `other` is whatever else ran on the machine; a large value means the figures are disturbed.
 */
export function cpuSplit(before, after) {
  if (!before || !after) return null;
  const seconds = (after.at - before.at) / 1000;
  let pg = 0;
  for (const [pid, ticks] of after.pg) pg += ticks - (before.pg.get(pid) ?? 0);
  const cores = (ticks) => ticks / TICKS_PER_SECOND / seconds;
  const busy = after.machine.busy - before.machine.busy;
  const split = {
    engine: cores(after.engine - before.engine),
    postgres: cores(pg),
    bench: cores(after.bench - before.bench),
    machine: cores(busy),
    seconds,
  };
  split.other = Math.max(0, split.machine - split.engine - split.postgres - split.bench);
  return split;
}

/** "engine 0.95 · postgres 0.70 · load 0.20 · other 0.02 (cores)" */
export function formatSplit(split) {
  if (!split) return 'n/a';
  const f = (v) => v.toFixed(2);
  return `engine ${f(split.engine)} · postgres ${f(split.postgres)} · load gen ${f(split.bench)} · other ${f(split.other)}`;
}
