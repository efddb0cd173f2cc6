import type { LintReport } from '@camunda/linting';

/**
 * Elements Osprey runs although Camunda 8 does not (see docs/bpmn-support.md): transaction
 * sub-processes, and cancel end and boundary events, reported by their event definition.
 */
const RUN_BY_OSPREY: ReadonlySet<string> = new Set(['bpmn:Transaction', 'bpmn:CancelEventDefinition']);

/**
 * True for a report of Camunda's element-type rule about an element Osprey runs. Camunda's
 * compatibility rules judge a diagram by what Camunda 8 runs, and their errors block
 * deployment here; these would block diagrams the engine accepts. Where such an element may
 * sit (a cancel end event directly inside a transaction, one cancel boundary event on it) the
 * engine checks when the diagram is deployed.
 */
export function isRunByOsprey(report: LintReport): boolean {
  if (report.rule !== 'camunda-compat/element-type') return false;
  const data = report.data;
  return RUN_BY_OSPREY.has(data?.node?.$type ?? '') || RUN_BY_OSPREY.has(data?.eventDefinition?.$type ?? '');
}
