import { schemaVersion } from '@bpmn-io/form-js-viewer';

/**
 * The XML of a new, empty executable process. The `modeler:executionPlatform` attributes tell
 * the linter (and Camunda Modeler) which rule set applies: Camunda 8.8, the dialect Osprey runs.
 */
export function newDiagramXml(processId = `Process_${randomId()}`, name = 'New process'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${randomId()}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Osprey" exporterVersion="0.1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" name="${escapeXml(name)}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="Start" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="186" y="203" width="24" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** A form-js schema with no fields yet, whose `id` is the one user tasks link to. */
export function newFormSchema(formId: string): Record<string, unknown> {
  return { type: 'default', id: formId, schemaVersion, executionPlatform: 'Camunda Cloud', executionPlatformVersion: '8.8.0', components: [] };
}

function randomId(): string {
  return Math.random().toString(36).slice(2, 9);
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
