/**
 * Intermediate throw events.
 *
 * - none: passes through.
 * - link: completes and activates the link catch event of the same name in the same scope.
 * - signal: broadcasts the signal, then completes.
 * - message with a job type: a job for a worker to send the message.
 * - escalation: throws the escalation (see `escalation.behavior.ts`), then passes through
 *   unless an interrupting catcher terminated it.
 * - compensation: runs the compensation handlers of its scope (see
 *   `compensation.behavior.ts`) as its children, then passes through.
 */
import type { ElementDef } from '@osprey/bpmn';
import {
  abandonCompensation,
  onHandlerCompleted,
  startCompensation,
} from '../../behaviors/compensation.behavior';
import { throwEscalation } from '../../behaviors/escalation.behavior';
import { takeOutgoing } from '../../behaviors/flow.behavior';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { createJob, onWorkCompleted } from '../../behaviors/job.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { CompletionOptions, ElementProcessor, OccurredEvent } from '../element-processor';
import { broadcastSignal } from './signal-broadcast';

/** Processor of `intermediateThrowEvent`. */
export class IntermediateThrowEventProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    const ed = def.eventDefinition;
    switch (ed?.kind) {
      case 'link':
        if (!linkTarget(p, def)) {
          return raiseIncident(
            p,
            el,
            'UNKNOWN',
            `Expected a link catch event named '${ed.linkName}' in the scope of '${def.id}', but there is none`,
            'activate',
          );
        }
        return completeElement(p, el.key);
      case 'signal':
        if (broadcastSignal(p, el, def)) completeElement(p, el.key);
        return;
      case 'message':
        if (def.taskDefinition) return createJob(p, el, def);
        return completeElement(p, el.key);
      case 'escalation':
        if (throwEscalation(p, el, def)) completeElement(p, el.key);
        return;
      case 'compensate':
        if (!startCompensation(p, el, def)) completeElement(p, el.key);
        return;
      default:
        return completeElement(p, el.key);
    }
  }

  onComplete(p: Processing, completed: ElementInstance, def: ElementDef, opts: CompletionOptions): void {
    const target = def.eventDefinition?.kind === 'link' ? linkTarget(p, def) : undefined;
    if (!target || completed.flowScopeKey === null) return takeOutgoing(p, completed, def, opts);
    // A link jumps without a sequence flow: no SEQUENCE_FLOW_TAKEN record.
    p.enqueue({ type: 'activate', elementId: target, flowScopeKey: completed.flowScopeKey });
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    onWorkCompleted(p, el, def, event);
  }

  onChildCompleted(p: Processing, scope: ElementInstance): void {
    onHandlerCompleted(p, scope);
  }

  onTerminate(p: Processing, el: ElementInstance, def: ElementDef): void {
    if (def.eventDefinition?.kind === 'compensate') abandonCompensation(p, el);
  }
}

function linkTarget(p: Processing, def: ElementDef): string | undefined {
  if (def.eventDefinition?.kind !== 'link') return undefined;
  return p.graph.graph.linkTargets.get(`${def.scopeId}/${def.eventDefinition.linkName}`);
}
