/**
 * The body of a multi-instance activity (`MULTI_INSTANCE_BODY`): the element instance a token
 * reaching the activity becomes. It evaluates the input collection while activating (a failure
 * is an incident, retried on resolution), holds the activity's boundary events and runs one
 * inner instance of the activity per element — all at once (parallel) or one after the other
 * (sequential). It completes when every inner instance has completed, or as soon as the
 * completion condition is met (the inner instances still running are terminated); with an
 * empty collection, at once. Variables: see `multi-instance.behavior.ts`.
 */
import type { ElementDef } from '@osprey/bpmn';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import {
  completeInner,
  initOutputCollection,
  innerInstanceStep,
  inputCollection,
  propagateOutputCollection,
} from '../../behaviors/multi-instance.behavior';
import { completeScopeEarly } from '../../behaviors/user-task-canceling.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance, JsonValue } from '../../state';
import { ok, type Outcome } from '../../util/outcome';
import type { Activating, ActivationOptions, ChildCompletion, ElementProcessor } from '../element-processor';

/** Processor of multi-instance bodies, whatever the activity. */
export class MultiInstanceBodyProcessor implements ElementProcessor {
  onActivating(p: Processing, body: ElementInstance, def: ElementDef): Outcome<Activating> {
    const items = inputCollection(p, body, def.loop!);
    if (!items.ok) return items;
    return ok({
      record: { numberOfInstances: items.value.length },
      options: { inputCollection: items.value },
    });
  }

  /** Also called when an incident on the body is resolved: it only starts what has not started. */
  onActivate(p: Processing, body: ElementInstance, def: ElementDef, opts: ActivationOptions): void {
    const loop = def.loop!;
    const mi = body.multiInstance!;
    initOutputCollection(p, body, loop, mi.numberOfInstances);
    if (mi.numberOfInstances === 0) return completeElement(p, body.key);
    if (loop.isSequential) {
      if (body.activeChildren === 0) startNext(p, p.element(body.key)!, def, opts.inputCollection);
      return;
    }
    if (mi.activated > 0) return;
    let items = opts.inputCollection;
    if (!items) {
      const evaluated = inputCollection(p, body, loop);
      if (!evaluated.ok) return raiseIncident(p, body, 'EXTRACT_VALUE_ERROR', evaluated.message, 'activate');
      items = evaluated.value;
    }
    const current = p.element(body.key)!;
    for (let i = 0; i < mi.numberOfInstances; i++)
      p.enqueue(innerInstanceStep(def, current, i, items[i] ?? null));
  }

  beforeChildCompleted(
    p: Processing,
    body: ElementInstance,
    child: ElementInstance,
  ): Outcome<ChildCompletion> {
    const met = completeInner(p, body, child);
    return met.ok ? ok({ completesScope: met.value }) : met;
  }

  onChildCompleted(
    p: Processing,
    body: ElementInstance,
    _child: ElementInstance,
    def: ElementDef,
    completion: ChildCompletion,
  ): void {
    const mi = body.multiInstance!;
    if (completion.completesScope) return completeScopeEarly(p, body.key);
    if (mi.activated < mi.numberOfInstances) {
      // Sequential: the next one. Parallel: the others are still on their way.
      if (def.loop!.isSequential) startNext(p, body, def);
      return;
    }
    if (body.activeChildren === 0) completeElement(p, body.key);
  }

  onCompleting(p: Processing, body: ElementInstance, def: ElementDef): void {
    propagateOutputCollection(p, body, def.loop!);
  }

  onTerminate(p: Processing, body: ElementInstance): void {
    p.pendingOutputCollections.delete(body.key);
  }
}

/** Starts the next sequential inner instance, evaluating the input collection again (as Camunda 8 does). */
function startNext(
  p: Processing,
  body: ElementInstance,
  def: ElementDef,
  items?: readonly JsonValue[],
): void {
  const mi = body.multiInstance!;
  if (mi.activated >= mi.numberOfInstances) return;
  let list = items;
  if (!list) {
    const evaluated = inputCollection(p, body, def.loop!);
    if (!evaluated.ok) return raiseIncident(p, body, 'EXTRACT_VALUE_ERROR', evaluated.message, 'activate');
    list = evaluated.value;
  }
  if (list.length <= mi.activated) {
    const message = `Expected the input collection of '${def.id}' to hold at least ${mi.activated + 1} elements, but it holds ${list.length}`;
    return raiseIncident(p, body, 'EXTRACT_VALUE_ERROR', message, 'activate');
  }
  p.enqueue(innerInstanceStep(def, body, mi.activated, list[mi.activated]!));
}
