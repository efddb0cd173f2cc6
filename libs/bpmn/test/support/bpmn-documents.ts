import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A `.bpmn` fixture beside the specs (compiled specs run from `dist/test`). */
export function fixture(name: string): string {
  return readFileSync(path.join(__dirname, '../../../test/fixtures', name), 'utf8');
}

/** A file of the repository's `processes/` folder. */
export function exampleProcess(name: string): string {
  return readFileSync(path.join(__dirname, '../../../../../processes', name), 'utf8');
}

/**
 * A minimal document around `processBody` (process id `p`, executable), with `rootElements`
 * (messages, errors, signals) after the process.
 */
export function processXml(processBody: string, rootElements = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    id="definitions" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">
${processBody}
  </bpmn:process>
${rootElements}
</bpmn:definitions>`;
}

/** A job type for a service-like task. */
export const job = (type = 'work'): string =>
  `<bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>`;

/** A message with a correlation key. */
export const message = (id: string, name: string, correlationKey = '=orderId'): string =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${correlationKey}" /></bpmn:extensionElements></bpmn:message>`;

/** A timer definition of one kind. */
export const timer = (kind: 'timeDate' | 'timeDuration' | 'timeCycle', value: string): string =>
  `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
