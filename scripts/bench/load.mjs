// Load shapes: closed loop (throughput), open loop (latency at a fixed rate), bulk loading.
import { Latencies, sleep } from './stats.mjs';

/** Pause after a failed request so an engine answering errors at once is not hammered in a spin. */
const ERROR_PAUSE_MS = 5;

/**
 * Closed loop: `concurrency` clients, each sending its next request as soon as the previous
 * answered, for `seconds`. Throughput = requests answered inside the window / window length.
 * @param {{ seconds: number, concurrency: number, op: (n: number) => Promise<unknown> }} options
 */
export async function closedLoop({ seconds, concurrency, op }) {
  const latency = new Latencies();
  let ok = 0;
  let errors = 0;
  let firstError = null;
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          await op(n++);
          const done = performance.now();
          if (done <= end) {
            ok++;
            latency.add(done - sent);
          }
        } catch (error) {
          errors++;
          firstError ??= error;
          await sleep(ERROR_PAUSE_MS);
        }
      }
    }),
  );
  return { concurrency, rate: ok / seconds, ok, errors, firstError, latency: latency.summary() };
}

/** An open loop whose oldest unanswered request is this far behind stops sending: see openLoop. */
const SATURATION_BACKLOG_MS = 5_000;

/**
 * Open loop: request i is due at start + i / rate, whether or not earlier ones have answered.
 * Latency is measured from that scheduled time, not from when the request left: when the
 * engine (or the bounded connection pool in front of it) falls behind, the queueing shows up in
 * the latency instead of silently lowering the rate (no coordinated omission).
 *
 * An engine that cannot keep up would only fall further behind, and every scheduled request
 * is awaited, so once the oldest unanswered request is 5 s overdue the loop stops sending
 * (`saturatedAfter` = seconds into the run). The percentiles then cover the requests sent and
 * are lower bounds: the ones not sent would have waited longer still.
 * @param {{ seconds: number, rate: number, op: (n: number, scheduled: number) => Promise<unknown> }} options
 */
export async function openLoop({ seconds, rate, op }) {
  const total = Math.round(seconds * rate);
  const interval = 1000 / rate;
  const latency = new Latencies();
  let ok = 0;
  let errors = 0;
  let firstError = null;
  let lastDone = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let maxLag = 0;
  const pending = new Set();
  /** Scheduled times of unanswered requests, oldest first (a Map keeps insertion order). */
  const unanswered = new Map();
  let saturatedAfter = null;
  const start = performance.now() + 5;
  let i = 0;
  while (i < total) {
    const now = performance.now();
    const oldest = unanswered.values().next();
    if (!oldest.done && now - oldest.value > SATURATION_BACKLOG_MS) {
      saturatedAfter = (now - start) / 1000;
      break;
    }
    while (i < total && start + i * interval <= now) {
      const scheduled = start + i * interval;
      maxLag = Math.max(maxLag, now - scheduled);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const p = op(i, scheduled).then(
        () => {
          lastDone = performance.now();
          ok++;
          latency.add(lastDone - scheduled);
        },
        (error) => {
          lastDone = performance.now();
          errors++;
          firstError ??= error;
        },
      );
      pending.add(p);
      const n = i;
      unanswered.set(n, scheduled);
      void p.finally(() => {
        inFlight--;
        pending.delete(p);
        unanswered.delete(n);
      });
      i++;
    }
    // Timers fire no more often than every ~1 ms: requests due in the same millisecond go
    // out together, each still timed from its own scheduled instant.
    if (i < total) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  await Promise.all(pending);
  const elapsed = Math.max(saturatedAfter ?? seconds, (lastDone - start) / 1000);
  return {
    rate,
    scheduled: i,
    saturatedAfter,
    ok,
    errors,
    firstError,
    achieved: ok / elapsed,
    maxInFlight,
    maxLag,
    latency: latency.summary(),
  };
}

/**
 * Starts `count` instances as fast as `concurrency` clients can (or as many as fit in
 * `stopAfterSeconds`), reporting progress every 10 s. Returns `{ count, seconds, rate, errors }`.
 */
export async function startMany({ count, concurrency, start, progress, stopAfterSeconds = Infinity }) {
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError = null;
  const t0 = performance.now();
  const ticker = progress
    ? setInterval(() => progress(done, count, (performance.now() - t0) / 1000), 10_000)
    : null;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count && performance.now() - t0 < stopAfterSeconds * 1000) {
          const n = next++;
          try {
            await start(n);
            done++;
          } catch (error) {
            errors++;
            firstError ??= error;
            if (errors > Math.max(100, count / 100))
              throw new Error(`Loading failed ${errors} times; first: ${firstError.message}`);
            next--; // retry this slot
            await sleep(ERROR_PAUSE_MS);
          }
        }
      }),
    );
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { count: done, seconds, rate: done / seconds, errors, firstError };
}
