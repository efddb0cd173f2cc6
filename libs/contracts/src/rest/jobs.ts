import { Type, type Static } from '@sinclair/typebox';
import { Key, Variables } from '../json';
import { DurationMs, Int32, Names, OperationReference, VariablesParam } from './common';
import type { RouteContract } from './route-contract';
import { searchRoute } from './search';

/** Camunda 8.8's job kinds: an element's work, an execution or task listener, an ad-hoc sub-process's decisions. */
export const JobKind = Type.Union([
  Type.Literal('BPMN_ELEMENT'),
  Type.Literal('EXECUTION_LISTENER'),
  Type.Literal('TASK_LISTENER'),
  Type.Literal('AD_HOC_SUB_PROCESS'),
]);

/** Camunda 8.8: the event a listener's job is for; `UNSPECIFIED` for other jobs. */
export const JobListenerEventType = Type.Union([
  Type.Literal('START'),
  Type.Literal('END'),
  Type.Literal('CREATING'),
  Type.Literal('ASSIGNING'),
  Type.Literal('UPDATING'),
  Type.Literal('COMPLETING'),
  Type.Literal('CANCELING'),
  Type.Literal('UNSPECIFIED'),
]);

/**
 * Camunda 8.8's job states, as job search answers and filters them: a job waiting for a worker or
 * held by one is `CREATED`, one whose lease ran out `TIMED_OUT`, one that failed `FAILED` (with
 * retries left too, until it completes), one with an uncaught BPMN error
 * `ERROR_THROWN`. Completed and canceled jobs leave the runtime tables, so search finds none.
 */
export const JobState = Type.Union([
  Type.Literal('CREATED'),
  Type.Literal('COMPLETED'),
  Type.Literal('FAILED'),
  Type.Literal('RETRIES_UPDATED'),
  Type.Literal('TIMED_OUT'),
  Type.Literal('CANCELED'),
  Type.Literal('ERROR_THROWN'),
  Type.Literal('MIGRATED'),
]);
export type JobState = Static<typeof JobState>;

/** `POST /v2/jobs/activation`: a long-poll for jobs of one type. */
export const ActivateJobsRequest = Type.Object({
  type: Type.String(),
  worker: Type.Optional(Type.String()),
  /** The lease, in ms. */
  timeout: DurationMs(1),
  maxJobsToActivate: Int32({ minimum: 1, maximum: 1000 }),
  fetchVariable: Type.Optional(Names),
  /** How long to wait for a job: 0 = the default 10 s, negative = answer at once. */
  requestTimeout: Type.Optional(DurationMs(-10 * 365 * 24 * 3600 * 1000)),
  tenantIds: Type.Optional(Names),
});
export type ActivateJobsRequest = Static<typeof ActivateJobsRequest>;

/** An activated job, as Camunda's API shows it. */
export const ActivatedJob = Type.Object({
  jobKey: Key,
  type: Type.String(),
  processInstanceKey: Key,
  processDefinitionKey: Key,
  processDefinitionId: Type.String(),
  processDefinitionVersion: Type.Integer(),
  elementId: Type.String(),
  elementInstanceKey: Key,
  /** The task headers; with tracing on, also `traceparent` (and `tracestate`). */
  customHeaders: Type.Record(Type.String(), Type.String()),
  worker: Type.String(),
  retries: Type.Integer(),
  /** When the lease ends, ms since the epoch. */
  deadline: Type.Integer(),
  variables: Variables,
  tenantId: Type.String(),
  /** Osprey: the lease's attempt number (fencing token); send it back with the answer. */
  attempt: Type.Integer({ minimum: 1 }),
  /** Camunda 8.8: an element's work, an execution or task listener, an ad-hoc sub-process's decisions. */
  kind: JobKind,
  /** Camunda 8.8: the event a listener's job is for; `UNSPECIFIED` for other jobs. */
  listenerEventType: JobListenerEventType,
  /**
   * Camunda 8.8: a user task listener's task, as the operation would leave it (the change asked
   * for, with the corrections of the listeners before); `changedAttributes` names what changes.
   */
  userTask: Type.Optional(
    Type.Object({
      userTaskKey: Type.Optional(Type.String()),
      action: Type.String(),
      assignee: Type.Optional(Type.String()),
      candidateGroups: Type.Array(Type.String()),
      candidateUsers: Type.Array(Type.String()),
      changedAttributes: Type.Array(Type.String()),
      dueDate: Type.Optional(Type.String()),
      followUpDate: Type.Optional(Type.String()),
      priority: Type.Optional(Type.Integer()),
    }),
  ),
});
export type ActivatedJob = Static<typeof ActivatedJob>;
export const ActivateJobsResponse = Type.Object({ jobs: Type.Array(ActivatedJob) });

/** The lease an answer belongs to: a completion from an older attempt is refused (409). */
const attempt = Type.Optional(Int32({ minimum: 1 }));

/** An inner element an ad-hoc sub-process's job result starts, with its local variables. */
export const ActivateElement = Type.Object({ elementId: Type.String(), variables: Type.Optional(VariablesParam) });

/**
 * Camunda 8.8's job `result`: an ad-hoc sub-process's job starts inner elements or completes it;
 * a user task listener's job denies the operation or corrects the task (`type` defaults to
 * `userTask`, as in Camunda's clients).
 */
export const JobResultParam = Type.Union([
  Type.Object({
    type: Type.Literal('adHocSubProcess'),
    activateElements: Type.Optional(Type.Array(ActivateElement)),
    isCompletionConditionFulfilled: Type.Optional(Type.Boolean()),
    isCancelRemainingInstances: Type.Optional(Type.Boolean()),
  }),
  Type.Object({
    type: Type.Optional(Type.Literal('userTask')),
    denied: Type.Optional(Type.Boolean()),
    deniedReason: Type.Optional(Type.String()),
    corrections: Type.Optional(VariablesParam),
  }),
]);

/** `POST /v2/jobs/{jobKey}/completion`. */
export const CompleteJobRequest = Type.Object({
  variables: Type.Optional(VariablesParam),
  attempt,
  result: Type.Optional(JobResultParam),
});
export type CompleteJobRequest = Static<typeof CompleteJobRequest>;

/** `POST /v2/jobs/{jobKey}/failure`: 0 retries left raises an incident. */
export const FailJobRequest = Type.Object({
  /** Retries left; 0 raises an incident. @default 0 */
  retries: Type.Optional(Int32({ minimum: 0 })),
  errorMessage: Type.Optional(Type.String()),
  /** Wait before the job can be activated again, in ms. @default 0 */
  retryBackOff: Type.Optional(DurationMs(0)),
  variables: Type.Optional(VariablesParam),
  attempt,
});
export type FailJobRequest = Static<typeof FailJobRequest>;

/** `POST /v2/jobs/{jobKey}/error`: a BPMN error thrown from the job's element. */
export const ThrowJobErrorRequest = Type.Object({
  errorCode: Type.String(),
  errorMessage: Type.Optional(Type.String()),
  variables: Type.Optional(VariablesParam),
  attempt,
});
export type ThrowJobErrorRequest = Static<typeof ThrowJobErrorRequest>;

/** `PATCH /v2/jobs/{jobKey}`: retries (operators) or the lease (the job's worker too). */
export const UpdateJobRequest = Type.Object({
  changeset: Type.Object({
    retries: Type.Optional(Int32({ minimum: 0 })),
    timeout: Type.Optional(DurationMs(1)),
  }),
  attempt,
  operationReference: OperationReference,
});
export type UpdateJobRequest = Static<typeof UpdateJobRequest>;

/** A job, as `POST /v2/jobs/search` returns it: Camunda 8.8's job search result. */
export const Job = Type.Object({
  jobKey: Key,
  type: Type.String(),
  state: JobState,
  kind: JobKind,
  listenerEventType: JobListenerEventType,
  retries: Type.Integer(),
  /** The worker that holds or last held the job; empty when none has. */
  worker: Type.String(),
  /** True once the job has failed with retries left. */
  hasFailedWithRetriesLeft: Type.Boolean(),
  /** The task headers of the job's element or listener. */
  customHeaders: Type.Record(Type.String(), Type.String()),
  /** When the current lease ends. */
  deadline: Type.Optional(Type.String({ format: 'date-time' })),
  errorMessage: Type.Optional(Type.String()),
  processInstanceKey: Key,
  elementInstanceKey: Key,
  elementId: Type.String(),
  processDefinitionId: Type.String(),
  processDefinitionKey: Key,
  tenantId: Type.String(),
});
export type Job = Static<typeof Job>;

const tag = 'Job';

export const ACTIVATE_JOBS: RouteContract = { method: 'post', path: '/v2/jobs/activation', tag, summary: 'Activate jobs (long-poll)', body: ActivateJobsRequest, response: ActivateJobsResponse };
export const SEARCH_JOBS = searchRoute('/v2/jobs/search', tag, 'Search jobs', Job);
export const COMPLETE_JOB: RouteContract = { method: 'post', path: '/v2/jobs/{jobKey}/completion', tag, summary: 'Complete a job', body: CompleteJobRequest, bodyRequired: false };
export const FAIL_JOB: RouteContract = { method: 'post', path: '/v2/jobs/{jobKey}/failure', tag, summary: 'Fail a job', body: FailJobRequest, bodyRequired: false };
export const THROW_JOB_ERROR: RouteContract = { method: 'post', path: '/v2/jobs/{jobKey}/error', tag, summary: 'Throw a BPMN error for a job', body: ThrowJobErrorRequest };
export const UPDATE_JOB: RouteContract = { method: 'patch', path: '/v2/jobs/{jobKey}', tag, summary: 'Update retries or extend the lease', body: UpdateJobRequest };

/** The routes of external workers (and of operators, for search and retries). */
export const JOB_ROUTES: readonly RouteContract[] = [ACTIVATE_JOBS, SEARCH_JOBS, COMPLETE_JOB, FAIL_JOB, THROW_JOB_ERROR, UPDATE_JOB];
