// Stalls inside the engine during a phase: event-loop delay, GC pauses and the wait for a pooled
// database connection, read from the engine's own Prometheus exposition (`GET /metrics`).
//
// - Event-loop delay: prom-client's `nodejs_eventloop_lag_*_seconds`, which come from
//   `perf_hooks.monitorEventLoopDelay` and are reset at every scrape. Scraping right before a
//   phase therefore starts a fresh window, and the scrape right after it reads that phase alone.
//   The histogram records the interval between two firings of a 10 ms timer (prom-client's
//   default resolution), so 10 ms is subtracted: what remains is the delay.
// - GC pauses: `nodejs_gc_duration_seconds` (a `PerformanceObserver` on 'gc'), diffed between the
//   two scrapes: count, total pause time, and the pauses longer than 10 ms (its bucket bounds are
//   1, 10, 100 ms, …).
// - Pool wait: `osprey_db_pool_wait_seconds`, diffed: the wait of every transaction for a
//   connection; percentiles are bucket upper bounds ("≤ 2 ms").

/** prom-client's `eventLoopMonitoringPrecision` default, in ms. */
const LOOP_RESOLUTION_MS = 10;

/** The metric samples of a Prometheus text exposition: `[{ name, labels, value }]`. */
export function parseExposition(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const [, k, v] of (m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return samples;
}

/** Reads `/metrics` of an engine. Resets the event-loop delay window (see the file comment). */
export async function scrapeStalls(api) {
  for (let attempt = 1; ; attempt++) {
    try {
      const text = await api.get('/metrics');
      return parseExposition(typeof text === 'string' ? text : '');
    } catch (error) {
      // The stalls are an aside: a scrape that keeps failing costs its figures, not the run.
      process.stderr.write(`[bench] GET /metrics failed (attempt ${attempt}): ${error?.code ?? ''} ${error?.message}\n`);
      if (attempt >= 3) return parseExposition('');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const sum = (samples, name, where = () => true) =>
  samples.filter((s) => s.name === name && where(s.labels)).reduce((a, s) => a + s.value, 0);

/** Cumulative bucket counts of a histogram, summed over its label sets: Map<le, count>. */
function buckets(samples, name) {
  const out = new Map();
  for (const s of samples) {
    if (s.name !== `${name}_bucket`) continue;
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    out.set(le, (out.get(le) ?? 0) + s.value);
  }
  return out;
}

/** The smallest bucket bound with at least `p` % of the observations at or below it. */
function bucketPercentile(before, after, p) {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return NaN;
  for (const le of bounds) {
    if ((after.get(le) ?? 0) - (before.get(le) ?? 0) >= (p / 100) * total) return le;
  }
  return Infinity;
}

/**
 * What the engine stalled on between two scrapes (the second taken right after the phase).
 * Times in ms. Several engine processes: pass the scrapes of each; loop figures are the worst,
 * GC and pool figures are summed.
 */
export function stallsBetween(before, after) {
  const loop = (q) =>
    Math.max(0, 1000 * Math.max(...after.map((a) => sum(a, `nodejs_eventloop_lag_${q}_seconds`))) - LOOP_RESOLUTION_MS);
  let gcCount = 0;
  let gcMs = 0;
  let gcOver10 = 0;
  let waitCount = 0;
  let waitMs = 0;
  const waitBuckets = [new Map(), new Map()];
  after.forEach((a, i) => {
    const b = before[i];
    gcCount += sum(a, 'nodejs_gc_duration_seconds_count') - sum(b, 'nodejs_gc_duration_seconds_count');
    gcMs += 1000 * (sum(a, 'nodejs_gc_duration_seconds_sum') - sum(b, 'nodejs_gc_duration_seconds_sum'));
    const under10 = (x) => sum(x, 'nodejs_gc_duration_seconds_bucket', (l) => l.le === '0.01');
    gcOver10 += gcCountOf(a) - under10(a) - (gcCountOf(b) - under10(b));
    waitCount += sum(a, 'osprey_db_pool_wait_seconds_count') - sum(b, 'osprey_db_pool_wait_seconds_count');
    waitMs += 1000 * (sum(a, 'osprey_db_pool_wait_seconds_sum') - sum(b, 'osprey_db_pool_wait_seconds_sum'));
    for (const [target, from] of [
      [waitBuckets[0], buckets(b, 'osprey_db_pool_wait_seconds')],
      [waitBuckets[1], buckets(a, 'osprey_db_pool_wait_seconds')],
    ]) {
      for (const [le, n] of from) target.set(le, (target.get(le) ?? 0) + n);
    }
  });
  return {
    loop: { p50: loop('p50'), p99: loop('p99'), max: loop('max') },
    gc: { count: gcCount, totalMs: gcMs, over10ms: gcOver10 },
    poolWait: {
      count: waitCount,
      meanMs: waitCount > 0 ? waitMs / waitCount : NaN,
      p99Ms: 1000 * bucketPercentile(waitBuckets[0], waitBuckets[1], 99),
    },
  };
}

const gcCountOf = (x) => sum(x, 'nodejs_gc_duration_seconds_count');

/** "loop p99 4.2 ms · max 31 ms · GC 12 × 40 ms (0 > 10 ms) · pool wait mean 0.1 ms, p99 ≤ 1 ms" */
export function formatStalls(s) {
  if (!s) return 'n/a';
  const f = (v) => (!Number.isFinite(v) ? '—' : v < 10 ? v.toFixed(1) : Math.round(v).toString());
  return (
    `loop p50 ${f(s.loop.p50)} · p99 ${f(s.loop.p99)} · max ${f(s.loop.max)} ms · ` +
    `GC ${Math.round(s.gc.count)} × ${f(s.gc.totalMs)} ms (${Math.round(s.gc.over10ms)} > 10 ms) · ` +
    `pool wait mean ${f(s.poolWait.meanMs)} ms, p99 ≤ ${f(s.poolWait.p99Ms)} ms`
  );
}
