import type { WorkerMetrics } from './worker-options';

/** Calls a metrics hook; a hook that throws is ignored, since metrics must never break job handling. */
export function callHook(metrics: WorkerMetrics, call: (hooks: WorkerMetrics) => void): void {
  try {
    call(metrics);
  } catch {
    // ignored: see above
  }
}
