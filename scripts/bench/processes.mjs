// The two processes the benchmark deploys: start → service task(s) → end.

/** Job types, one per service task. */
export const JOB_TYPES = { single: 'bench', first: 'bench-a', second: 'bench-b' };

/** Process ids. */
export const PROCESS_IDS = { oneTask: 'bench-one-task', twoTasks: 'bench-two-tasks' };

/**
 * BPMN XML of a process `id` whose service tasks have the given job types, in sequence.
 * `dialect` 'zeebe' (Osprey, Camunda 8) or 'camunda7' (external tasks with the type as topic).
 */
export function serviceTaskChain(id, name, types, dialect = 'zeebe') {
  const tasks = types.map((type, i) => ({ id: `Task_${i + 1}`, type }));
  const nodes = ['StartEvent_1', ...tasks.map((t) => t.id), 'EndEvent_1'];
  const flows = nodes.slice(1).map((target, i) => ({ id: `Flow_${i + 1}`, source: nodes[i], target }));
  const incoming = (node) =>
    flows.filter((f) => f.target === node).map((f) => `      <bpmn:incoming>${f.id}</bpmn:incoming>`);
  const outgoing = (node) =>
    flows.filter((f) => f.source === node).map((f) => `      <bpmn:outgoing>${f.id}</bpmn:outgoing>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" name="${name}" isExecutable="true"${dialect === 'camunda7' ? ' camunda:historyTimeToLive="P1D"' : ''}>
    <bpmn:startEvent id="StartEvent_1">
${outgoing('StartEvent_1').join('\n')}
    </bpmn:startEvent>
${tasks
  .map(
    (t) =>
      dialect === 'camunda7'
        ? `    <bpmn:serviceTask id="${t.id}" name="${t.type}" camunda:type="external" camunda:topic="${t.type}">
${[...incoming(t.id), ...outgoing(t.id)].join('\n')}
    </bpmn:serviceTask>`
        : `    <bpmn:serviceTask id="${t.id}" name="${t.type}">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${t.type}" retries="3" />
      </bpmn:extensionElements>
${[...incoming(t.id), ...outgoing(t.id)].join('\n')}
    </bpmn:serviceTask>`,
  )
  .join('\n')}
    <bpmn:endEvent id="EndEvent_1">
${incoming('EndEvent_1').join('\n')}
    </bpmn:endEvent>
${flows.map((f) => `    <bpmn:sequenceFlow id="${f.id}" sourceRef="${f.source}" targetRef="${f.target}" />`).join('\n')}
  </bpmn:process>
</bpmn:definitions>
`;
}

/** The deployment's resources, in `dialect` (see {@link serviceTaskChain}). */
export function benchResources(dialect = 'zeebe') {
  return [
    {
      name: 'bench-one-task.bpmn',
      content: serviceTaskChain(PROCESS_IDS.oneTask, 'Benchmark: one service task', [JOB_TYPES.single], dialect),
    },
    {
      name: 'bench-two-tasks.bpmn',
      content: serviceTaskChain(
        PROCESS_IDS.twoTasks,
        'Benchmark: two service tasks',
        [JOB_TYPES.first, JOB_TYPES.second],
        dialect,
      ),
    },
  ];
}

/**
 * The body of a start request: a couple of small business variables, the shape most starts
 * have (an id and an amount), so the variable path is exercised without dominating the cost.
 */
export function startBody(processDefinitionId, n) {
  return { processDefinitionId, variables: { orderId: `order-${n}`, amount: 100 + (n % 900) } };
}
