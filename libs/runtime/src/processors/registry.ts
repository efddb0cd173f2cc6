/** Which processor runs which element type: one processor per BPMN element type. */
import type { ElementDef, ElementType } from '@osprey/bpmn';
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
};

const UNSUPPORTED = new UnsupportedElementProcessor();

/** The processor of `def`'s type (types not supported yet raise an incident when reached). */
export function processorFor(def: ElementDef): ElementProcessor {
  return PROCESSORS[def.type] ?? UNSUPPORTED;
}
