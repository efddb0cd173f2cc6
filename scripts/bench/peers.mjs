// The engines a comparison drives, behind one small interface, so the same load generator and the
// same phases run against each: start an instance, activate (or fetch-and-lock) jobs, complete one.
//
//   peer.name                                   'Osprey' | 'Camunda 7'
//   peer.start(processId, n)                    → { instanceKey }
//   peer.activate({ type, max, lockMs, waitMs, worker }) → [{ jobKey, instanceKey, worker }]
//   peer.complete(job, variables)               → completes `job` (as returned by activate)
import { startBody } from './processes.mjs';

/** Osprey's `/v2` API (Camunda 8 shapes). */
export function ospreyPeer(api) {
  return {
    name: 'Osprey',
    api,
    start: async (processId, n) => {
      const r = await api.postJson('/v2/process-instances', startBody(processId, n));
      return { instanceKey: r.processInstanceKey };
    },
    activate: async ({ type, max, lockMs, waitMs, worker }) => {
      const { jobs } = await api.postJson('/v2/jobs/activation', {
        type,
        worker,
        maxJobsToActivate: max,
        timeout: lockMs,
        requestTimeout: waitMs,
      });
      return jobs.map((j) => ({ jobKey: j.jobKey, instanceKey: j.processInstanceKey, worker, attempt: j.attempt }));
    },
    // With the lease's attempt when the engine gave one: a completion from an older lease is refused.
    complete: (job, variables = {}) =>
      api.postJson(`/v2/jobs/${job.jobKey}/completion`, job.attempt ? { variables, attempt: job.attempt } : { variables }),
  };
}

/** Camunda 7's REST API (`/engine-rest`), external tasks for the service tasks. */
export function camunda7Peer(api) {
  /** Camunda 7 variables carry their type: `{ name: { value, type } }`. */
  const typed = (variables) =>
    Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [
        k,
        { value: v, type: typeof v === 'number' ? 'Integer' : typeof v === 'boolean' ? 'Boolean' : 'String' },
      ]),
    );
  return {
    name: 'Camunda 7',
    api,
    start: async (processId, n) => {
      const { variables } = startBody(processId, n);
      const r = await api.postJson(`/engine-rest/process-definition/key/${processId}/start`, {
        variables: typed(variables),
      });
      return { instanceKey: r.id };
    },
    activate: async ({ type, max, lockMs, waitMs, worker }) => {
      const tasks = await api.postJson('/engine-rest/external-task/fetchAndLock', {
        workerId: worker,
        maxTasks: max,
        usePriority: false,
        // Long polling (Camunda 7.8+): the answer waits up to this long for the first task.
        ...(waitMs > 0 ? { asyncResponseTimeout: waitMs } : {}),
        topics: [{ topicName: type, lockDuration: lockMs }],
      });
      return tasks.map((t) => ({ jobKey: t.id, instanceKey: t.processInstanceId, worker }));
    },
    complete: (job, variables = {}) =>
      api.postJson(`/engine-rest/external-task/${job.jobKey}/complete`, {
        workerId: job.worker,
        variables: typed(variables),
      }),
  };
}

/**
 * The machine's floor (`floor-server.mjs`): answers a start after one durable INSERT. It has no
 * jobs; it runs the open loops only.
 */
export function floorPeer(api) {
  return {
    name: 'floor',
    api,
    start: async (processId, n) => {
      const r = await api.postJson('/start', startBody(processId, n));
      return { instanceKey: r.processInstanceKey };
    },
  };
}
