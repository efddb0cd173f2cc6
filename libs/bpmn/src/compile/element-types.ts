import type { ElementType } from '../graph';

/** BPMN flow node types the compiler accepts, by moddle type. */
const FLOW_NODE_TYPES: Readonly<Record<string, ElementType>> = Object.freeze({
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:UserTask': 'userTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:Task': 'task',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  // A transaction is a sub-process with `subProcessKind: 'transaction'`.
  'bpmn:Transaction': 'subProcess',
  // An ad-hoc sub-process is a sub-process with `subProcessKind: 'adHoc'`.
  'bpmn:AdHocSubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
});

/** The graph type of a moddle flow node type, or `undefined` when the engine has none. */
export function elementTypeOf(moddleType: string): ElementType | undefined {
  return Object.hasOwn(FLOW_NODE_TYPES, moddleType) ? FLOW_NODE_TYPES[moddleType] : undefined;
}

const ACTIVITY_TYPES: ReadonlySet<ElementType> = new Set<ElementType>([
  'serviceTask',
  'sendTask',
  'businessRuleTask',
  'userTask',
  'scriptTask',
  'receiveTask',
  'manualTask',
  'task',
  'subProcess',
  'callActivity',
]);

const EVENT_TYPES: ReadonlySet<ElementType> = new Set<ElementType>([
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
]);

const GATEWAY_TYPES: ReadonlySet<ElementType> = new Set<ElementType>([
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
]);

export const isActivity = (type: ElementType): boolean => ACTIVITY_TYPES.has(type);
export const isEvent = (type: ElementType): boolean => EVENT_TYPES.has(type);
export const isGateway = (type: ElementType): boolean => GATEWAY_TYPES.has(type);

/** `serviceTask` → `service task`, for messages. */
export function describeElementType(type: ElementType): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
