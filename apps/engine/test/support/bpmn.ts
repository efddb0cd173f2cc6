import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a `.bpmn` / `.form` fixture kept beside the specs (`test/fixtures`). */
export function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../../test/fixtures', name), 'utf8');
}

/** Reads a file of `processes/` at the repository root. */
export function example(name: string): string {
  return readFileSync(join(__dirname, '../../../../../processes', name), 'utf8');
}

/** A minimal executable process: start → service task (`type`) → end. */
export function oneTaskProcess(processId: string, type: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="task" name="Work">
      <bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}
