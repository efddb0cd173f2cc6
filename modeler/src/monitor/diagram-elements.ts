const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** BPMN element names that hold a token (the ones a modification or migration can name). */
const FLOW_NODE = /(Task|Event|Gateway|subProcess|SubProcess|callActivity|transaction)$/;

/** One flow node of a diagram: its id and, when it has one, its name. */
export interface FlowNode {
  id: string;
  name: string;
}

/** The flow nodes of a process's XML (start events too), in document order. */
export function flowNodes(xml: string | undefined): FlowNode[] {
  if (!xml) return [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return [];
  return Array.from(doc.getElementsByTagNameNS(BPMN, '*'))
    .filter((e) => FLOW_NODE.test(e.localName) && !e.localName.endsWith('EventDefinition') && e.getAttribute('id'))
    .map((e) => ({ id: e.getAttribute('id')!, name: e.getAttribute('name') || e.getAttribute('id')! }));
}
