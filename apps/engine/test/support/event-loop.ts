import assert from 'node:assert/strict';
import { availableParallelism, loadavg } from 'node:os';
import { parseExposition } from '../metrics/exposition';

/** Cumulative bucket counts of `osprey_event_loop_delay_seconds`, by upper bound. */
async function buckets(baseUrl: string): Promise<Map<number, number>> {
  const res = await fetch(`${baseUrl}/metrics`);
  const family = parseExposition(await res.text()).get('osprey_event_loop_delay_seconds');
  if (!family) throw new Error('Expected osprey_event_loop_delay_seconds on /metrics, but it is missing');
  const counts = new Map<number, number>();
  for (const s of family.samples) {
    if (s.name.endsWith('_bucket')) counts.set(s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), s.value);
  }
  return counts;
}

/** What the engine's event loop went through while a hostile input ran. */
export interface EventLoopWatch {
  /** The upper bound (ms) of the bucket holding the 99th percentile of the samples since the watch began. */
  p99(): Promise<{ ms: number; samples: number }>;
  /**
   * Asserts that p99 ≤ `maxMs` (20 ms, the engine's promise), and prints the figure. On a machine
   * whose load average exceeds its cores, the scheduler alone delays any busy process by tens of
   * milliseconds (a process spinning in 3 ms chunks measured a p99 of 39 ms at load 20 on 2
   * cores), so there the figure is printed and not asserted.
   */
  assertP99(what: string, maxMs?: number): Promise<void>;
}

/**
 * The shortest window a watch reads: the engine samples its loop every 10 ms, so an input handled
 * in 20 ms may leave no sample at all. Ten samples still show a single stalled turn at the p99.
 */
const MIN_WINDOW_MS = 100;

/** Watches the event-loop delay of the engine at `baseUrl` from now on, as its `/metrics` reports it. */
export async function watchEventLoop(baseUrl: string): Promise<EventLoopWatch> {
  const start = await buckets(baseUrl);
  const began = performance.now();
  const p99 = async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, MIN_WINDOW_MS - (performance.now() - began))));
    const now = await buckets(baseUrl);
    const total = (now.get(Infinity) ?? 0) - (start.get(Infinity) ?? 0);
    for (const le of [...now.keys()].sort((a, b) => a - b)) {
      if (now.get(le)! - (start.get(le) ?? 0) >= total * 0.99) return { ms: le * 1000, samples: total };
    }
    return { ms: Infinity, samples: total };
  };
  return {
    p99,
    async assertP99(what, maxMs = 20) {
      const figure = await p99();
      const load = loadavg()[0]!;
      const overloaded = load > availableParallelism();
      console.log(`# event-loop delay p99 ≤ ${figure.ms} ms (${figure.samples} samples) while ${what}; load average ${load.toFixed(1)}`);
      assert.ok(figure.samples > 0, 'expected event-loop samples on /metrics');
      if (!overloaded) assert.ok(figure.ms <= maxMs, `expected the event-loop delay p99 to stay at most ${maxMs} ms while ${what}, but it was ${figure.ms} ms`);
    },
  };
}

/** Options of {@link assertLoopKeptFree}. */
export interface KeptFreeOptions {
  /** The engine's promise for the p99, in ms. @default 20 */
  readonly maxMs?: number;
  /** Runs of the hostile input, of which the best counts. @default 3 */
  readonly attempts?: number;
}

/**
 * Runs `hostile` against the engine at `baseUrl` and asserts that the event-loop delay p99 while
 * it ran stayed within `maxMs`. Robust on a shared, loaded machine without losing its teeth:
 * - the best of up to `attempts` runs counts (a neighbour's burst rarely hits all of them);
 * - when even the best run is over `maxMs`, the same engine is watched for as long again with
 *   nothing hostile running, and the run must not be worse than that baseline: then the
 *   scheduler delayed the loop, not the input. On a quiet machine the baseline is a few ms, so
 *   an input holding the loop for 30 ms still fails.
 * @returns what the first run of `hostile` resolved with, for the test's other assertions
 */
export async function assertLoopKeptFree<T>(baseUrl: string, what: string, hostile: () => Promise<T>, options: KeptFreeOptions = {}): Promise<T> {
  const { maxMs = 20, attempts = 3 } = options;
  let first: { value: T } | undefined;
  let best = { ms: Infinity, samples: 0, tookMs: 0 };
  for (let i = 0; i < attempts && best.ms > maxMs; i++) {
    const watch = await watchEventLoop(baseUrl);
    const began = performance.now();
    const value = await hostile();
    const tookMs = performance.now() - began;
    first ??= { value };
    const figure = await watch.p99();
    assert.ok(figure.samples > 0, 'expected event-loop samples on /metrics');
    if (figure.ms < best.ms) best = { ...figure, tookMs };
  }
  const load = loadavg()[0]!.toFixed(1);
  if (best.ms <= maxMs) {
    console.log(`# event-loop delay p99 ≤ ${best.ms} ms (${best.samples} samples) while ${what}; load average ${load}`);
    return first!.value;
  }
  const idle = await watchEventLoop(baseUrl);
  await new Promise((r) => setTimeout(r, Math.max(1_000, best.tookMs)));
  const baseline = await idle.p99();
  console.log(`# event-loop delay p99 ≤ ${best.ms} ms while ${what}, ≤ ${baseline.ms} ms with nothing running; load average ${load}`);
  assert.ok(
    best.ms <= baseline.ms,
    `expected the event-loop delay p99 to stay at most ${maxMs} ms (or the machine's own ${baseline.ms} ms) while ${what}, but it was ${best.ms} ms in the best of ${attempts} runs`,
  );
  return first!.value;
}
