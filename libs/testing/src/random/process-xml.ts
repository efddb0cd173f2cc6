import type { FlatElement, FlatFlow, FlatProcess } from './flat-process';
import { DRIVER_VARIABLE, type Condition } from './process-tree';

/** The message name a message boundary event `boundaryId` waits for (one name per boundary). */
export function boundaryMessageName(boundaryId: string): string {
  return `msg_${boundaryId}`;
}

/** The correlation key every generated message subscription uses (variable `key` of the instance). */
export const CORRELATION_KEY = 'k';

/** The job type of generated service tasks. */
export const GENERATED_JOB_TYPE = 'generated-work';

/**
 * The differences between the two dialects a generated process is printed in; everything
 * else (ids, flows, nesting) is printed the same.
 */
interface Dialect {
  readonly namespaces: string;
  task(e: Extract<FlatElement, { type: 'task' }>): string;
  condition(c: Condition): string;
  message(boundaryId: string): string;
}

/**
 * Camunda 8 / Zeebe: FEEL conditions (`=x > 3`), `zeebe:userTask` user tasks, service tasks
 * with a `zeebe:taskDefinition`, messages correlated on `=key`.
 */
export function renderZeebeXml(process: FlatProcess): string {
  return render(process, {
    namespaces: 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
    task: (e) =>
      e.work === 'user'
        ? `<bpmn:userTask id="${e.id}"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>`
        : `<bpmn:serviceTask id="${e.id}"><bpmn:extensionElements><zeebe:taskDefinition type="${GENERATED_JOB_TYPE}" retries="3" /></bpmn:extensionElements></bpmn:serviceTask>`,
    condition: (c) => escapeXml(`=${DRIVER_VARIABLE} ${c.op} ${c.value}`),
    message: (b) =>
      `<bpmn:message id="Message_${b}" name="${boundaryMessageName(b)}"><bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements></bpmn:message>`,
  });
}

/** The comparison functions a {@link renderBpmnEngineXml} process calls, by operator. */
export const BPMN_ENGINE_COMPARISONS = { '=': 'eq', '<': 'lt', '>': 'gt' } as const;

/**
 * The dialect of the `bpmn-engine` package: conditions are expressions calling a comparison
 * service (`${environment.services.gt('x',3)}`, see {@link BPMN_ENGINE_COMPARISONS}) — its
 * expressions know property paths and calls but no operators, and script conditions would
 * need `vm`. Every task is a user task there (a wait state it signals), whatever the tree's work.
 */
export function renderBpmnEngineXml(process: FlatProcess): string {
  return render(process, {
    namespaces: '',
    task: (e) => `<bpmn:userTask id="${e.id}" />`,
    condition: (c) =>
      `\${environment.services.${BPMN_ENGINE_COMPARISONS[c.op]}('${DRIVER_VARIABLE}',${c.value})}`,
    message: (b) => `<bpmn:message id="Message_${b}" name="${boundaryMessageName(b)}" />`,
  });
}

function render(process: FlatProcess, dialect: Dialect): string {
  const messages = process.elements.flatMap((e) =>
    e.type === 'boundaryEvent' && e.trigger === 'message' ? [dialect.message(e.id)] : [],
  );
  const errors = process.elements.flatMap((e) =>
    e.type === 'errorEndEvent' ? [`<bpmn:error id="Error_${e.errorCode}" errorCode="${e.errorCode}" />`] : [],
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ${dialect.namespaces} id="defs_${process.processId}" targetNamespace="http://bpmn.io/schema/bpmn">`,
    ...messages,
    ...errors,
    `<bpmn:process id="${process.processId}" isExecutable="true">`,
    ...scope(process, undefined, dialect),
    '</bpmn:process>',
    '</bpmn:definitions>',
    '',
  ].join('\n');
}

/** The elements and flows of one scope (the process or a sub-process), sub-processes nested. */
function scope(process: FlatProcess, scopeId: string | undefined, dialect: Dialect): string[] {
  const inScope = new Set(process.elements.filter((e) => e.scope === scopeId).map((e) => e.id));
  const lines = process.elements.filter((e) => e.scope === scopeId).map((e) => element(process, e, dialect));
  for (const f of process.flows) if (inScope.has(f.source)) lines.push(flow(f, dialect));
  return lines;
}

function element(process: FlatProcess, e: FlatElement, dialect: Dialect): string {
  const dflt = 'default' in e && e.default ? ` default="${e.default}"` : '';
  switch (e.type) {
    case 'startEvent':
    case 'endEvent':
      return `<bpmn:${e.type} id="${e.id}" />`;
    case 'exclusiveGateway':
    case 'parallelGateway':
    case 'inclusiveGateway':
      return `<bpmn:${e.type} id="${e.id}"${dflt} />`;
    case 'task':
      return dialect.task(e);
    case 'subProcess':
      return [`<bpmn:subProcess id="${e.id}">`, ...scope(process, e.id, dialect), '</bpmn:subProcess>'].join(
        '\n',
      );
    case 'errorEndEvent':
      return `<bpmn:endEvent id="${e.id}"><bpmn:errorEventDefinition errorRef="Error_${e.errorCode}" /></bpmn:endEvent>`;
    case 'boundaryEvent':
      return `<bpmn:boundaryEvent id="${e.id}" attachedToRef="${e.attachedTo}" cancelActivity="${e.interrupting}">${boundaryDefinition(e)}</bpmn:boundaryEvent>`;
  }
}

function boundaryDefinition(e: Extract<FlatElement, { type: 'boundaryEvent' }>): string {
  switch (e.trigger) {
    case 'message':
      return `<bpmn:messageEventDefinition messageRef="Message_${e.id}" />`;
    case 'timer':
      // Drivers fire timers themselves; the duration only has to be valid in both dialects.
      return '<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';
    case 'error':
      return `<bpmn:errorEventDefinition errorRef="Error_${e.errorCode}" />`;
  }
}

function flow(f: FlatFlow, dialect: Dialect): string {
  if (!f.condition)
    return `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.source}" targetRef="${f.target}" />`;
  return `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.source}" targetRef="${f.target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${dialect.condition(f.condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
