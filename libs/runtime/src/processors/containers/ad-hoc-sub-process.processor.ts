/**
 * Ad-hoc sub-process (`bpmn:adHocSubProcess`): a scope whose inner elements start when asked —
 * by its `activeElementsCollection` on activation, by its job worker's result (Camunda 8.8's
 * job-worker form, `zeebe:taskDefinition` on the sub-process), or from outside through the API.
 * Each time an inner flow ends, its `outputElement` joins the `outputCollection` and the
 * sub-process decides: the completion condition (met: complete, terminating what still runs
 * when `cancelRemainingInstances`), no condition (complete once nothing runs inside), or a new
 * job for the worker.
 */
import type { ElementDef } from '@osprey/bpmn';
import {
  activateInner,
  checkActivations,
  completeAdHoc,
  describeActivatableElements,
  innerFlowCompleting,
} from '../../behaviors/ad-hoc.behavior';
import { takeOutgoing } from '../../behaviors/flow.behavior';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { createJob } from '../../behaviors/job.behavior';
import { applyResultVariables, contextAt, propagateVariables } from '../../behaviors/variables.behavior';
import { CommandRejection } from '../../execute.contract';
import { evaluateList } from '../../feel/typed-values';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import { ok, type Outcome } from '../../util/outcome';
import type {
  ChildCompletion,
  CompletionOptions,
  ElementProcessor,
  OccurredEvent,
} from '../element-processor';

/** Processor of `subProcess` with `subProcessKind: 'adHoc'`. */
export class AdHocSubProcessProcessor implements ElementProcessor {
  /** Also called when an incident raised here is resolved: it evaluates again, then starts. */
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    describeActivatableElements(p, el, def);
    if (def.taskDefinition) return createJob(p, p.element(el.key)!, def);
    const collection = def.adHoc!.activeElementsCollection;
    if (!collection) return;
    const ids = evaluateList(collection, contextAt(p, el.key), p.now);
    if (!ids.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', ids.message, 'activate');
    const known = checkActivations(def, ids.value);
    if (!known.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', known.message, 'activate');
    activateInner(p, el, known.value.map((elementId) => ({ elementId })));
  }

  beforeChildCompleted(p: Processing, scope: ElementInstance, child: ElementInstance): Outcome<ChildCompletion> {
    // Only the end of an inner flow (an element with no way on) counts.
    if (p.def(child).outgoing.length > 0) return ok({});
    const met = innerFlowCompleting(p, scope, child);
    return met.ok ? ok({ completesScope: met.value }) : met;
  }

  onChildCompleted(
    p: Processing,
    scope: ElementInstance,
    child: ElementInstance,
    childDef: ElementDef,
    completion: ChildCompletion,
    opts: CompletionOptions,
  ): void {
    if (childDef.outgoing.length > 0) return takeOutgoing(p, child, childDef, opts);
    const def = p.def(scope);
    if (completion.completesScope) return completeAdHoc(p, scope, def.adHoc!.cancelRemainingInstances);
    if (def.taskDefinition) {
      // The worker decides what comes next; one job at a time.
      if (!scope.jobKey && !scope.incidentKey) createJob(p, scope, def);
      return;
    }
    if (!def.adHoc!.completionCondition) p.enqueue({ type: 'scope-check', scopeKey: scope.key });
  }

  /** The output collection goes out to the scopes around, as a multi-instance body's does. */
  onCompleting(p: Processing, el: ElementInstance, def: ElementDef): void {
    const name = def.adHoc!.outputCollection;
    if (!name || el.flowScopeKey === null) return;
    propagateVariables(p, el.flowScopeKey, { [name]: p.state.variables[el.key]?.[name] ?? [] });
  }

  /** The sub-process's own job completed: its result says what to start and whether it is done. */
  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    if (event.kind !== 'job-completed') return;
    applyResultVariables(p, el, def, event.variables);
    const result = event.result?.type === 'adHocSubProcess' ? event.result : undefined;
    const activations = result?.activateElements ?? [];
    const known = checkActivations(def, activations.map((a) => a.elementId));
    if (!known.ok) throw new CommandRejection('INVALID_ARGUMENT', known.message);
    const current = p.element(el.key)!;
    if (result?.isCompletionConditionFulfilled) {
      if (activations.length > 0) {
        throw new CommandRejection(
          'INVALID_ARGUMENT',
          `Expected a job result for ad-hoc sub-process '${def.id}' that either activates elements or fulfils the completion condition, but it does both`,
        );
      }
      return completeAdHoc(p, current, result.isCancelRemainingInstances ?? false);
    }
    activateInner(p, current, activations);
  }
}
