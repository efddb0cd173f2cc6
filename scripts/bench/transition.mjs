// Transition latency: from "worker sends the completion of job bench-a" to "a worker holds job
// bench-b of the same instance" — what a two-step process feels like to the workers.
import { ospreyPeer } from './peers.mjs';
import { JOB_TYPES, PROCESS_IDS } from './processes.mjs';
import { openLoop, startMany } from './load.mjs';
import { Latencies, sleep } from './stats.mjs';

/** Lease on staged bench-a jobs: long enough to outlast the whole phase. */
const STAGE_LEASE_MS = 10 * 60_000;
/** Long-polls the bench-b worker keeps open. Two, so one is always waiting while the other answers. */
const POLLERS = 2;
/** How long each long-poll waits before it answers empty and is re-sent. */
const POLL_REQUEST_TIMEOUT_MS = 1_000;
/** How long to wait after the last completion for the last bench-b job before counting it lost. */
const DRAIN_MS = 5_000;

/**
 * Starts `count` two-task instances and activates their bench-a jobs, so the measured phase
 * only completes jobs. Returns the jobs (see peers.mjs). `peer` defaults to Osprey on `api`.
 */
export async function stageFirstJobs({ api, peer = ospreyPeer(api), count, concurrency }) {
  await startMany({ count, concurrency, start: (n) => peer.start(PROCESS_IDS.twoTasks, n) });
  const jobs = [];
  while (jobs.length < count) {
    const got = await peer.activate({
      type: JOB_TYPES.first,
      worker: 'bench-stage',
      max: Math.min(1000, count - jobs.length),
      lockMs: STAGE_LEASE_MS,
      waitMs: POLL_REQUEST_TIMEOUT_MS,
    });
    if (got.length === 0)
      throw new Error(`Expected ${count} activatable '${JOB_TYPES.first}' jobs, but found ${jobs.length}`);
    jobs.push(...got);
  }
  return jobs;
}

/**
 * Completes the staged bench-a jobs in an open loop at `rate`; a bench-b worker long-polls all
 * the while. Each sample is (bench-b job in the worker's hands) − (scheduled send time of the
 * bench-a completion). The worker completes bench-b so instances end, as in real use.
 */
export async function measureTransitions({
  api,
  pollApi,
  peer = ospreyPeer(api),
  pollPeer = ospreyPeer(pollApi),
  staged,
  rate,
  seconds,
}) {
  const sentAt = new Map();
  const latency = new Latencies();
  let unmatched = 0;
  let pollErrors = 0;
  let firstPollError = null;
  let stopped = false;
  const completions = new Set();

  const poller = async () => {
    while (!stopped) {
      let jobs;
      try {
        jobs = await pollPeer.activate({
          type: JOB_TYPES.second,
          worker: 'bench-b',
          max: 32,
          lockMs: 60_000,
          waitMs: POLL_REQUEST_TIMEOUT_MS,
        });
      } catch (error) {
        pollErrors++;
        firstPollError ??= error;
        await sleep(50);
        continue;
      }
      const now = performance.now();
      for (const job of jobs) {
        const sent = sentAt.get(job.instanceKey);
        if (sent === undefined) unmatched++;
        else {
          latency.add(now - sent);
          sentAt.delete(job.instanceKey);
        }
        const c = peer.complete(job).catch(() => undefined);
        completions.add(c);
        void c.finally(() => completions.delete(c));
      }
    }
  };
  const pollers = Array.from({ length: POLLERS }, poller);
  await sleep(50); // let the long-polls reach the engine

  const total = Math.min(staged.length, Math.round(rate * seconds));
  const driven = await openLoop({
    seconds: total / rate,
    rate,
    op: (i, scheduled) => {
      const job = staged[i];
      sentAt.set(job.instanceKey, scheduled);
      return peer.complete(job, { checked: true }).catch((error) => {
        sentAt.delete(job.instanceKey);
        throw error;
      });
    },
  });
  const drainUntil = performance.now() + DRAIN_MS;
  while (sentAt.size > 0 && performance.now() < drainUntil) await sleep(20);
  stopped = true;
  await Promise.all(pollers);
  await Promise.all(completions);
  return {
    rate,
    completed: driven.ok,
    completeErrors: driven.errors,
    firstError: driven.firstError ?? firstPollError,
    achieved: driven.achieved,
    saturatedAfter: driven.saturatedAfter,
    completeLatency: driven.latency,
    latency: latency.summary(),
    lost: sentAt.size,
    unmatched,
    pollErrors,
  };
}
