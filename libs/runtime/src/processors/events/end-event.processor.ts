/**
 * End events.
 *
 * - none: completes; its scope completes once nothing else runs in it.
 * - terminate: completes, then terminates everything else in its scope, which then completes.
 * - error: throws its error (see `error.behavior.ts`); it is terminated with the scope that
 *   catches the error, or stops at an UNHANDLED_ERROR_EVENT incident.
 * - signal: broadcasts the signal, then completes.
 * - message with a job type: a job for a worker to send the message, then completes.
 * - escalation: throws the escalation (see `escalation.behavior.ts`), then completes unless
 *   an interrupting catcher terminated it; an uncaught escalation is not a failure.
 * - compensation: runs the compensation handlers of its scope as its children (see
 *   `compensation.behavior.ts`), then completes.
 * - cancel: terminates the rest of its transaction, compensates it like a compensation end
 *   event, then completes and the transaction ends on its cancel boundary event (see
 *   `transaction.behavior.ts`).
 */
import type { ElementDef } from '@osprey/bpmn';
import { throwError } from '../../behaviors/error.behavior';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import { takeOutgoing } from '../../behaviors/flow.behavior';
import { completeScopeEarly } from '../../behaviors/user-task-canceling.behavior';
import { cancelTransaction, takeCancelBoundary } from '../../behaviors/transaction.behavior';
import { contextAt } from '../../behaviors/variables.behavior';
import { evaluateString } from '../../feel/typed-values';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { CompletionOptions } from '../element-processor';
import { ThrowEventProcessor, throwCommonEvent } from './throw-event';

/** Processor of `endEvent`. */
export class EndEventProcessor extends ThrowEventProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    const ed = def.eventDefinition;
    switch (ed?.kind) {
      case 'error': {
        const code = ed.errorCode ? evaluateString(ed.errorCode, contextAt(p, el.key), p.now) : undefined;
        if (code && !code.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', code.message, 'activate');
        return throwError(p, el.key, code?.value ?? '', '', {}, { retry: 'activate' });
      }
      case 'cancel':
        return cancelTransaction(p, el, def);
      case 'terminate':
        return completeElement(p, el.key);
      default:
        return throwCommonEvent(p, el, def);
    }
  }

  onComplete(p: Processing, completed: ElementInstance, def: ElementDef, opts: CompletionOptions): void {
    if (def.eventDefinition?.kind === 'cancel') return takeCancelBoundary(p, completed);
    if (def.eventDefinition?.kind !== 'terminate' || completed.flowScopeKey === null) {
      return takeOutgoing(p, completed, def, opts);
    }
    // The scope ends COMPLETED, not TERMINATED: a terminate end event is a normal end.
    completeScopeEarly(p, completed.flowScopeKey);
  }
}
