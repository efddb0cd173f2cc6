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

/** Watches the event-loop delay of the engine at `baseUrl` from now on, as its `/metrics` reports it. */
export async function watchEventLoop(baseUrl: string): Promise<EventLoopWatch> {
  const start = await buckets(baseUrl);
  const p99 = async () => {
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
