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
import { takeOutgoing } from '../../behaviors/flow.behavior';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { CompletionOptions } from '../element-processor';
import { ThrowEventProcessor, throwCommonEvent } from './throw-event';

/** Processor of `intermediateThrowEvent`. */
export class IntermediateThrowEventProcessor extends ThrowEventProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    const ed = def.eventDefinition;
    if (ed?.kind !== 'link') return throwCommonEvent(p, el, def);
    if (!linkTarget(p, def)) {
      return raiseIncident(
        p,
        el,
        'UNKNOWN',
        `Expected a link catch event named '${ed.linkName}' in the scope of '${def.id}', but there is none`,
        'activate',
      );
    }
    completeElement(p, el.key);
  }

  onComplete(p: Processing, completed: ElementInstance, def: ElementDef, opts: CompletionOptions): void {
    const target = def.eventDefinition?.kind === 'link' ? linkTarget(p, def) : undefined;
    if (!target || completed.flowScopeKey === null) return takeOutgoing(p, completed, def, opts);
    // A link jumps without a sequence flow: no SEQUENCE_FLOW_TAKEN record.
    p.enqueue({ type: 'activate', elementId: target, flowScopeKey: completed.flowScopeKey });
  }
}

function linkTarget(p: Processing, def: ElementDef): string | undefined {
  if (def.eventDefinition?.kind !== 'link') return undefined;
  return p.graph.graph.linkTargets.get(`${def.scopeId}/${def.eventDefinition.linkName}`);
}
