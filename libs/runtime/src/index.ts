/**
 * `@osprey/runtime` — the pure BPMN interpreter: state + command → records.
 *
 * @example
 * ```ts
 * import { execute } from '@osprey/runtime';
 *
 * let key = 100;
 * const ctx = { now: Date.parse('2026-01-01T00:00:00Z'), nextKey: () => String(++key), graph };
 * const { state, records } = execute(null, {
 *   type: 'CREATE_INSTANCE', processInstanceKey: '1', processDefinitionKey: '2', version: 1,
 *   tenantId: '<default>', variables: { orderId: 'A-1' },
 * }, ctx);
 * // records: PROCESS ACTIVATING … SERVICE_TASK ACTIVATED, JOB CREATED
 * ```
 */
export * from './state';
export * from './records';
export * from './commands';
export * from './execute.contract';
export { execute } from './execute';
export { applyRecord, emptyState, rebuildState } from './appliers';
export { checkMigrationPlan, type MigrationPlan } from './migration/migration-plan';
export { firstTimerStartDue, nextCycleDue, scheduleTimer } from './timers/timer-start';
export {
  nextCycleInstant,
  parseCycle,
  scheduleCycle,
  scheduleDate,
  scheduleDuration,
  type Cycle,
  type TimerSchedule,
} from './timers/timer-schedule';
export { addDuration, parseIsoDuration, type IsoDuration } from './timers/iso-duration';
export { evaluateFeel, evaluateExpression } from './feel/feel-evaluator';
export { warmUpFeel } from './feel/feel-warm-up';
export { ScopeChainContext, type VariableContext } from './feel/variable-context';
export type { Outcome } from './util/outcome';
export { decisionFeel } from './decisions/decision-feel';
export type { DecisionBindingRequest, DecisionLookup, DeployedDecision } from './decisions/decision-lookup';
