/** Which processor runs which element type: one processor per BPMN element type. */
import type { ElementDef, ElementType } from '@osprey/bpmn';
import { isMultiInstanceBody } from '../processing/element-kinds';
import type { ElementInstance } from '../state';
import { AdHocSubProcessProcessor } from './containers/ad-hoc-sub-process.processor';
import { EventSubProcessProcessor } from './containers/event-sub-process.processor';
import { MultiInstanceBodyProcessor } from './containers/multi-instance-body.processor';
import { ProcessProcessor } from './containers/process.processor';
import { SubProcessProcessor } from './containers/sub-process.processor';
import type { ElementProcessor } from './element-processor';
import { BoundaryEventProcessor } from './events/boundary-event.processor';
import { EndEventProcessor } from './events/end-event.processor';
import { IntermediateCatchEventProcessor } from './events/intermediate-catch-event.processor';
import { IntermediateThrowEventProcessor } from './events/intermediate-throw-event.processor';
import { StartEventProcessor } from './events/start-event.processor';
import { EventBasedGatewayProcessor } from './gateways/event-based-gateway.processor';
import { ExclusiveGatewayProcessor } from './gateways/exclusive-gateway.processor';
import { InclusiveGatewayProcessor } from './gateways/inclusive-gateway.processor';
import { ParallelGatewayProcessor } from './gateways/parallel-gateway.processor';
import { BusinessRuleTaskProcessor } from './tasks/business-rule-task.processor';
import { CallActivityProcessor } from './tasks/call-activity.processor';
import { ManualTaskProcessor } from './tasks/manual-task.processor';
import { ReceiveTaskProcessor } from './tasks/receive-task.processor';
import { ScriptTaskProcessor } from './tasks/script-task.processor';
import { SendTaskProcessor } from './tasks/send-task.processor';
import { ServiceTaskProcessor } from './tasks/service-task.processor';
import { TaskProcessor } from './tasks/task.processor';
import { UserTaskProcessor } from './tasks/user-task.processor';
import { UnsupportedElementProcessor } from './unsupported.processor';

const PROCESSORS: Partial<Record<ElementType, ElementProcessor>> = {
  process: new ProcessProcessor(),
  subProcess: new SubProcessProcessor(),
  startEvent: new StartEventProcessor(),
  endEvent: new EndEventProcessor(),
  intermediateCatchEvent: new IntermediateCatchEventProcessor(),
  intermediateThrowEvent: new IntermediateThrowEventProcessor(),
  boundaryEvent: new BoundaryEventProcessor(),
  serviceTask: new ServiceTaskProcessor(),
  sendTask: new SendTaskProcessor(),
  businessRuleTask: new BusinessRuleTaskProcessor(),
  userTask: new UserTaskProcessor(),
  scriptTask: new ScriptTaskProcessor(),
  receiveTask: new ReceiveTaskProcessor(),
  manualTask: new ManualTaskProcessor(),
  task: new TaskProcessor(),
  exclusiveGateway: new ExclusiveGatewayProcessor(),
  parallelGateway: new ParallelGatewayProcessor(),
  inclusiveGateway: new InclusiveGatewayProcessor(),
  eventBasedGateway: new EventBasedGatewayProcessor(),
  callActivity: new CallActivityProcessor(),
};

const EVENT_SUB_PROCESS = new EventSubProcessProcessor();
const AD_HOC_SUB_PROCESS = new AdHocSubProcessProcessor();
const MULTI_INSTANCE_BODY = new MultiInstanceBodyProcessor();
const UNSUPPORTED = new UnsupportedElementProcessor();

/**
 * The processor of element instance `el` of `def`: the multi-instance body's, the event
 * sub-process's, or that of `def`'s type (types not supported yet raise an incident when
 * reached).
 */
export function processorFor(def: ElementDef, el: ElementInstance): ElementProcessor {
  if (isMultiInstanceBody(el)) return MULTI_INSTANCE_BODY;
  if (def.type === 'subProcess' && def.subProcessKind === 'event') return EVENT_SUB_PROCESS;
  if (def.type === 'subProcess' && def.subProcessKind === 'adHoc') return AD_HOC_SUB_PROCESS;
  return PROCESSORS[def.type] ?? UNSUPPORTED;
}
