/** One element of a straight-line test process. */
export type Step =
  | { kind: 'start'; id: string; name?: string; formId?: string }
  | { kind: 'end'; id: string; name?: string }
  | { kind: 'service'; id: string; name: string; type: string; retries?: number }
  | { kind: 'call'; id: string; name: string; processId: string }
  | { kind: 'user'; id: string; name: string; candidateGroups?: string; formId?: string; dueDate?: string; followUpDate?: string; priority?: number; headers?: Record<string, string> };

/**
 * The BPMN XML (with diagram layout, so the browser can draw it) of a process whose steps follow
 * each other left to right, in the Camunda 8 dialect the modeler writes.
 */
export function linearProcess(id: string, name: string, steps: Step[]): string {
  let x = 160;
  const shapes: { id: string; x: number; y: number; w: number; h: number }[] = [];
  const body: string[] = [];
  steps.forEach((s, i) => {
    const event = s.kind === 'start' || s.kind === 'end';
    const w = event ? 36 : 100;
    const h = event ? 36 : 80;
    shapes.push({ id: s.id, x, y: event ? 182 : 160, w, h });
    x += w + 60;
    const incoming = i > 0 ? `<bpmn:incoming>Flow_${i}</bpmn:incoming>` : '';
    const outgoing = i < steps.length - 1 ? `<bpmn:outgoing>Flow_${i + 1}</bpmn:outgoing>` : '';
    const label = s.name ? ` name="${s.name}"` : '';
    switch (s.kind) {
      case 'start': {
        const form = s.formId ? `<bpmn:extensionElements><zeebe:formDefinition formId="${s.formId}" /></bpmn:extensionElements>` : '';
        body.push(`<bpmn:startEvent id="${s.id}"${label}>${form}${outgoing}</bpmn:startEvent>`);
        break;
      }
      case 'end':
        body.push(`<bpmn:endEvent id="${s.id}"${label}>${incoming}</bpmn:endEvent>`);
        break;
      case 'service':
        body.push(
          `<bpmn:serviceTask id="${s.id}"${label}><bpmn:extensionElements><zeebe:taskDefinition type="${s.type}" retries="${s.retries ?? 3}" /></bpmn:extensionElements>${incoming}${outgoing}</bpmn:serviceTask>`,
        );
        break;
      case 'call':
        body.push(
          `<bpmn:callActivity id="${s.id}"${label}><bpmn:extensionElements><zeebe:calledElement processId="${s.processId}" propagateAllChildVariables="false" /></bpmn:extensionElements>${incoming}${outgoing}</bpmn:callActivity>`,
        );
        break;
      case 'user': {
        const ext = [
          '<zeebe:userTask />',
          s.candidateGroups ? `<zeebe:assignmentDefinition candidateGroups="${s.candidateGroups}" />` : '',
          s.formId ? `<zeebe:formDefinition formId="${s.formId}" />` : '',
          s.dueDate || s.followUpDate ? `<zeebe:taskSchedule${s.dueDate ? ` dueDate="${s.dueDate}"` : ''}${s.followUpDate ? ` followUpDate="${s.followUpDate}"` : ''} />` : '',
          s.priority !== undefined ? `<zeebe:priorityDefinition priority="${s.priority}" />` : '',
          s.headers ? `<zeebe:taskHeaders>${Object.entries(s.headers).map(([k, v]) => `<zeebe:header key="${k}" value="${v}" />`).join('')}</zeebe:taskHeaders>` : '',
        ].join('');
        body.push(`<bpmn:userTask id="${s.id}"${label}><bpmn:extensionElements>${ext}</bpmn:extensionElements>${incoming}${outgoing}</bpmn:userTask>`);
        break;
      }
    }
  });
  const flows = steps.slice(1).map((s, i) => `<bpmn:sequenceFlow id="Flow_${i + 1}" sourceRef="${steps[i].id}" targetRef="${s.id}" />`);
  const di = [
    ...shapes.map((s) => `<bpmndi:BPMNShape id="${s.id}_di" bpmnElement="${s.id}"><dc:Bounds x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" /></bpmndi:BPMNShape>`),
    ...shapes.slice(1).map((t, i) => {
      const f = shapes[i];
      return `<bpmndi:BPMNEdge id="Flow_${i + 1}_di" bpmnElement="Flow_${i + 1}"><di:waypoint x="${f.x + f.w}" y="200" /><di:waypoint x="${t.x}" y="200" /></bpmndi:BPMNEdge>`;
    }),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${id}" name="${name}" isExecutable="true">
    ${[...body, ...flows].join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${id}">
    <bpmndi:BPMNPlane id="Plane_${id}" bpmnElement="${id}">
      ${di.join('\n      ')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** A form-js form: a required comment and an approval checkbox, linked by `formId`. */
export function reviewForm(formId: string): string {
  return JSON.stringify({
    type: 'default',
    id: formId,
    schemaVersion: 18,
    components: [
      { type: 'text', id: 'Intro', text: '## Review the expense' },
      { type: 'textfield', id: 'Field_comment', key: 'comment', label: 'Comment', validate: { required: true } },
      { type: 'checkbox', id: 'Field_approved', key: 'approved', label: 'Approved' },
    ],
  });
}

/** A start form: who asks and how much (a required number), linked by `formId`. */
export function requestForm(formId: string): string {
  return JSON.stringify({
    type: 'default',
    id: formId,
    schemaVersion: 18,
    components: [
      { type: 'textfield', id: 'Field_requester', key: 'requester', label: 'Requester', validate: { required: true } },
      { type: 'number', id: 'Field_amount', key: 'amount', label: 'Amount', validate: { required: true } },
    ],
  });
}
