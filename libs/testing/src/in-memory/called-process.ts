/**
 * Which deployed process a call activity's child runs, as the store resolves it from a
 * CHILD_INSTANCE CREATED record: the latest version of the called process id, the version
 * deployed together with the caller (`deployment`), or the latest version with the version
 * tag (`versionTag`).
 */
import type { ChildInstanceRecord, Outcome } from '@osprey/runtime';
import type { DeployedProcess } from '../in-memory-engine';

/**
 * The definition the child of `request` runs, or why there is none.
 *
 * @param versions every deployed version of the called process id, oldest first
 * @param caller the definition of the calling instance
 */
export function resolveCalledProcess(
  request: ChildInstanceRecord['value'],
  versions: readonly DeployedProcess[],
  caller: DeployedProcess,
): Outcome<DeployedProcess> {
  const id = request.calledProcessId;
  const latest = (candidates: readonly DeployedProcess[]) => candidates[candidates.length - 1];
  switch (request.bindingType) {
    case 'latest': {
      const found = latest(versions);
      return found
        ? { ok: true, value: found }
        : fail(`Expected process with BPMN process id '${id}' to be deployed, but not found.`);
    }
    case 'deployment': {
      const found = versions.find((v) => v.deploymentKey === caller.deploymentKey);
      return found
        ? { ok: true, value: found }
        : fail(
            `Expected process with BPMN process id '${id}' to be deployed with the calling process (deployment '${caller.deploymentKey}'), but not found.`,
          );
    }
    case 'versionTag': {
      const found = latest(versions.filter((v) => v.graph.versionTag === request.versionTag));
      return found
        ? { ok: true, value: found }
        : fail(
            `Expected process with BPMN process id '${id}' and version tag '${request.versionTag}' to be deployed, but not found.`,
          );
    }
  }
}

function fail(message: string): Outcome<DeployedProcess> {
  return { ok: false, message };
}
