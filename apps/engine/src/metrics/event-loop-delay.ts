import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Histogram, type Registry } from 'prom-client';

/** How often the event loop is sampled, in ms (one sample per turn of this timer). */
const RESOLUTION_MS = 10;

/**
 * `osprey_event_loop_delay_seconds`: how late the event loop ran a 10 ms timer, as a Prometheus
 * histogram. Every request, probe and command of the replica waits behind whatever holds the
 * loop, so this is the one figure that shows a FEEL expression, a regular expression or a large
 * variable set taking everybody's turn (docs/adr/0009-bounded-commands.md). Its p99 should stay
 * at a few milliseconds; the `OspreyEventLoopDelayHigh` alert fires at 100 ms.
 *
 * Node's `monitorEventLoopDelay` keeps its own high-resolution histogram; at each scrape its
 * samples since the last scrape are moved into this one (each percentile step of Node's
 * histogram counts as that many observations of its upper value) and Node's is reset.
 */
export class EventLoopDelay {
  private readonly monitor: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor(registry: Registry) {
    const monitor = this.monitor;
    monitor.enable();
    new Histogram({
      name: 'osprey_event_loop_delay_seconds',
      help: `How late the event loop ran a ${RESOLUTION_MS} ms timer (perf_hooks.monitorEventLoopDelay), in seconds; its p99 should stay at a few ms.`,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
      collect() {
        moveSamples(monitor, (seconds) => this.observe(seconds));
        monitor.reset();
      },
    });
  }
}

/** Hands each sample of `monitor` (approximated by its percentile steps) to `observe`, in seconds. */
function moveSamples(monitor: IntervalHistogram, observe: (seconds: number) => void): void {
  const total = monitor.count;
  if (total === 0) return;
  let before = 0;
  let carried = 0;
  for (const [percentile, nanoseconds] of monitor.percentiles) {
    carried += (total * (percentile - before)) / 100;
    before = percentile;
    // Node's delay includes the timer's own resolution; the lateness is what is beyond it.
    const late = Math.max(0, nanoseconds / 1e9 - RESOLUTION_MS / 1000);
    for (; carried >= 1; carried--) observe(late);
  }
}
