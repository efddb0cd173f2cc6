import type { JobResult, JsonValue, UserTaskJobResult } from '@osprey/runtime';
import { Body } from './body';

/** One inner element to start: `{ elementId, variables? }`. */
export interface AdHocElementActivation {
  readonly elementId: string;
  readonly variables?: Record<string, JsonValue>;
}

/** Reads `field` as a list of `{ elementId, variables? }`, reporting each bad entry on `b`. */
export function adHocActivations(b: Body, field: string): AdHocElementActivation[] {
  const raw = b.raw(field);
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    b.problem(`${field}: Expected an array of { elementId, variables }, but found ${typeof raw}`);
    return [];
  }
  return raw.flatMap((entry: unknown, i) => {
    const item = new Body(entry, `${field}[${i}]`);
    const elementId = item.string('elementId', { required: true });
    const variables = item.variables('variables');
    if (!b.absorb(item)) return [];
    return [{ elementId: elementId!, ...(variables ? { variables } : {}) }];
  });
}

/**
 * The `result` of a job completion (Camunda 8.8): an ad-hoc sub-process's job steers it
 * (`type: "adHocSubProcess"`), a user task listener's job may deny or correct
 * (`type: "userTask"`, the default as in Camunda's clients).
 */
export function jobResult(b: Body): JobResult | undefined {
  const raw = b.raw('result');
  if (raw === undefined || raw === null) return undefined;
  const r = new Body(raw, 'result');
  const type = r.string('type') ?? 'userTask';
  if (type === 'userTask') return userTaskResult(b, r);
  if (type !== 'adHocSubProcess') {
    b.problem(`result.type: Expected 'adHocSubProcess' or 'userTask', but found '${type}'`);
    return undefined;
  }
  const activateElements = adHocActivations(r, 'activateElements');
  const fulfilled = r.bool('isCompletionConditionFulfilled');
  const cancel = r.bool('isCancelRemainingInstances');
  b.absorb(r);
  return {
    type,
    activateElements,
    ...(fulfilled !== undefined ? { isCompletionConditionFulfilled: fulfilled } : {}),
    ...(cancel !== undefined ? { isCancelRemainingInstances: cancel } : {}),
  };
}

/** `{ type: "userTask", denied, deniedReason, corrections }`. */
function userTaskResult(b: Body, r: Body): UserTaskJobResult {
  const denied = r.bool('denied');
  const deniedReason = r.string('deniedReason');
  const corrections = r.variables('corrections');
  b.absorb(r);
  return {
    type: 'userTask',
    ...(denied !== undefined ? { denied } : {}),
    ...(deniedReason !== undefined ? { deniedReason } : {}),
    ...(corrections ? { corrections } : {}),
  };
}
