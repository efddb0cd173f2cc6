/** MIGRATE: the instance moves to another process definition (see `migration/migration-plan.ts`). */
import { closeEventSubscriptions, openScopeSubscriptions } from '../behaviors/event-subscription.behavior';
import { recordBase } from '../behaviors/records';
import type { MigrateInstanceCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import { checkMigrationPlan, isScopeSubscription } from '../migration/migration-plan';
import { GraphIndex } from '../processing/graph-index';
import type { Processing } from '../processing/processing';

/**
 * Checks the plan, then: closes the timers and subscriptions of boundary events and event
 * sub-processes (they belong to the source's model), writes PROCESS_INSTANCE_MIGRATION MIGRATED
 * (its applier renames the state), and opens the target's boundary and event sub-process
 * subscriptions for every ACTIVATED element. Jobs, user tasks and the element's own timers and
 * subscriptions stay as they are, renamed. `p.graph` is already the target's (see `execute`).
 *
 * @throws CommandRejection INVALID_ARGUMENT listing every problem when the plan does not hold,
 *   or when a target boundary event's expression cannot be evaluated
 */
export function migrateInstance(p: Processing, cmd: MigrateInstanceCommand): void {
  const target = p.ctx.targetGraph;
  if (!target) throw new Error('Expected a target graph in the context of MIGRATE, but none was given');
  const s = p.state;
  const plan = checkMigrationPlan(s, p.ctx.graph, target, cmd.mappingInstructions);
  if (plan.errors.length > 0) {
    throw new CommandRejection(
      'INVALID_ARGUMENT',
      `Expected instance '${s.processInstanceKey}' to be migratable to process definition '${cmd.targetProcessDefinitionKey}', but the plan has ${plan.errors.length} problem(s): ${plan.errors.join('; ')}`,
      plan.errors,
    );
  }
  const source = GraphIndex.of(p.ctx.graph);
  const live = Object.keys(s.elements);
  for (const key of live) {
    const el = p.element(key)!;
    closeEventSubscriptions(p, key, (event) => isScopeSubscription(source, el, event));
  }
  p.write({
    valueType: 'PROCESS_INSTANCE_MIGRATION',
    intent: 'MIGRATED',
    ...recordBase(p, s.processInstanceKey),
    value: {
      bpmnProcessId: target.processId,
      processDefinitionKey: cmd.targetProcessDefinitionKey,
      version: cmd.targetVersion,
      tenantId: s.tenantId,
      sourceBpmnProcessId: s.bpmnProcessId,
      sourceProcessDefinitionKey: s.processDefinitionKey,
      sourceVersion: s.version,
      mappingInstructions: cmd.mappingInstructions.map((m) => ({
        sourceElementId: m.sourceElementId,
        targetElementId: m.targetElementId,
      })),
      elementMapping: plan.elementMapping,
    },
  });
  for (const key of live) {
    const el = p.element(key);
    // ACTIVATING elements open theirs when their incident is resolved; interrupted scopes listen no more.
    if (el?.state !== 'ACTIVATED' || el.interruptedBy !== undefined) continue;
    const opened = openScopeSubscriptions(p, el, p.def(el));
    if (!opened.ok) {
      const problem = `Expected the events of target element '${el.elementId}' to open, but ${opened.message}`;
      throw new CommandRejection('INVALID_ARGUMENT', problem, [problem]);
    }
  }
}
