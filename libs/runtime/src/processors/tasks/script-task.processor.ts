/**
 * Script task. With `zeebe:script` the engine evaluates the FEEL expression and stores the
 * result in `resultVariable` (local when the task has output mappings, else propagated like a
 * job's variables); no JavaScript ever runs. Without it, a job like a service task.
 */
import type { ElementDef } from '@osprey/bpmn';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { createJob, onWorkCompleted } from '../../behaviors/job.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import { applyResultVariables, contextAt } from '../../behaviors/variables.behavior';
import { evaluateExpression } from '../../feel/feel-evaluator';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor, OccurredEvent } from '../element-processor';

/** Processor of `scriptTask`. */
export class ScriptTaskProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    if (!def.script) return createJob(p, el, def);
    const result = evaluateExpression(def.script.expression, contextAt(p, el.key), p.now);
    if (!result.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', result.message, 'activate');
    applyResultVariables(p, el, def, { [def.script.resultVariable]: result.value });
    completeElement(p, el.key);
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    onWorkCompleted(p, el, def, event);
  }
}
