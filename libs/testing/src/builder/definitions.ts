/**
 * The builder's options written as the BPMN and Zeebe XML Camunda Modeler writes: event
 * definitions with their global messages, signals, errors and escalations, job definitions,
 * mappings and multi-instance characteristics. Only what an option states is written; every
 * default is the compiler's.
 */
import type { CallActivityOptions, EventOptions, JobOptions, Mappings, ModelValue, MultiInstanceOptions, UserTaskOptions } from './options';
import { element, extensionElements, formalExpression } from './xml';

/** A model value as written in XML: numbers as their digits, strings as they are (`=…` is FEEL). */
export function value(v: ModelValue): string {
  return String(v);
}

/** A FEEL expression with its leading `=` (conditions may be given without it). */
export function feel(v: string): string {
  return v.startsWith('=') ? v : `=${v}`;
}

/** The global elements (`bpmn:message`, `bpmn:signal`, `bpmn:error`, `bpmn:escalation`) events refer to. */
export class GlobalElements {
  private readonly byKey = new Map<string, { id: string; xml: string }>();

  /** The id of the global element `tag` with these attributes and children, written once. */
  ref(tag: string, prefix: string, attributes: Record<string, string | undefined>, children: readonly string[] = []): string {
    const key = JSON.stringify([tag, attributes, children]);
    const known = this.byKey.get(key);
    if (known) return known.id;
    const id = `${prefix}_${this.byKey.size + 1}`;
    this.byKey.set(key, { id, xml: element(tag, { id, ...attributes }, children) });
    return id;
  }

  /** The XML of every global element, in the order they were first referred to. */
  xml(): string[] {
    return [...this.byKey.values()].map((g) => g.xml);
  }
}

/** A `bpmn:message` with its correlation key (`zeebe:subscription`). */
export function messageRef(globals: GlobalElements, message: { name: ModelValue; correlationKey?: ModelValue }): string {
  const subscription =
    message.correlationKey === undefined ? [] : [element('zeebe:subscription', { correlationKey: value(message.correlationKey) })];
  return globals.ref('bpmn:message', 'Message', { name: value(message.name) }, extensionElements(subscription));
}

/** The event definition `opts` describes, as XML (none for a none event). */
export function eventDefinition(opts: EventOptions, globals: GlobalElements): string[] {
  if (opts.message) return [element('bpmn:messageEventDefinition', { messageRef: messageRef(globals, opts.message) })];
  if (opts.timer) {
    const t = opts.timer;
    const body =
      t.date !== undefined
        ? formalExpression('bpmn:timeDate', value(t.date))
        : t.duration !== undefined
          ? formalExpression('bpmn:timeDuration', value(t.duration))
          : formalExpression('bpmn:timeCycle', value(t.cycle ?? ''));
    return [element('bpmn:timerEventDefinition', {}, [body])];
  }
  if (opts.signal !== undefined) {
    const signalRef = globals.ref('bpmn:signal', 'Signal', { name: value(opts.signal) });
    return [element('bpmn:signalEventDefinition', { signalRef })];
  }
  if (opts.error !== undefined) {
    const errorRef = opts.error === null ? undefined : globals.ref('bpmn:error', 'Error', { errorCode: value(opts.error) });
    return [element('bpmn:errorEventDefinition', { errorRef })];
  }
  if (opts.escalation !== undefined) {
    const escalationRef =
      opts.escalation === null ? undefined : globals.ref('bpmn:escalation', 'Escalation', { escalationCode: value(opts.escalation) });
    return [element('bpmn:escalationEventDefinition', { escalationRef })];
  }
  if (opts.terminate) return [element('bpmn:terminateEventDefinition')];
  if (opts.link !== undefined) return [element('bpmn:linkEventDefinition', { name: opts.link })];
  if (opts.compensate !== undefined) {
    return [element('bpmn:compensateEventDefinition', { activityRef: opts.compensate === true ? undefined : opts.compensate })];
  }
  return [];
}

/** `zeebe:taskDefinition` and `zeebe:taskHeaders` of a job. */
export function jobExtensions(job: JobOptions | undefined): string[] {
  if (!job) return [];
  const headers = Object.entries(job.headers ?? {}).map(([key, v]) => element('zeebe:header', { key, value: v }));
  return [
    element('zeebe:taskDefinition', { type: value(job.type), retries: job.retries === undefined ? undefined : value(job.retries) }),
    ...(headers.length > 0 ? [element('zeebe:taskHeaders', {}, headers)] : []),
  ];
}

/** `zeebe:ioMapping`, inputs and outputs in key order. */
export function ioMapping(inputs: Mappings | undefined, outputs: Mappings | undefined): string[] {
  const parameters = (tag: string, m: Mappings | undefined) =>
    Object.entries(m ?? {}).map(([target, source]) => element(tag, { source: value(source), target }));
  const all = [...parameters('zeebe:input', inputs), ...parameters('zeebe:output', outputs)];
  return all.length === 0 ? [] : [element('zeebe:ioMapping', {}, all)];
}

/** `bpmn:multiInstanceLoopCharacteristics` with its `zeebe:loopCharacteristics`. */
export function loopCharacteristics(mi: MultiInstanceOptions | undefined): string[] {
  if (!mi) return [];
  const zeebe = element('zeebe:loopCharacteristics', {
    inputCollection: feel(mi.inputCollection),
    inputElement: mi.inputElement,
    outputCollection: mi.outputCollection,
    outputElement: mi.outputElement === undefined ? undefined : feel(mi.outputElement),
  });
  const completion = mi.completionCondition ? [formalExpression('bpmn:completionCondition', feel(mi.completionCondition))] : [];
  return [
    element('bpmn:multiInstanceLoopCharacteristics', { isSequential: mi.sequential }, [...extensionElements([zeebe]), ...completion]),
  ];
}

/** `zeebe:userTask` and its assignment, schedule, form and priority (none for a job-based user task). */
export function userTaskExtensions(opts: UserTaskOptions): string[] {
  if (opts.jobBased) return [];
  const v = (m: ModelValue | undefined) => (m === undefined ? undefined : value(m));
  const parts = [element('zeebe:userTask')];
  if (opts.assignee !== undefined || opts.candidateGroups !== undefined || opts.candidateUsers !== undefined) {
    parts.push(
      element('zeebe:assignmentDefinition', {
        assignee: v(opts.assignee),
        candidateGroups: v(opts.candidateGroups),
        candidateUsers: v(opts.candidateUsers),
      }),
    );
  }
  if (opts.dueDate !== undefined || opts.followUpDate !== undefined) {
    parts.push(element('zeebe:taskSchedule', { dueDate: v(opts.dueDate), followUpDate: v(opts.followUpDate) }));
  }
  if (opts.formKey || opts.formId) parts.push(element('zeebe:formDefinition', { formKey: opts.formKey, formId: opts.formId }));
  if (opts.priority !== undefined) parts.push(element('zeebe:priorityDefinition', { priority: v(opts.priority) }));
  return parts;
}

/** `zeebe:calledElement` of a call activity. */
export function calledElement(opts: CallActivityOptions): string[] {
  return [
    element('zeebe:calledElement', {
      processId: value(opts.processId),
      bindingType: opts.bindingType,
      versionTag: opts.versionTag,
      propagateAllChildVariables: opts.propagateAllChildVariables,
      propagateAllParentVariables: opts.propagateAllParentVariables,
    }),
  ];
}
