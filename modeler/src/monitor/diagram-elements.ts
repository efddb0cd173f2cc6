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

/**
 * The inner elements an operator may start in ad-hoc sub-process `adHocId`: its direct flow
 * nodes without incoming flows, as Camunda 8 allows; none when `adHocId` is not one.
 */
export function adHocActivities(xml: string | undefined, adHocId: string): FlowNode[] {
  if (!xml) return [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const adHoc = Array.from(doc.getElementsByTagNameNS(BPMN, 'adHocSubProcess')).find((e) => e.getAttribute('id') === adHocId);
  if (!adHoc) return [];
  return Array.from(adHoc.children)
    .filter((e) => e.namespaceURI === BPMN && FLOW_NODE.test(e.localName) && !/^(startEvent|boundaryEvent)$/.test(e.localName))
    .filter((e) => e.getAttribute('id') && !Array.from(e.children).some((c) => c.localName === 'incoming'))
    .map((e) => ({ id: e.getAttribute('id')!, name: e.getAttribute('name') || e.getAttribute('id')! }));
}
